package bpf

import (
	"errors"
	"fmt"
)

// ErrNotSupported is wrapped by every NotSupportedError, so callers can
// test with errors.Is whether a failure is a missing kernel feature.
var ErrNotSupported = errors.New("not supported")

// A NotSupportedError names a kernel feature that probing needs and the
// kernel (or the process's privileges) lacks, with what would provide
// it: never a bare EPERM.
type NotSupportedError struct {
	Feature string // "kprobes", "kernel BTF (/sys/kernel/btf/vmlinux)"
	// Config is the kernel option that provides it ("CONFIG_KPROBES=y");
	// Capability the capability that allows it ("CAP_BPF"). Either may
	// be empty.
	Config, Capability string
	// Version is the first Linux version with the feature, "" if old.
	Version string
	// Hint says what to do instead, when there is something.
	Hint string
	Err  error
}

func (e *NotSupportedError) Error() string {
	msg := e.Feature + " not available"
	var needs []string
	if e.Config != "" {
		needs = append(needs, e.Config)
	}
	if e.Capability != "" {
		needs = append(needs, e.Capability)
	}
	if e.Version != "" {
		needs = append(needs, "Linux "+e.Version+" or later")
	}
	for i, n := range needs {
		if i == 0 {
			msg += ": needs " + n
		} else {
			msg += ", " + n
		}
	}
	if e.Err != nil {
		msg += fmt.Sprintf(" (%v)", e.Err)
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unwrap gives ErrNotSupported and the underlying error.
func (e *NotSupportedError) Unwrap() []error { return []error{ErrNotSupported, e.Err} }
