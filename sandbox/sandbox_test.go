package sandbox

import (
	"os"
	"os/exec"
	"testing"
)

// TestMain lets the test binary act as the self-test's child: with
// GOEDIT_SANDBOX_CHILD set it confines itself and runs the probes instead
// of the tests.
func TestMain(m *testing.M) {
	if name := os.Getenv("GOEDIT_SANDBOX_CHILD"); name != "" {
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
