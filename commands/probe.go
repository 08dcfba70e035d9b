//go:build !slim

package commands

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/go-edit/go-edit/bpf"
	"github.com/go-edit/go-edit/internal/jsonenc"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newProbeCmd) }

const probeLong = `Check a patch against a kernel, and watch its code run.

'probe btf' reads a unified diff, finds the functions whose bodies it
changes, the functions it calls and the struct members it uses, and checks
each against the kernel's BTF: missing functions and members, changed
prototypes, and whether each changed function can be traced there.

'probe run' attaches fentry/fexit programs or kprobes (and tracepoints)
to the functions a patch changes or -F names, runs a workload, and prints per
function the hits, a return-value histogram with errno names and, with
--stacks, the kernel stacks that reached it.

'probe trace' streams one line per event while the workload runs.`

func newProbeCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "probe",
		Short: "Check a patch against kernel BTF and trace its functions with eBPF",
		Long:  probeLong,
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newProbeBTFCmd(s), newProbeRunCmd(s, false), newProbeRunCmd(s, true))
	return cmd
}

// probeBTFOptions are the flags of 'probe btf'.
type probeBTFOptions struct {
	btf, kernel, kallsyms string
	jsonOut               bool
}

func newProbeBTFCmd(s streams) *cobra.Command {
	o := &probeBTFOptions{}
	cmd := &cobra.Command{
		Use:   "btf [PATCH]",
		Short: "Check the functions, calls and members a patch uses against kernel BTF",
		Long: `Check every function a patch changes or calls and every struct member it
uses against kernel BTF: /sys/kernel/btf/vmlinux by default, or --btf, a
vmlinux ELF or raw BTF blob of the kernel the patch is meant for.

Reports read like compiler diagnostics; errors (missing function or
member, changed prototype, argument type mismatch) make it exit 1.
Warnings and notes say whether each changed function can be traced on that
kernel (kallsyms, notrace, inlined, only .constprop/.isra clones). PATCH
defaults to standard input.`,
		Example: `  git diff | go-edit probe btf
  go-edit probe btf --btf vmlinux-6.1 --kernel 6.1 fix.patch
  go-edit probe btf --json fix.patch`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var inputs []string
			for _, p := range append(args, o.btf, o.kallsyms) {
				if p != "" && p != "-" {
					inputs = append(inputs, p)
				}
			}
			if err := confine(cmd, sandbox.ProbeProfile(inputs, "")); err != nil {
				return err
			}
			data, err := readPatchArg(s.in, args)
			if err != nil {
				return &codedError{exitError, err}
			}
			plan, err := bpf.ParsePlan(data)
			if err != nil {
				return &codedError{exitError, err}
			}
			target, err := bpf.LoadTarget(bpf.TargetOptions{BTF: o.btf, Name: o.kernel, Kallsyms: o.kallsyms})
			if err != nil {
				return &codedError{exitError, err}
			}
			findings := bpf.Check(plan, target)
			if err := printFindings(cmd.OutOrStdout(), target.Name, findings, o.jsonOut); err != nil {
				return err
			}
			if bpf.Errors(findings) > 0 {
				return silentExit(exitError)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.btf, "btf", "", "BTF of the target kernel: a vmlinux ELF or raw BTF `FILE` (default /sys/kernel/btf/vmlinux)")
	f.StringVar(&o.kernel, "kernel", "", "the target kernel's `NAME` in messages (e.g. 6.1)")
	f.StringVar(&o.kallsyms, "kallsyms", "", "the target kernel's /proc/kallsyms `FILE`, for traceability (default: the running kernel's)")
	f.BoolVar(&o.jsonOut, "json", false, "print findings as JSON")
	return cmd
}

// readPatchArg reads the patch named by args[0], or standard input.
func readPatchArg(in io.Reader, args []string) ([]byte, error) {
	if len(args) == 0 || args[0] == "-" {
		return io.ReadAll(in)
	}
	return os.ReadFile(args[0])
}

// probeReport is the --json form of 'probe btf'.
type probeReport struct {
	Target   string        `json:"target"`
	Errors   int           `json:"errors"`
	Findings []bpf.Finding `json:"findings"`
}

func printFindings(w io.Writer, target string, fs []bpf.Finding, jsonOut bool) error {
	if jsonOut {
		if fs == nil {
			fs = []bpf.Finding{}
		}
		enc := jsonenc.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(probeReport{Target: target, Errors: bpf.Errors(fs), Findings: fs})
	}
	for _, f := range fs {
		fmt.Fprintln(w, f)
	}
	return nil
}

// probeRunOptions are the flags of 'probe run' and 'probe trace'.
type probeRunOptions struct {
	patch       string
	funcs       []string
	tracepoints []string
	expect      []string
	attach      string
	stacks, all bool
	jsonOut     bool
	maxStacks   int
}

func newProbeRunCmd(s streams, trace bool) *cobra.Command {
	o := &probeRunOptions{}
	cmd := &cobra.Command{
		Use:   "run [--patch PATCH] [-F FUNC]... [-t CATEGORY:NAME]... -- WORKLOAD...",
		Short: "Count a workload's calls of the functions a patch changes",
		Long: `Attach to each function --patch changes and each -F names, and a counter
to each -t tracepoint; run WORKLOAD; when it ends, print per function the
hits, how it was attached, the return values (errno names for negative
ones) and, with --stacks, the kernel stacks that called it.

Functions get fentry/fexit programs where the kernel allows (BTF for the
function, listed in available_filter_functions, BPF trampolines), else a
kprobe and a kretprobe (several at once as one kprobe.multi link where the
kernel has CONFIG_FPROBE); --attach fentry or --attach kprobe forces one.

Only the workload and the processes it starts are counted (--all-processes
counts everyone). The workload is started before go-edit confines itself
and held until the probes are attached, so its first instruction is
already observed. --expect-hit FUNC (or 'all') exits 1 when FUNC never
ran: the proof in CI that the test workload reached the changed code.

Needs root (CAP_BPF and CAP_PERFMON), a kernel with BTF trampolines or
CONFIG_KPROBES for functions, and tracefs for tracepoints; what is missing
is named up front.`,
		Example: `  go-edit probe run --patch fix.patch --expect-hit all -- ./run-tests.sh
  go-edit probe run -F vfs_read -F do_sys_openat2 --stacks -- cat /etc/hostname
  go-edit probe run -t syscalls:sys_enter_openat -- make -C tools/testing`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
	}
	if trace {
		cmd.Use = "trace [-F FUNC]... [-t CATEGORY:NAME]... -- WORKLOAD..."
		cmd.Short = "Stream a workload's probe hits as lines"
		cmd.Long = `Attach to each -t tracepoint and -F function (entry and return) and print
one line per hit while WORKLOAD runs: time since boot, CPU, process id,
command name, the event, and its arguments (tracepoint fields by name,
function calls as vfs_read(file=0xffff..., count=4096, ...) with names and
types from BTF, return values with errno names). The
workload's own output goes to standard error, so the lines can be piped:

  go-edit probe trace -t block:block_rq_complete -- ./stress.sh |
    go-edit exec --stream ',x/.*error=-5.*\n/ p'

Needs root and a ring buffer (Linux 5.8).`
		cmd.Example = `  go-edit probe trace -t syscalls:sys_enter_openat -- ls /
  go-edit probe trace -F do_sys_openat2 -- cat /nonexistent`
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ro, err := o.runOptions(trace)
		if err != nil {
			return err
		}
		out := cmd.OutOrStdout()
		if trace {
			ro.Events = func(ev bpf.Event) { fmt.Fprintln(out, ev) }
		}
		ro.Warn = cmd.ErrOrStderr()
		// What the kernel lacks is said before anything starts.
		if err := ro.Preflight(); err != nil {
			return &codedError{exitError, err}
		}
		wlOut := io.Writer(out)
		if trace {
			wlOut = cmd.ErrOrStderr()
		}
		wl, err := bpf.StartHeld(args, s.in, wlOut, cmd.ErrOrStderr())
		if err != nil {
			return &codedError{exitError, err}
		}
		var inputs []string
		if o.patch != "" && o.patch != "-" {
			inputs = append(inputs, o.patch)
		}
		if err := confine(cmd, sandbox.ProbeProfile(inputs, "")); err != nil {
			wl.Abort()
			return err
		}
		if o.patch != "" {
			if ro.Patch, err = readPatchArg(s.in, []string{o.patch}); err != nil {
				wl.Abort()
				return &codedError{exitError, err}
			}
		}
		res, code, err := bpf.RunHeld(wl, ro)
		if err != nil {
			return &codedError{exitError, err}
		}
		if !trace {
			if o.jsonOut {
				enc := jsonenc.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				res.Format(out, o.maxStacks)
			}
		}
		failed := false
		for _, p := range res.Probes {
			if p.Hits == 0 && (slices.Contains(o.expect, p.Name) || slices.Contains(o.expect, "all") && !p.Tracepoint) {
				fmt.Fprintf(cmd.ErrOrStderr(), "go-edit: %s: expected to run under the workload, never hit\n", p.Name)
				failed = true
			}
		}
		for _, name := range o.expect {
			if _, ok := res.Hit(name); !ok && name != "all" {
				fmt.Fprintf(cmd.ErrOrStderr(), "go-edit: --expect-hit %s: not probed\n", name)
				failed = true
			}
		}
		if code > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "go-edit: workload exited with status %d\n", code)
			failed = true
		}
		if failed {
			return silentExit(exitError)
		}
		return nil
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.funcs, "func", "F", nil, "probe kernel function `FUNC` (repeatable)")
	f.StringArrayVarP(&o.tracepoints, "tracepoint", "t", nil, "count tracepoint `CATEGORY:NAME` (repeatable)")
	f.BoolVarP(&o.all, "all-processes", "a", false, "count every process, not only the workload's")
	f.StringVar(&o.attach, "attach", "auto", "attach to functions with `MODE`: auto (fentry/fexit where possible, else kprobes), fentry or kprobe")
	if !trace {
		f.StringVar(&o.patch, "patch", "", "probe the functions `PATCH` changes (- for standard input)")
		f.StringArrayVar(&o.expect, "expect-hit", nil, "exit 1 if `FUNC` never ran ('all': every probed function)")
		f.BoolVar(&o.stacks, "stacks", false, "count kernel stacks per function")
		f.IntVar(&o.maxStacks, "max-stacks", 5, "print at most `N` stacks per function")
		f.BoolVar(&o.jsonOut, "json", false, "print results as JSON")
	}
	return cmd
}

// runOptions checks the flags (usage errors exit 2).
func (o *probeRunOptions) runOptions(trace bool) (bpf.RunOptions, error) {
	ro := bpf.RunOptions{Funcs: o.funcs, Stacks: o.stacks, AllProcesses: o.all}
	mode, err := bpf.ParseAttachMode(o.attach)
	if err != nil {
		return ro, usageErrorf("--attach: %v", err)
	}
	ro.Attach = mode
	if o.patch == "" && len(o.funcs) == 0 && len(o.tracepoints) == 0 {
		what := "--patch, -F or -t"
		if trace {
			what = "-F or -t"
		}
		return ro, usageErrorf("probe: nothing to probe: give %s", what)
	}
	for _, t := range o.tracepoints {
		tp, err := bpf.ParseTracepoint(t)
		if err != nil {
			return ro, usageErrorf("-t: %v", err)
		}
		ro.Tracepoints = append(ro.Tracepoints, tp)
	}
	if o.patch != "" {
		ro.Patch = []byte{} // read after confinement; non-nil says functions come
	}
	return ro, nil
}
