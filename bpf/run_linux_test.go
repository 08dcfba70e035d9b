package bpf

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestResolveAttach: auto takes fentry where the kernel and function
// allow it and says why not elsewhere; forced modes are obeyed or
// refused with the reason; kprobed functions share a kprobe.multi link
// where the kernel has one, but only those ftrace lists.
func TestResolveAttach(t *testing.T) {
	typed := FuncProbe{Typed: true, RetSize: 8, RetSigned: true}
	fn := func(name string, typedFn bool) FuncProbe {
		f := FuncProbe{Name: name, RetSize: 8, RetSigned: true}
		if typedFn {
			f = typed
			f.Name = name
		}
		return f
	}
	target := &Target{Ftrace: map[string]bool{"vfs_read": true, "untyped": true, "do_sys_openat2": true}}
	all := &attachCaps{}
	noFentry := &attachCaps{fentry: &NotSupportedError{Feature: "fentry/fexit (BPF trampolines)"}}
	noMulti := &attachCaps{multi: ErrNotSupported}
	noKprobes := &attachCaps{kprobes: ErrNotSupported, multi: ErrNotSupported}
	for _, c := range []struct {
		name  string
		mode  AttachMode
		caps  *attachCaps
		funcs []FuncProbe
		want  string // modes, or the error
		warn  string
	}{
		{"auto", AttachAuto, noMulti, []FuncProbe{fn("vfs_read", true), fn("untyped", false), fn("notrace_fn", true)}, "fentry kprobe kprobe",
			"untyped: kprobe, not fentry: no BTF prototype for it\nnotrace_fn: kprobe, not fentry: not in available_filter_functions (notrace, inlined, or a clone)\n"},
		{"auto-multi", AttachAuto, all, []FuncProbe{fn("vfs_read", true), fn("untyped", false), fn("notrace_fn", true), fn("x", false)}, "fentry kprobe kprobe kprobe",
			"untyped: kprobe, not fentry: no BTF prototype for it\nnotrace_fn: kprobe, not fentry: not in available_filter_functions (notrace, inlined, or a clone)\nx: kprobe, not fentry: no BTF prototype for it\n"},
		{"auto-multi-two", AttachAuto, all, []FuncProbe{fn("untyped", false), fn("do_sys_openat2", false), fn("notrace_fn", false)}, "kprobe.multi kprobe.multi kprobe",
			"untyped: kprobe, not fentry: no BTF prototype for it\ndo_sys_openat2: kprobe, not fentry: no BTF prototype for it\nnotrace_fn: kprobe, not fentry: no BTF prototype for it\n"},
		{"auto-no-fentry", AttachAuto, noFentry, []FuncProbe{fn("vfs_read", true)}, "kprobe", ""},
		{"kprobe", AttachKprobe, noMulti, []FuncProbe{fn("vfs_read", true), fn("do_sys_openat2", true)}, "kprobe kprobe", ""},
		{"kprobe-multi", AttachKprobe, all, []FuncProbe{fn("vfs_read", true), fn("do_sys_openat2", true)}, "kprobe.multi kprobe.multi", ""},
		{"fentry", AttachFentry, noKprobes, []FuncProbe{fn("vfs_read", true)}, "fentry", ""},
		{"fentry-untraceable", AttachFentry, all, []FuncProbe{fn("vfs_read", true), fn("notrace_fn", true)}, "--attach fentry: notrace_fn: not in available_filter_functions (notrace, inlined, or a clone)", ""},
		{"fentry-unsupported", AttachFentry, noFentry, []FuncProbe{fn("vfs_read", true)}, "fentry/fexit (BPF trampolines) not available", ""},
		{"nothing-works", AttachAuto, noKprobes, []FuncProbe{fn("untyped", false)}, "untyped: no way to attach: fentry: no BTF prototype for it; kprobes: not supported", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var warn bytes.Buffer
			funcs := append([]FuncProbe(nil), c.funcs...)
			err := resolveAttach(funcs, c.mode, c.caps, target, &warn)
			var got []string
			for _, f := range funcs {
				got = append(got, string(f.Attach))
			}
			s := strings.Join(got, " ")
			if err != nil {
				s = err.Error()
			}
			if s != c.want || warn.String() != c.warn {
				t.Fatalf("got %q, warned %q\nwant %q, %q", s, warn.String(), c.want, c.warn)
			}
			var ns *NotSupportedError
			if c.name == "fentry-unsupported" && !errors.As(err, &ns) {
				t.Fatalf("%T, want *NotSupportedError", err)
			}
		})
	}
}

// kernelConfig reads the running kernel's configuration from
// /boot/config-RELEASE (make test-vm puts
// it in the guest); nil when there is none.
func kernelConfig() []byte {
	b, err := os.ReadFile("/boot/config-" + kernelRelease())
	if err != nil {
		return nil
	}
	return b
}

// TestAttachSupportIsTruthful holds the feature probes to the kernel's
// configuration: kprobe.multi is found exactly when CONFIG_FPROBE=y,
// and fentry is found where the kernel has BPF trampolines, unless
// something outside the kernel's configuration refuses it (EPERM from
// a security policy, said so in the error).
func TestAttachSupportIsTruthful(t *testing.T) {
	requireProbing(t)
	cfg := kernelConfig()
	if cfg == nil {
		t.Skip("no /boot/config-" + kernelRelease())
	}
	has := func(opt string) bool { return bytes.Contains(cfg, []byte("\n"+opt+"=y\n")) }
	fprobe := has("CONFIG_FPROBE") && has("CONFIG_KPROBES")
	multi := kprobeMultiSupported()
	t.Logf("CONFIG_FPROBE=y: %v; kprobe.multi: %v", fprobe, multi)
	if fprobe != (multi == nil) {
		t.Errorf("kprobe.multi %v on a kernel with CONFIG_FPROBE=y %v", multi, fprobe)
	}
	tramp := has("CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS") && has("CONFIG_DEBUG_INFO_BTF") && has("CONFIG_BPF_JIT")
	fentry := fentrySupported()
	t.Logf("trampolines configured: %v; fentry: %v", tramp, fentry)
	switch {
	case fentry == nil && !tramp:
		t.Error("fentry works on a kernel configured without trampolines")
	case fentry != nil && tramp && !strings.Contains(fentry.Error(), "refused"):
		t.Errorf("fentry reported missing on a kernel configured for it: %v", fentry)
	}
}
