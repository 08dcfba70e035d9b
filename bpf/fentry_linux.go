package bpf

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/features"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

// fentryConfig is what a kernel needs for fentry/fexit on x86-64.
const fentryConfig = "CONFIG_DEBUG_INFO_BTF=y, CONFIG_BPF_JIT=y and CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y"

// fentrySupported says whether fentry/fexit work here, by doing it once:
// an fexit program that reads the return value with bpf_get_func_ret
// (Linux 5.17), loaded and attached to vfs_read. Kernels without BPF
// trampolines, without the helper, with lockdown in confidentiality
// mode, or whose BTF the loader cannot read all fail here, before the
// workload starts, and not half way through attaching. The answer is
// kept: it does not change while go-edit runs.
var fentrySupported = sync.OnceValue(func() error {
	if _, err := os.Stat(KernelBTF); err != nil {
		return &NotSupportedError{Feature: "fentry/fexit", Config: "CONFIG_DEBUG_INFO_BTF=y", Version: "5.5", Err: err}
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Type: ebpf.Tracing, AttachType: ebpf.AttachTraceFExit, AttachTo: "vfs_read", License: "Dual MIT/GPL",
		Instructions: asm.Instructions{
			asm.Mov.Imm(asm.R2, 0),
			asm.StoreMem(asm.RFP, -8, asm.R2, asm.DWord),
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, -8),
			asm.FnGetFuncRet.Call(),
			asm.Mov.Imm(asm.R0, 0),
			asm.Return(),
		},
	})
	if err != nil {
		return fentryUnsupported(err)
	}
	defer prog.Close()
	l, err := link.AttachTracing(link.TracingOptions{Program: prog, AttachType: ebpf.AttachTraceFExit})
	if err != nil {
		return fentryUnsupported(err)
	}
	return l.Close()
})

// fentryUnsupported names what a failed fentry load or attach lacked.
func fentryUnsupported(err error) error {
	ns := &NotSupportedError{Feature: "fentry/fexit (BPF trampolines)", Err: err}
	var ve *ebpf.VerifierError
	switch {
	case errors.As(err, &ve):
		// A kernel before 5.17 does not know bpf_get_func_ret.
		ns.Version, ns.Err = "5.17", errors.New(firstLine(ve.Error()))
	case lockedDown():
		ns.Hint = "kernel lockdown (confidentiality) forbids tracing programs; use --attach kprobe or boot with lockdown=none"
	case errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES):
		// cilium/ebpf's suggestion to raise RLIMIT_MEMLOCK does not
		// apply: Supported has lifted it.
		ns.Err = nil
		ns.Hint = "the kernel refused a tracing program (EPERM) although go-edit has CAP_BPF and CAP_PERFMON: a security module or the container's policy blocks it; --attach kprobe may still work"
	default:
		ns.Config, ns.Version = fentryConfig, "5.5"
	}
	return ns
}

// fentryError explains why function fn's fentry or fexit program could
// not be loaded or attached.
func fentryError(fn string, err error) error {
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("fentry %s: not in the kernel's BTF (inlined, static and unused, or a module's): %w", fn, err)
	}
	if errors.Is(err, ebpf.ErrNotSupported) && fentrySupported() == nil {
		// fentry works here, only not on this function: cilium/ebpf
		// says so when BTF lacks it.
		return fmt.Errorf("fentry %s: the kernel cannot attach fentry to it (not in its BTF?): %w", fn, err)
	}
	if errors.Is(err, ebpf.ErrNotSupported) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, unix.EOPNOTSUPP) {
		return fentryUnsupported(err)
	}
	return fmt.Errorf("fentry %s: %w", fn, err)
}

// lockedDown reports whether kernel lockdown is in confidentiality mode
// ("none integrity [confidentiality]").
func lockedDown() bool {
	b, err := os.ReadFile("/sys/kernel/security/lockdown")
	return err == nil && strings.Contains(string(b), "[confidentiality]")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// kprobeMultiSupported says whether one link can attach a kprobe
// program to many functions (kprobe.multi: CONFIG_FPROBE, Linux 5.18).
func kprobeMultiSupported() error {
	if err := features.HaveBPFLinkKprobeMulti(); err != nil {
		return &NotSupportedError{Feature: "kprobe.multi links", Config: "CONFIG_FPROBE=y", Version: "5.18", Err: err}
	}
	return nil
}
