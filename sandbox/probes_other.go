//go:build !linux

package sandbox

import (
	"errors"
	"syscall"
)

func unsupported(string) error { return errors.ErrUnsupported }

var (
	openSocket    = unsupported
	execShell     = unsupported
	startProcess  = unsupported
	ptracePeek    = unsupported
	memfdCreate   = unsupported
	userfaultfd   = unsupported
	processVMRead = unsupported
	bpfMapCreate  = unsupported
)

func errnoName(e syscall.Errno) string { return e.Error() }
