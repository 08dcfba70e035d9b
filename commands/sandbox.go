package commands

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"

	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newSandboxCmd) }

// sandboxFlag is the persistent flag (on the root command) that picks the
// sandbox mode; GOEDIT_SANDBOX gives its default.
const sandboxFlag = "sandbox"

// sandboxMode reads --sandbox, whose default comes from GOEDIT_SANDBOX.
func sandboxMode(cmd *cobra.Command) (sandbox.Mode, error) {
	v := sandboxDefault()
	if f := cmd.Flags().Lookup(sandboxFlag); f != nil {
		v = f.Value.String()
	}
	m, err := sandbox.ParseMode(v)
	if err != nil {
		return "", usageErrorf("--%s: %v", sandboxFlag, err)
	}
	return m, nil
}

// sandboxDefault is the --sandbox default: $GOEDIT_SANDBOX, else on.
func sandboxDefault() string {
	if v := os.Getenv(sandbox.EnvVar); v != "" {
		return v
	}
	return string(sandbox.On)
}

// confineTightest is the root's PersistentPreRunE: it checks --sandbox for
// every subcommand, and confines the ones that only print (version, help,
// completion) to the tightest profile. The others call confine with their
// own profile once their flags are known.
func confineTightest(cmd *cobra.Command, _ []string) error {
	if _, err := sandboxMode(cmd); err != nil {
		return err
	}
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "version", "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return confine(cmd, sandbox.VersionProfile())
		}
	}
	return nil
}

// confine installs the profile for the running subcommand; called right
// after flag parsing, before any user input is read. The mode comes from
// --sandbox / GOEDIT_SANDBOX (on, kill, off). On a kernel without seccomp
// or Landlock it returns the error that makes go-edit refuse to run, unless
// the mode is off.
func confine(cmd *cobra.Command, p sandbox.Profile) error {
	m, err := sandboxMode(cmd)
	if err != nil {
		return err
	}
	if err := sandbox.Install(p, m); err != nil {
		return &codedError{exitError, err}
	}
	return nil
}

func newSandboxCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox [PROFILE]",
		Short: "Print the sandbox profile of a subcommand",
		Long: `Print what a go-edit subcommand may do once confined: the system calls
its seccomp filter allows (with the reason for each) and the paths Landlock
lets it read, write, create in and execute. Everything else is denied.

Profiles: ` + strings.Join(profileNames(), ", ") + ` (default: all).
Paths in angle brackets stand for what the command line names.

'go-edit sandbox test' proves on this kernel that the denials hold.`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			names := profileNames()
			if len(args) == 1 {
				if _, ok := exampleProfiles[args[0]]; !ok {
					return usageErrorf("sandbox: no profile %q (have %s)", args[0], strings.Join(profileNames(), ", "))
				}
				names = args
			}
			// What the kernel supports is asked before confining: the
			// probes are calls the tightest profile denies.
			support := supportLine()
			if err := confine(cmd, sandbox.VersionProfile()); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintln(w, support)
			for _, name := range names {
				fmt.Fprintln(w)
				printProfile(w, exampleProfiles[name]())
			}
			return nil
		},
	}
	cmd.AddCommand(newSandboxTestCmd(s))
	return cmd
}

// exampleProfiles builds each profile with placeholders for the paths a
// real command line would name.
var exampleProfiles = map[string]func() sandbox.Profile{
	"version": sandbox.VersionProfile,
	"exec":    func() sandbox.Profile { return sandbox.ExecProfile("<tree>", false, []string{"<script files>"}) },
	"exec-w":  func() sandbox.Profile { return sandbox.ExecProfile("<tree>", true, []string{"<script files>"}) },
	"exec-w+programs": func() sandbox.Profile {
		return sandbox.ExecProfile("<tree>", true, []string{"<script files>"}).WithPrograms("<" + shellPath + " and the directories of $PATH, for --allow-exec>")
	},
	"check": func() sandbox.Profile { return sandbox.CheckProfile([]string{"<inputs>"}) },
	"kconfig": func() sandbox.Profile {
		return sandbox.KconfigProfile("<srctree>", "<objtree>", "<objtree>/.config", "<cache>",
			[]string{"<CC, LD, AS and helpers: " + strings.Join(sandbox.KconfigHelpers, " ") + ">"})
	},
	"probe": func() sandbox.Profile { return sandbox.ProbeProfile([]string{"<inputs>"}, "<output>") },
}

func profileNames() []string {
	return []string{"version", "exec", "exec-w", "exec-w+programs", "check", "kconfig", "probe"}
}

func supportLine() string {
	abi, err := sandbox.Support()
	if err != nil {
		return "kernel: " + err.Error()
	}
	return fmt.Sprintf("kernel: seccomp filters and Landlock ABI %d available; denied calls fail with EPERM (--sandbox=kill: SIGSYS), denied paths with EACCES", abi)
}

func printProfile(w io.Writer, p sandbox.Profile) {
	fmt.Fprintf(w, "profile %s\n", p.Name)
	fmt.Fprintf(w, "system calls (%d entries, all others denied):\n", len(p.Syscalls))
	var calls table
	for _, c := range p.Syscalls {
		calls.add("  "+c.Name, c.Rule(), c.Why)
	}
	calls.write(w)
	fmt.Fprintln(w, "paths (r read, w write in place, c create/replace/remove files, d make/remove directories, x execute):")
	if len(p.Paths) == 0 {
		fmt.Fprintln(w, "  none")
	}
	var paths table
	for _, path := range p.Paths {
		opt := ""
		if path.Optional {
			opt = " (if present)"
		}
		paths.add("  "+path.Access.String(), path.Path, path.Why+opt)
	}
	paths.write(w)
}

func newSandboxTestCmd(s streams) *cobra.Command {
	var child, dir string
	cmd := &cobra.Command{
		Use:   "test",
		Short: "Prove on this kernel that the sandbox's denials hold",
		Long: `Run each profile in a child go-edit over a scratch directory and check
that the allowed work succeeds and each forbidden action fails: writing
outside the tree (directly, through a symlink, by rename), reading
/etc/shadow or files outside the tree, opening a socket, exec of /bin/sh,
starting a process, ptrace, process_vm_readv, memfd_create, userfaultfd,
and, for kconfig, toolchain probes that try to escape. A control child
runs the same probes unconfined to show the failures come from the
sandbox. With --sandbox=kill the first denied call must kill the child
with SIGSYS. Exits 1 if any check fails.

The parent only starts children and reads their reports; it reads no user
input and runs unconfined so that each child proves its own profile.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := sandboxMode(cmd)
			if err != nil {
				return err
			}
			if child != "" {
				return sandbox.RunChild(child, m, dir, cmd.OutOrStdout())
			}
			if m == sandbox.Off {
				return usageErrorf("sandbox test: nothing to test with --sandbox=off")
			}
			return runSelfTest(cmd.OutOrStdout(), m)
		},
	}
	cmd.Flags().StringVar(&child, "child", "", "run as the self-test child for `SCENARIO`")
	cmd.Flags().StringVar(&dir, "dir", "", "the child's scratch directory")
	cmd.Flags().MarkHidden("child")
	cmd.Flags().MarkHidden("dir")
	return cmd
}

func runSelfTest(w io.Writer, m sandbox.Mode) error {
	if _, err := sandbox.Support(); err != nil {
		return &codedError{exitError, err}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	checks, err := sandbox.SelfTest(func(name string, m sandbox.Mode, dir string) *exec.Cmd {
		return exec.Command(exe, "sandbox", "test", "--"+sandboxFlag+"="+string(m), "--child="+name, "--dir="+dir)
	}, m)
	if err != nil {
		return &codedError{exitError, err}
	}
	fmt.Fprintln(w, supportLine())
	var results table
	results.add("RESULT", "PROFILE", "ACTION", "WANT", "GOT", "UNCONFINED")
	bad := 0
	for _, c := range checks {
		res := "ok"
		switch {
		case !c.Pass():
			res, bad = "FAIL", bad+1
		case !c.Discriminates():
			res = "weak" // passes, but would have failed unconfined too
		}
		results.add(res, c.Scenario, c.Probe, c.Want, c.Got, c.Control)
	}
	results.write(w)
	if bad > 0 {
		fmt.Fprintf(w, "%d of %d checks failed\n", bad, len(checks))
		return silentExit(exitError)
	}
	fmt.Fprintf(w, "all %d checks passed\n", len(checks))
	return nil
}

// A table prints rows of cells in aligned columns, two spaces apart; the
// last cell of a row is not padded.
type table struct {
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	var widths []int
	for _, row := range t.rows {
		for i, cell := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		b.Reset()
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2))
			}
		}
		b.WriteByte('\n')
		io.WriteString(w, b.String())
	}
}
