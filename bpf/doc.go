// Package bpf checks a patch against a kernel and watches its code run,
// with eBPF through github.com/cilium/ebpf (no clang, bpftrace or kernel
// headers at run time).
//
// As in cilium/ebpf, a deterministic layer is kept apart from the one
// that touches the kernel:
//
//   - Planning, pure: Analyze and ParsePlan read a unified diff into a
//     Plan (the functions whose bodies it changes, the functions it adds
//     calls to, the struct members it uses); Check compares a Plan with a
//     Target's BTF and symbols and returns compiler-style Findings;
//     ProbeSpec.CollectionSpec builds the BPF programs (cilium/ebpf/asm)
//     and maps for a set of probes; ParseFormat reads tracefs formats.
//   - Execution, privileged, Linux only: Supported and
//     RunOptions.Preflight say up front what the kernel or process lacks
//     (a *NotSupportedError naming the config option or capability) and
//     which ways of attaching to functions work;
//     StartHeld starts a workload held before its first instruction;
//     Attach loads and attaches the programs; RunHeld runs the whole
//     sequence and returns Results (hits, return histograms with errno
//     names, kernel stacks) or streams Events from a ring buffer.
//
// Function probes attach one of three ways, decided per function
// before anything is loaded (resolveAttach) and reported per function
// in Results:
//
//   - fentry/fexit (BPF trampolines): where the kernel has them (proven
//     by loading and attaching an fexit program to vfs_read), BTF has
//     the function with a prototype of at most six register-sized
//     arguments, and ftrace lists it in available_filter_functions.
//     Cheapest per hit. fexit reads the return value with
//     bpf_get_func_ret (Linux 5.17), fentry the arguments with
//     bpf_get_func_arg, so pointer arguments need no BTF typing in the
//     verifier.
//   - kprobe.multi: the other functions, when two or more and the
//     kernel has CONFIG_FPROBE (Linux 5.18; Debian's 6.12 kernels, not
//     its 6.1): one entry program and one return program per return
//     type, attached with one link each, the probe index passed as the
//     attach cookie.
//   - one kprobe and one kretprobe per function otherwise.
//
// --attach fentry or --attach kprobe forces a family; in auto mode an
// fentry attachment that still fails falls back to kprobes with a
// note. Programs are loaded one by one against shared maps, so one
// function can fall back alone. Counting is restricted to the
// workload's process tree by a pid map fed from
// sched:sched_process_fork. Register offsets are x86-64's. probe trace
// names and types function arguments from BTF
// (vfs_read(file=0xffff..., buf=0x7ff..., count=4096, pos=0xffff...));
// without BTF for the function it prints six raw argument registers.
//
// Patch analysis reads C text with a few rules, not a C parser: a
// definition is a column-0 declarator followed by "{"; variables' types
// come from "struct x *v" declarations in the hunk and its header;
// calls in column 0, after "." or "->", to upper-case names (macros by
// kernel convention) and to functions or macros the patch defines are
// not calls into the kernel. SYSCALL_DEFINEn(name, ...) is probed as
// __x64_sys_name.
package bpf
