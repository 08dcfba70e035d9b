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
//     (a *NotSupportedError naming the config option or capability);
//     StartHeld starts a workload held before its first instruction;
//     Attach loads and attaches the programs; RunHeld runs the whole
//     sequence and returns Results (hits, return histograms with errno
//     names, kernel stacks) or streams Events from a ring buffer.
//
// Function probes are a kprobe and a kretprobe per function (one each:
// kprobe.multi needs CONFIG_FPROBE, absent from Debian's 6.1 kernels).
// Counting is restricted to the workload's process tree by a pid map fed
// from sched:sched_process_fork. Register offsets are x86-64's.
//
// Patch analysis reads C text with a few rules, not a C parser: a
// definition is a column-0 declarator followed by "{"; variables' types
// come from "struct x *v" declarations in the hunk and its header;
// calls in column 0, after "." or "->", to upper-case names (macros by
// kernel convention) and to functions or macros the patch defines are
// not calls into the kernel. SYSCALL_DEFINEn(name, ...) is probed as
// __x64_sys_name.
package bpf
