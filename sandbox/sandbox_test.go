package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the self-test's child: with
// GOEDIT_SANDBOX_CHILD set it confines itself and runs the probes instead
// of the tests.
func TestMain(m *testing.M) {
	switch name := os.Getenv("GOEDIT_SANDBOX_CHILD"); name {
	case "":
	case "writes":
		if err := runWriteOps(os.Getenv("GOEDIT_SANDBOX_CHILD_DIR"), os.Getenv("GOEDIT_SANDBOX_CHILD_OPS"), Mode(os.Getenv("GOEDIT_SANDBOX_CHILD_MODE"))); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	case "time-install":
		if err := timeInstall(os.Getenv("GOEDIT_SANDBOX_CHILD_DIR")); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	case "without":
		if err := runWithout(os.Getenv("GOEDIT_SANDBOX_CHILD_CALL")); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	default:
		if err := RunChild(name, Mode(os.Getenv("GOEDIT_SANDBOX_CHILD_MODE")), os.Getenv("GOEDIT_SANDBOX_CHILD_DIR"), os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testRunner re-executes the test binary as a self-test child.
func testRunner(t testing.TB) Runner {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return func(name string, m Mode, dir string) *exec.Cmd {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), "GOEDIT_SANDBOX_CHILD="+name,
			"GOEDIT_SANDBOX_CHILD_MODE="+string(m), "GOEDIT_SANDBOX_CHILD_DIR="+dir)
		return cmd
	}
}

// requireSupport skips without seccomp and Landlock, except in CI
// ($GOEDIT_REQUIRE_KSRC set), where the sandbox must be testable.
func requireSupport(t testing.TB) {
	t.Helper()
	if _, err := Support(); err != nil {
		if os.Getenv("GOEDIT_REQUIRE_KSRC") != "" {
			t.Fatalf("sandbox unsupported in CI: %v", err)
		}
		t.Skipf("sandbox unsupported here: %v", err)
	}
}

func TestSelfTest(t *testing.T) {
	requireSupport(t)
	checks, err := SelfTest(testRunner(t), On)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		t.Logf("%-8s %-50s want %-6s got %-6s control %-6s %s", c.Scenario, c.Probe, c.Want, c.Got, c.Control, c.Detail)
		if !c.Pass() {
			t.Errorf("%s: %s: got %s, want %s (%s)", c.Scenario, c.Probe, c.Got, c.Want, c.Detail)
		}
		if (c.Want == eperm || c.Want == eacces) && !strings.Contains(c.Detail, "denied by the "+c.Scenario+" profile") {
			t.Errorf("%s: %s: the error does not name the sandbox: %q", c.Scenario, c.Probe, c.Detail)
		}
		if os.Geteuid() == 0 && !c.Discriminates() {
			t.Errorf("%s: %s: ends %s even with the sandbox off, so the test proves nothing", c.Scenario, c.Probe, c.Control)
		}
	}
}

func TestSelfTestKill(t *testing.T) {
	requireSupport(t)
	checks, err := SelfTest(testRunner(t), Kill)
	if err != nil {
		t.Fatal(err)
	}
	kills := 0
	for _, c := range checks {
		if !c.Pass() {
			t.Errorf("%s: %s: got %s, want %s (%s)", c.Scenario, c.Probe, c.Got, c.Want, c.Detail)
		}
		if c.Got == killed {
			kills++
		}
	}
	if kills != len(Scenarios()) {
		t.Errorf("%d scenarios ended by SIGSYS, want all %d", kills, len(Scenarios()))
	}
}

// TestProfilesDenyDangerousCalls checks the list against every
// profile: nothing in alwaysDenied is allowed anywhere, execve and process
// clone only in kconfig, bpf and perf_event_open only in probe.
func TestProfilesDenyDangerousCalls(t *testing.T) {
	profiles := []Profile{
		VersionProfile(),
		ExecProfile("/t", false, []string{"/s"}),
		ExecProfile("/t", true, nil),
		CheckProfile([]string{"/i"}),
		KconfigProfile("/src", "/obj", "/obj/.config", "/cache", []string{"/usr/bin/gcc"}),
		ProbeProfile(nil, "/out"),
		ExecProfile("/t", true, nil).WithPrograms("/bin/sh"),
	}
	for _, p := range profiles {
		for _, name := range alwaysDenied {
			if p.Allows(name) {
				t.Errorf("%s profile allows %s", p.Name, name)
			}
		}
		for _, c := range []struct {
			call, only string
		}{{"execve", "kconfig"}, {"vfork", "kconfig"}, {"bpf", "probe"}, {"perf_event_open", "probe"}} {
			only := p.Name == c.only || c.only == "kconfig" && strings.HasSuffix(p.Name, "+programs")
			if p.Allows(c.call) != only {
				t.Errorf("%s profile: allows %s = %v; only %s may", p.Name, c.call, p.Allows(c.call), c.only)
			}
		}
		processClone := false
		for _, s := range p.Syscalls {
			if s.Name == "clone" && s.Cond == nil && s.Errno == 0 {
				processClone = true
			}
			if s.Name == "clone3" && s.Errno == 0 {
				t.Errorf("%s profile allows clone3, whose flags seccomp cannot see", p.Name)
			}
			if s.Why == "" {
				t.Errorf("%s profile: %s has no reason", p.Name, s.Name)
			}
		}
		if processClone != (p.Name == "kconfig" || strings.HasSuffix(p.Name, "+programs")) {
			t.Errorf("%s profile: clone without CLONE_THREAD allowed = %v", p.Name, processClone)
		}
		for _, path := range p.Paths {
			if path.Access&Exec != 0 && !p.Allows("execve") {
				t.Errorf("%s profile grants execute on %s without allowing execve", p.Name, path.Path)
			}
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": On, "on": On, "kill": Kill, "off": Off} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"ON", "1", "best-effort", "no"} {
		if _, err := ParseMode(in); err == nil {
			t.Errorf("ParseMode(%q) accepted", in)
		}
	}
}

// TestExplainUnconfined: without an installed sandbox a permission error
// is not blamed on it.
func TestExplainUnconfined(t *testing.T) {
	if _, ok := Installed(); ok {
		t.Skip("test process is confined")
	}
	err := &os.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}
	if got := Explain(err); got != error(err) {
		t.Errorf("Explain changed %v to %v", err, got)
	}
}

// BenchmarkInstall measures installing the exec -w profile (Landlock
// ruleset and seccomp filter), in a fresh child per iteration since a
// process can be confined only once; install-us/op is the time Install
// took inside the child, which reports it.
func BenchmarkInstall(b *testing.B) {
	requireSupport(b)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := makeScratch(dir); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	var samples []time.Duration
	for b.Loop() {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), "GOEDIT_SANDBOX_CHILD=time-install", "GOEDIT_SANDBOX_CHILD_DIR="+dir)
		out, err := cmd.Output()
		if err != nil {
			b.Fatal(err)
		}
		d, err := time.ParseDuration(strings.TrimSpace(string(out)))
		if err != nil {
			b.Fatal(err)
		}
		total += d
		samples = append(samples, d)
	}
	slices.Sort(samples)
	b.ReportMetric(float64(total.Microseconds())/float64(len(samples)), "install-us/op")
	b.ReportMetric(float64(samples[len(samples)/2].Microseconds()), "median-install-us")
}

// timeInstall is the child side of BenchmarkInstall.
func timeInstall(dir string) error {
	p := ExecProfile(filepath.Join(dir, "tree"), true, []string{filepath.Join(dir, "script.sam")})
	start := time.Now()
	if err := Install(p, On); err != nil {
		return err
	}
	fmt.Println(time.Since(start))
	return nil
}

// TestSelfTestDetectsNoSandbox shows the self-test can fail: when the
// "confined" children in fact run unconfined, the first scenario's writes
// land outside the tree and the self-test says so.
func TestSelfTestDetectsNoSandbox(t *testing.T) {
	requireSupport(t)
	run := testRunner(t)
	_, err := SelfTest(func(name string, _ Mode, dir string) *exec.Cmd { return run(name, Off, dir) }, On)
	if err == nil || !strings.Contains(err.Error(), "outside/ was written") {
		t.Fatalf("self-test with unconfined children: %v; want it to report writes outside the tree", err)
	}
}
