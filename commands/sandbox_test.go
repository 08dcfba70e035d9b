package commands

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/sandbox"
)

// TestMain lets the test binary act as go-edit itself: with
// GOEDIT_TEST_AS_GOEDIT=1 it runs the command line and exits. The sandbox
// tests start it so, since a process, once confined, stays confined.
// GOEDIT_TEST_HIDE names a system call to fail with ENOSYS first, to play a
// kernel without Landlock or seccomp.
func TestMain(m *testing.M) {
	if os.Getenv("GOEDIT_TEST_AS_GOEDIT") == "1" {
		if call := os.Getenv("GOEDIT_TEST_HIDE"); call != "" {
			err := seccomp.LoadFilter(seccomp.Filter{NoNewPrivs: true, Flag: seccomp.FilterFlagTSync,
				Policy: seccomp.Policy{DefaultAction: seccomp.ActionAllow, Syscalls: []seccomp.SyscallGroup{{
					Names: []string{call}, Action: seccomp.ActionErrno | seccomp.Action(syscall.ENOSYS)}}}})
			if err != nil {
				panic(err)
			}
		}
		os.Exit(Execute("test", os.Args[1:]))
	}
	os.Exit(m.Run())
}

// goEdit runs the test binary as go-edit with args in dir and returns
// its stdout, stderr and exit code. GOEDIT_SANDBOX is cleared so the
// default (on) applies unless args say otherwise.
func goEdit(t *testing.T, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(v string) bool {
		return strings.HasPrefix(v, sandbox.EnvVar+"=")
	}), append([]string{"GOEDIT_TEST_AS_GOEDIT=1"}, env...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// requireSandbox skips without seccomp and Landlock, except in CI.
func requireSandbox(t testing.TB) {
	t.Helper()
	if _, err := sandbox.Support(); err != nil {
		if os.Getenv("GOEDIT_REQUIRE_KSRC") != "" {
			t.Fatalf("sandbox unsupported in CI: %v", err)
		}
		t.Skipf("sandbox unsupported here: %v", err)
	}
}

func TestSandboxSelfTestCommand(t *testing.T) {
	requireSandbox(t)
	for _, mode := range []string{"on", "kill"} {
		out, errOut, code := goEdit(t, "", nil, "sandbox", "test", "--sandbox="+mode)
		if code != 0 || !strings.Contains(out, "checks passed") || strings.Contains(out, "FAIL") {
			t.Errorf("sandbox test --sandbox=%s: exit %d\n%s%s", mode, code, out, errOut)
		}
	}
	if _, errOut, code := goEdit(t, "", nil, "sandbox", "test", "--sandbox=off"); code != exitUsage {
		t.Errorf("sandbox test --sandbox=off: exit %d, want %d (%s)", code, exitUsage, errOut)
	}
}

func TestSandboxPrintsProfiles(t *testing.T) {
	requireSandbox(t)
	out, errOut, code := goEdit(t, "", nil, "sandbox", "exec-w")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"profile exec-w", "clone ", "if flags & CLONE_THREAD", "clone3", "fail ENOSYS", "rwc  <tree>", "Landlock ABI"} {
		if !strings.Contains(out, want) {
			t.Errorf("'go-edit sandbox exec-w' lacks %q:\n%s", want, out)
		}
	}
	for _, never := range []string{"execve", "socket", "ptrace"} {
		if strings.Contains(out, "\n  "+never+" ") {
			t.Errorf("'go-edit sandbox exec-w' lists %s:\n%s", never, out)
		}
	}
	if _, _, code := goEdit(t, "", nil, "sandbox", "nosuch"); code != exitUsage {
		t.Errorf("sandbox nosuch: exit %d, want %d", code, exitUsage)
	}
}

// TestRefusesUnconfined: on a kernel without Landlock or seccomp go-edit
// refuses to run, says how to opt out, and runs when told --sandbox=off.
func TestRefusesUnconfined(t *testing.T) {
	requireSandbox(t)
	for _, call := range []string{"landlock_create_ruleset", "seccomp"} {
		hide := []string{"GOEDIT_TEST_HIDE=" + call}
		_, errOut, code := goEdit(t, "", hide, "version")
		if code != exitError || !strings.Contains(errOut, "will not run unconfined: pass --sandbox=off or set GOEDIT_SANDBOX=off") {
			t.Errorf("without %s: version exited %d: %s", call, code, errOut)
		}
		if out, errOut, code := goEdit(t, "", hide, "version", "--sandbox=off"); code != 0 || !strings.HasPrefix(out, "go-edit ") {
			t.Errorf("without %s: version --sandbox=off exited %d: %s%s", call, code, out, errOut)
		}
		if out, errOut, code := goEdit(t, "", append(hide, "GOEDIT_SANDBOX=off"), "version"); code != 0 || !strings.HasPrefix(out, "go-edit ") {
			t.Errorf("without %s: GOEDIT_SANDBOX=off version exited %d: %s%s", call, code, out, errOut)
		}
	}
}

func TestVersionConfined(t *testing.T) {
	requireSandbox(t)
	for _, mode := range []string{"on", "kill"} {
		out, errOut, code := goEdit(t, "", nil, "version", "--sandbox="+mode)
		if code != 0 || !strings.HasPrefix(out, "go-edit test (") {
			t.Errorf("version --sandbox=%s: exit %d: %s%s", mode, code, out, errOut)
		}
	}
}

// TestExecWriteConfined runs a real 'exec -w' over a copy of the sample
// tree under the sandbox: the rewrite must happen, and a file outside the
// tree that a symlink in it points to must stay as it was.
func TestExecWriteConfined(t *testing.T) {
	requireSandbox(t)
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	if err := os.CopyFS(tree, os.DirFS(filepath.Join(testutil.RepoRoot(t), "testdata", "sample"))); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(dir, "outside.c")
	const secretText = "printk(KERN_ERR \"outside\\n\");\n"
	if err := os.WriteFile(outside, []byte(secretText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(tree, "drivers", "escape.c")); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := goEdit(t, tree, nil, "exec", "-w", `,x/printk\(KERN_ERR */ c/pr_err(/`)
	if code != 0 {
		t.Fatalf("exec -w under the sandbox: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(tree, "drivers", "misc", "widget", "widget.c"))
	if err != nil || !strings.Contains(string(b), "pr_err(") {
		t.Errorf("widget.c not rewritten under the sandbox (%v)", err)
	}
	if b, _ := os.ReadFile(outside); string(b) != secretText {
		t.Errorf("the file outside the tree changed: %q", b)
	}
}

// BenchmarkVersionStartup times 'go-edit version' from exec to exit, with
// the sandbox on and off, alternating; the release binary is built static
// as the Makefile builds it. Metrics: median milliseconds of each.
func BenchmarkVersionStartup(b *testing.B) {
	requireSandbox(b)
	bin := os.Getenv("GOEDIT_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "go-edit")
		build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/go-edit")
		build.Dir = testutil.RepoRoot(b)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("build: %v\n%s", err, out)
		}
	}
	var on, off, cpuOn, cpuOff []time.Duration
	timeRun := func(wall, cpu *[]time.Duration, args ...string) {
		cmd := exec.Command(bin, args...)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
		*wall = append(*wall, time.Since(start))
		*cpu = append(*cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	for b.Loop() {
		timeRun(&off, &cpuOff, "version", "--sandbox=off")
		timeRun(&on, &cpuOn, "version", "--sandbox=on")
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2].Microseconds()) / 1000
	}
	// CPU time is less at the mercy of other load on the machine than
	// wall time, which is what the target is about.
	b.ReportMetric(median(on), "ms-median-on")
	b.ReportMetric(median(cpuOn), "cpu-ms-median-on")
	b.ReportMetric(median(cpuOff), "cpu-ms-median-off")
	b.ReportMetric(median(off), "ms-median-off")
}

// TestKconfigConfined runs 'kconfig olddefconfig' with every toolchain
// probe executed for real (--no-cache, fresh cache) unconfined and under
// the kconfig profile in kill mode, where any system call outside the
// allowlist kills the process making it (go-edit, the shell or a tool):
// the .config files must be identical, so no probe was starved by the
// sandbox. Then 'kconfig set' under the sandbox must write .config and
// keep .config.old.
func TestKconfigConfined(t *testing.T) {
	requireSandbox(t)
	ksrc := testutil.KernelTree(t)
	configs := map[string][]byte{}
	var objOn string
	for _, mode := range []string{"off", "kill"} {
		obj := t.TempDir()
		env := []string{"XDG_CACHE_HOME=" + t.TempDir()}
		_, errOut, code := goEdit(t, "", env, "kconfig", "--sandbox="+mode, "--srctree", ksrc, "--objtree", obj, "--no-cache", "olddefconfig")
		if code != 0 {
			t.Fatalf("olddefconfig --sandbox=%s: exit %d: %s", mode, code, errOut)
		}
		b, err := os.ReadFile(filepath.Join(obj, ".config"))
		if err != nil {
			t.Fatal(err)
		}
		configs[mode] = b
		objOn = obj // the confined run's
	}
	if !bytes.Equal(configs["kill"], configs["off"]) {
		t.Fatalf("olddefconfig writes a different .config under the sandbox (a probe was denied; dmesg shows the call)")
	}
	_, errOut, code := goEdit(t, "", []string{"XDG_CACHE_HOME=" + t.TempDir()}, "kconfig", "--srctree", ksrc, "--objtree", objOn, "set", "SMP=y")
	if code != 0 {
		t.Fatalf("kconfig set SMP=y under the sandbox: exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(filepath.Join(objOn, ".config"))
	old, _ := os.ReadFile(filepath.Join(objOn, ".config.old"))
	if !bytes.Contains(b, []byte("\nCONFIG_SMP=y\n")) || !bytes.Equal(old, configs["kill"]) {
		t.Errorf("kconfig set under the sandbox: CONFIG_SMP=y written: %v, .config.old kept: %v",
			bytes.Contains(b, []byte("\nCONFIG_SMP=y\n")), bytes.Equal(old, configs["kill"]))
	}
}

// TestExecKernelTreeKill runs 'exec' over the whole Linux tree in kill
// mode: a system call missing from the exec profile would kill go-edit.
func TestExecKernelTreeKill(t *testing.T) {
	requireSandbox(t)
	ksrc := testutil.KernelTree(t)
	out, errOut, code := goEdit(t, ksrc, nil, "exec", "--sandbox=kill", "--count", `,x/printk\(KERN_ERR */ c/pr_err(/`)
	if code != 0 || len(out) == 0 {
		t.Fatalf("exec --count over the kernel tree in kill mode: exit %d: %s", code, errOut)
	}
}
