//go:build !slim

package commands

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/go-edit/go-edit/bpf"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newProbeCmd) }

const probeLong = `Check a patch against a kernel, and watch its code run.

'probe btf' reads a unified diff, finds the functions whose bodies it
changes, the functions it calls and the struct members it uses, and checks
each against the kernel's BTF: missing functions and members, changed
prototypes, and whether each changed function can be traced there.

'probe run' attaches kprobes and kretprobes (and tracepoints) to the
functions a patch changes or -F names, runs a workload, and prints per
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
	cmd.AddCommand(newProbeBTFCmd(s))
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
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(probeReport{Target: target, Errors: bpf.Errors(fs), Findings: fs})
	}
	for _, f := range fs {
		fmt.Fprintln(w, f)
	}
	return nil
}
