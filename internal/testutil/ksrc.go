package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the go-edit checkout the tests run from.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testutil: cannot locate source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// KernelTree returns the pristine Linux 6.1 checkout named by $GOEDIT_KSRC
// (prepared by scripts/ksrc.sh). Tests must not write to it; use
// KernelCopy for a writable tree. Without it the test skips, unless
// $GOEDIT_REQUIRE_KSRC is set (as in CI), when it fails.
func KernelTree(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GOEDIT_KSRC")
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "MAINTAINERS")); err == nil {
			return dir
		}
	}
	missing(t, "kernel tree", "set GOEDIT_KSRC to the tree scripts/ksrc.sh prepares")
	return ""
}

// KernelCopy returns a writable copy of the kernel tree named name, reset to
// the pristine commit (scripts/kcopy.sh).
func KernelCopy(t testing.TB, name string) string {
	t.Helper()
	KernelTree(t)
	out, err := exec.Command(filepath.Join(RepoRoot(t), "scripts", "kcopy.sh"), name).Output()
	if err != nil {
		t.Fatalf("kcopy.sh %s: %v", name, err)
	}
	return string(out[:len(out)-1])
}

// missing skips the test when what is missing, or fails it when
// $GOEDIT_REQUIRE_KSRC says the CI machine must have it.
func missing(t testing.TB, what, how string) {
	t.Helper()
	if os.Getenv("GOEDIT_REQUIRE_KSRC") != "" {
		t.Fatalf("%s missing (GOEDIT_REQUIRE_KSRC is set): %s", what, how)
	}
	t.Skipf("%s missing: %s", what, how)
}

// LookPath returns the path of an oracle program, skipping the test with a
// reason when it is not installed.
func LookPath(t testing.TB, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not on PATH (%s)", name, why)
	}
	return p
}
