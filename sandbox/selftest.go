package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// The self-test ('go-edit sandbox test', and the package's tests) runs
// each scenario in a child process that installs a profile over a
// scratch directory and then tries things: what the profile allows must
// work, and each forbidden action must fail with the errno the sandbox
// produces. A control child runs the same probes with the sandbox off, to
// show that the failures come from the sandbox and not from the machine.
//
// Scratch layout (made by the parent, unconfined):
//
//	tree/a.c, tree/sub/b.c       the tree being edited
//	tree/link-out -> outside/secret, tree/dirlink -> outside
//	outside/secret               must stay unread and unwritten
//	obj/, cache/                 kconfig's object tree and cache
//	script.sam                   an input named on the command line

// Outcome classes a probe can end in.
const (
	okay    = "ok"
	eperm   = "EPERM"
	eacces  = "EACCES"
	failed  = "failed"  // a program ran but did not do what it was told
	skipped = "skipped" // needs root, and the test runs without it
)

type probe struct {
	name string
	want string // outcome under the profile
	do   func(dir string) error
}

type scenario struct {
	name    string
	profile func(dir string) Profile
	probes  []probe
}

// Scenarios lists the self-test's scenario names in the order they run.
func Scenarios() []string {
	var names []string
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return names
}

var scenarios = []scenario{
	{
		name: "exec-w",
		profile: func(d string) Profile {
			return ExecProfile(filepath.Join(d, "tree"), true, []string{filepath.Join(d, "script.sam")})
		},
		probes: []probe{
			{"read a file in the tree", okay, readFile("tree/a.c")},
			{"read the script input", okay, readFile("script.sam")},
			{"rewrite a file in the tree (temp file + rename)", okay, rewrite("tree/sub/b.c")},
			{"write a file outside the tree", eacces, createFile("outside/new")},
			{"write through a symlink pointing outside", eacces, writeExisting("tree/link-out")},
			{"create a file through a symlinked directory", eacces, createFile("tree/dirlink/new")},
			{"rename a tree file outside the tree", eacces, renameTo("tree/a.c", "outside/a.c")},
			{"make a directory in the tree", eperm, mkdir("tree/newdir")},
			{"make a symlink in the tree", eperm, symlink("/etc", "tree/etc-link")},
			{"read /etc/shadow", eacces, readFile("/etc/shadow")},
			{"read a file outside the tree", eacces, readFile("outside/secret")},
			{"open a socket", eperm, openSocket},
			{"start a process", eperm, startProcess},
			{"ptrace", eperm, ptracePeek},
			{"memfd_create", eperm, memfdCreate},
			{"userfaultfd", eperm, userfaultfd},
			{"process_vm_readv", eperm, processVMRead},
			// Last: unconfined, the shell replaces the child.
			{"exec /bin/sh", eperm, execShell},
		},
	},
	{
		name: "exec",
		profile: func(d string) Profile {
			return ExecProfile(filepath.Join(d, "tree"), false, nil)
		},
		probes: []probe{
			{"read a file in the tree", okay, readFile("tree/a.c")},
			{"rewrite a file in the tree", eacces, rewrite("tree/a.c")},
			{"write a file in place", eacces, writeExisting("tree/a.c")},
			{"read the (unlisted) script input", eacces, readFile("script.sam")},
			{"open a socket", eperm, openSocket},
			{"rename in the tree", eperm, renameTo("tree/a.c", "tree/a2.c")},
		},
	},
	{
		name: "exec-w+programs",
		profile: func(d string) Profile {
			return ExecProfile(filepath.Join(d, "tree"), true, nil).WithPrograms(LookPaths("sh", "cat")...)
		},
		probes: []probe{
			{"a program reads the tree", okay, shell("cat tree/a.c >/dev/null")},
			{"a program appends to a tree file", okay, shell("echo x >> tree/a.c")},
			{"a program writes outside", failed, shell("echo x > outside/new")},
			{"a program writes through a symlink", failed, shell("echo x >> tree/link-out")},
			{"a program reads /etc/shadow", failed, shell("cat /etc/shadow")},
			{"exec a program not allowed", eacces, runProgram("/usr/bin/id")},
			{"open a socket", eperm, openSocket},
			{"ptrace", eperm, ptracePeek},
		},
	},
	{
		name: "probe",
		profile: func(d string) Profile {
			return ProbeProfile([]string{filepath.Join(d, "script.sam")}, filepath.Join(d, "obj", "out.txt"))
		},
		probes: []probe{
			{"create a BPF map (as root)", okay, rootOnly(bpfMapCreate)},
			{"read the script input", okay, readFile("script.sam")},
			{"write the output file in place", okay, truncateWrite("obj/out.txt")},
			{"write a file beside the output file", eacces, createFile("obj/other")},
			{"replace the output file by rename", eacces, rewrite("obj/out.txt")},
			{"write a file in the tree", eacces, writeExisting("tree/sub/b.c")},
			{"read /etc/shadow", eacces, readFile("/etc/shadow")},
			{"open a socket", eperm, openSocket},
			{"start a process", eperm, startProcess},
			{"ptrace", eperm, ptracePeek},
		},
	},
	{
		name:    "version",
		profile: func(string) Profile { return VersionProfile() },
		probes: []probe{
			{"read a file in the tree", eperm, readFile("tree/a.c")},
			{"read /etc/shadow", eperm, readFile("/etc/shadow")},
			{"open a socket", eperm, openSocket},
			{"ptrace", eperm, ptracePeek},
		},
	},
	{
		name: "kconfig",
		profile: func(d string) Profile {
			return KconfigProfile(filepath.Join(d, "tree"), filepath.Join(d, "obj"),
				filepath.Join(d, "obj", ".config"), filepath.Join(d, "cache"), LookPaths(KconfigHelpers...))
		},
		probes: []probe{
			{"write .config (temp file + rename)", okay, rewrite("obj/.config")},
			{"run a shell probe", okay, shell("test -r tree/a.c && echo ok >/dev/null")},
			{"shell probe makes and removes a directory in obj", okay, shell("mkdir obj/.tmp_1 && : > obj/.tmp_1/t && rm -rf obj/.tmp_1 && test ! -e obj/.tmp_1")},
			{"shell probe writes outside", failed, shell("echo x > outside/new")},
			{"shell probe writes the source tree", failed, shell("echo x >> tree/a.c")},
			{"shell probe reads /etc/shadow", failed, shell("read x < /etc/shadow")},
			{"exec a program not in the toolchain", eacces, runProgram("/usr/bin/id")},
			{"write the source tree", eacces, writeExisting("tree/a.c")},
			{"open a socket", eperm, openSocket},
			{"ptrace", eperm, ptracePeek},
			{"memfd_create", eperm, memfdCreate},
		},
	},
}

func at(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

func readFile(path string) func(string) error {
	return func(d string) error { _, err := os.ReadFile(at(d, path)); return err }
}

func createFile(path string) func(string) error {
	return func(d string) error { return os.WriteFile(at(d, path), []byte("x\n"), 0o644) }
}

func writeExisting(path string) func(string) error {
	return func(d string) error {
		f, err := os.OpenFile(at(d, path), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		return f.Close()
	}
}

func truncateWrite(path string) func(string) error {
	return func(d string) error {
		f, err := os.OpenFile(at(d, path), os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString("probe output\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
}

// rewrite does what go-edit's tree writer does: a temporary file in the
// same directory, renamed over the original.
func rewrite(path string) func(string) error {
	return func(d string) error {
		p := at(d, path)
		f, err := os.CreateTemp(filepath.Dir(p), ".go-edit-*")
		if err != nil {
			return err
		}
		if _, err := f.WriteString("rewritten\n"); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		return os.Rename(f.Name(), p)
	}
}

func renameTo(from, to string) func(string) error {
	return func(d string) error { return os.Rename(at(d, from), at(d, to)) }
}

func mkdir(path string) func(string) error {
	return func(d string) error { return os.Mkdir(at(d, path), 0o755) }
}

func symlink(target, path string) func(string) error {
	return func(d string) error { return os.Symlink(target, at(d, path)) }
}

func shell(script string) func(string) error {
	return func(d string) error {
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = d
		out, err := cmd.CombinedOutput()
		if err != nil && len(out) > 0 {
			return fmt.Errorf("%w: %s", err, bytes.TrimSpace(out))
		}
		return err
	}
}

// errSkipped marks a probe that needs root when the test runs without.
var errSkipped = errors.New("needs root")

func rootOnly(do func(string) error) func(string) error {
	return func(d string) error {
		if os.Geteuid() != 0 {
			return errSkipped
		}
		return do(d)
	}
}

func runProgram(path string) func(string) error {
	return func(d string) error { return exec.Command(path).Run() }
}

// outcome classifies a probe's error.
func outcome(err error) string {
	switch {
	case err == nil:
		return okay
	case err == errSkipped:
		return skipped
	case errors.Is(err, syscall.EPERM):
		return eperm
	case errors.Is(err, syscall.EACCES):
		return eacces
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return failed
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errnoName(errno)
	}
	return "error"
}

// RunChild is the child side: install scenario's profile over dir in mode
// m, run its probes and print one line per probe to w:
// "name<TAB>outcome<TAB>detail". With mode Off it is the control run.
func RunChild(name string, m Mode, dir string, w io.Writer) error {
	var sc *scenario
	for i := range scenarios {
		if scenarios[i].name == name {
			sc = &scenarios[i]
		}
	}
	if sc == nil {
		return fmt.Errorf("sandbox: no self-test scenario %q", name)
	}
	if err := Install(sc.profile(dir), m); err != nil {
		return err
	}
	for _, p := range sc.probes {
		err := p.do(dir)
		detail := ""
		if err != nil {
			detail = strings.ReplaceAll(Explain(err).Error(), "\n", " ")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", p.name, outcome(err), detail)
	}
	return nil
}

// Check is one line of the self-test report.
type Check struct {
	Scenario, Probe string
	Want, Got       string // outcome classes: ok, EPERM, EACCES, failed, ...
	Control         string // the outcome with the sandbox off
	Detail          string // the error go-edit reported
}

// Pass reports whether the probe ended as the profile says it must. A
// probe that needs root is skipped, confined and unconfined alike, when
// the self-test runs without it.
func (c Check) Pass() bool {
	return c.Want == c.Got || c.Got == skipped && c.Control == skipped
}

// Discriminates reports whether the control run shows the denial comes
// from the sandbox (unconfined, the probe ended differently).
func (c Check) Discriminates() bool {
	return c.Want == okay || c.Want == skipped || c.Control != c.Want
}

// Runner starts a child that calls RunChild(scenario, mode, dir, stdout).
type Runner func(scenario string, m Mode, dir string) *exec.Cmd

// SelfTest runs every scenario confined in mode m and as a control with
// the sandbox off, in a fresh scratch directory, and returns one Check per
// probe. In mode Kill the first probe the seccomp filter denies must kill
// the child with SIGSYS, and the probes after it do not run. Scenarios
// whose child fails to run return an error.
func SelfTest(run Runner, m Mode) ([]Check, error) {
	var checks []Check
	for _, sc := range scenarios {
		confined, err := runScenario(run, sc.name, m)
		if err != nil {
			return checks, err
		}
		control, err := runScenario(run, sc.name, Off)
		if err != nil {
			return checks, err
		}
		for i, p := range sc.probes {
			c := Check{Scenario: sc.name, Probe: p.name, Want: p.want, Got: "missing", Control: "missing"}
			if m == Kill && p.want == eperm {
				c.Want = killed
			}
			if i < len(confined) {
				c.Got, c.Detail = confined[i][1], confined[i][2]
			}
			if i < len(control) {
				c.Control = control[i][1]
			}
			checks = append(checks, c)
			if c.Want == killed {
				break
			}
		}
	}
	return checks, nil
}

// killed is the outcome of a probe that ended its process with SIGSYS.
const killed = "SIGSYS"

func runScenario(run Runner, name string, m Mode) ([][3]string, error) {
	dir, err := os.MkdirTemp("", "go-edit-sandbox-test-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := makeScratch(dir); err != nil {
		return nil, err
	}
	cmd := run(name, m, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	sigsys := false
	if ee, ok := err.(*exec.ExitError); ok {
		ws, ok := ee.Sys().(syscall.WaitStatus)
		sigsys = ok && ws.Signaled() && ws.Signal() == syscall.SIGSYS
	}
	if err != nil && !(sigsys && m == Kill) {
		return nil, fmt.Errorf("sandbox self-test %s (--sandbox=%s): child: %v: %s", name, m, err, bytes.TrimSpace(stderr.Bytes()))
	}
	if err := checkOutsideUntouched(dir); err != nil && m != Off {
		return nil, fmt.Errorf("sandbox self-test %s: %v", name, err)
	}
	var lines [][3]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), "\t", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("sandbox self-test %s: unexpected child output %q", name, sc.Text())
		}
		lines = append(lines, [3]string{f[0], f[1], f[2]})
	}
	if sigsys {
		lines = append(lines, [3]string{"", killed, "killed by SIGSYS"})
	}
	return lines, nil
}

const secret = "outside the tree\n"

func makeScratch(d string) error {
	for _, sub := range []string{"tree/sub", "tree/scripts", "outside", "obj", "cache"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{
		"tree/a.c":       "int a;\n",
		"tree/sub/b.c":   "int b;\n",
		"outside/secret": secret,
		"script.sam":     ",x/a/ c/b/\n",
		"obj/.config":    "CONFIG_A=y\n",
		"obj/out.txt":    "",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(d, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	if err := os.Symlink(filepath.Join(d, "outside", "secret"), filepath.Join(d, "tree", "link-out")); err != nil {
		return err
	}
	return os.Symlink(filepath.Join(d, "outside"), filepath.Join(d, "tree", "dirlink"))
}

// checkOutsideUntouched verifies, from the unconfined parent, that no
// confined child changed the directory outside the tree.
func checkOutsideUntouched(d string) error {
	ents, err := os.ReadDir(filepath.Join(d, "outside"))
	if err != nil {
		return err
	}
	if len(ents) != 1 || ents[0].Name() != "secret" {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return fmt.Errorf("outside/ was written: it holds %v", names)
	}
	b, err := os.ReadFile(filepath.Join(d, "outside", "secret"))
	if err != nil {
		return err
	}
	if string(b) != secret {
		return fmt.Errorf("outside/secret was changed to %q", b)
	}
	return nil
}
