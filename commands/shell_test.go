package commands

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgramShell runs programs unconfined through the Shell of
// --allow-exec: stdin, stdout, stderr, $samfile, the directory and the
// exit status.
func TestProgramShell(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "here"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	run := programShell(dir, &stderr, execLimits())
	out, err := run("drivers/x.c", `tr a-z A-Z; echo "$samfile"; ls; echo oops >&2`, []byte("abc\n"))
	if err != nil || string(out) != "ABC\ndrivers/x.c\nhere\n" || stderr.String() != "oops\n" {
		t.Errorf("out %q, stderr %q, err %v", out, stderr.String(), err)
	}
	if out, err := run("", "cat", nil); err != nil || len(out) != 0 {
		t.Errorf("a program with no stdin read %q (%v)", out, err)
	}
	out, err = run("", "echo partial; exit 3", nil)
	exit, ok := err.(interface{ ExitCode() int })
	if !ok || exit.ExitCode() != 3 || string(out) != "partial\n" {
		t.Errorf("exit 3: out %q, err %v; want the output and an error with ExitCode 3", out, err)
	}
}

// TestProgramShellLimits: a program that runs too long, or writes too
// much, is stopped, with an error that has no exit status.
func TestProgramShellLimits(t *testing.T) {
	lim := programLimits{timeout: 200 * time.Millisecond, maxOutput: 1 << 20, waitDelay: 300 * time.Millisecond}
	run := programShell("", &bytes.Buffer{}, lim)
	for _, tt := range []struct{ command, want string }{
		{"sleep 30", "stopped after 200ms"},
		{"sleep 30 & sleep 30", "stopped after 200ms"}, // a background child holds stdout open
		{"yes", "stopped: wrote more than 1048576 bytes"},
	} {
		start := time.Now()
		_, err := run("", tt.command, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %q", tt.command, err, tt.want)
		}
		if _, ok := err.(interface{ ExitCode() int }); ok {
			t.Errorf("%q: the error %v looks like an exit status", tt.command, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q stopped after %v", tt.command, d)
		}
	}
}

// TestProgramPaths: the shell and only absolute, existing $PATH entries.
func TestProgramPaths(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", strings.Join([]string{dir, ".", "", "bin", filepath.Join(dir, "missing")}, string(os.PathListSeparator)))
	got := programPaths()
	if got[0] != shellPath || got[len(got)-1] != dir {
		t.Errorf("programPaths() = %q, want %s (and what it links to), then %s only", got, shellPath, dir)
	}
	for _, p := range got {
		if !filepath.IsAbs(p) || p == filepath.Join(dir, "missing") {
			t.Errorf("programPaths() lists %q", p)
		}
	}
}
