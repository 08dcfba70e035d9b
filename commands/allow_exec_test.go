package commands

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// allowExecTree copies testdata/sample into a fresh directory and returns
// the copy and a directory beside it, outside the tree.
func allowExecTree(t *testing.T) (tree, outside string) {
	t.Helper()
	dir := t.TempDir()
	tree = filepath.Join(dir, "tree")
	if err := os.CopyFS(tree, os.DirFS(filepath.Join(testutil.RepoRoot(t), "testdata", "sample"))); err != nil {
		t.Fatal(err)
	}
	outside = filepath.Join(dir, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	return tree, outside
}

// TestAllowExecConfined runs 'exec --allow-exec -w' in a child go-edit in
// kill mode, where a system call the shell or tr needs but the profile
// lacks would kill them: the filter must rewrite the tree.
func TestAllowExecConfined(t *testing.T) {
	requireSandbox(t)
	tree, _ := allowExecTree(t)
	_, errOut, code := goEdit(t, tree, nil, "exec", "--sandbox=kill", "-w", "--allow-exec", `,x/printk\(KERN_[A-Z]+/ | tr a-z A-Z`)
	if code != 0 {
		t.Fatalf("exec --allow-exec -w under the sandbox: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(tree, "drivers", "misc", "widget", "widget.c"))
	if err != nil || !strings.Contains(string(b), `PRINTK(KERN_ERR "widget: reset failed`) || strings.Contains(string(b), "printk(") {
		t.Errorf("widget.c not filtered under the sandbox (%v):\n%s", err, b)
	}
}

// TestAllowExecDenials: with --allow-exec a program still cannot write
// outside the tree, open a socket, read /etc/shadow or ptrace. Each probe
// runs confined and, as a control, with --sandbox=off, so that the denial
// is shown to come from the sandbox.
func TestAllowExecDenials(t *testing.T) {
	requireSandbox(t)
	const file = "drivers/misc/widget/widget.c"

	t.Run("write-outside", func(t *testing.T) {
		for _, mode := range []string{"on", "off"} {
			tree, outside := allowExecTree(t)
			created := filepath.Join(outside, "created")
			_, errOut, code := goEdit(t, tree, nil, "exec", "--sandbox="+mode, "-w", "--allow-exec",
				",x/KERN_ERR/ | sh -c 'echo x > "+created+"' && tr A-Z a-z", file)
			_, statErr := os.Stat(created)
			b, _ := os.ReadFile(filepath.Join(tree, file))
			switch {
			case mode == "off" && (code != 0 || statErr != nil || !strings.Contains(string(b), "kern_err")):
				t.Fatalf("control: unconfined, the program did not write %s: exit %d, %v: %s", created, code, statErr, errOut)
			case mode == "on" && (code != exitError || statErr == nil || !strings.Contains(errOut, "exit status not 0") || !strings.Contains(errOut, "Permission denied")):
				t.Errorf("confined: exit %d, %s created: %v; want exit %d, the shell's EACCES and nothing created:\n%s", code, created, statErr == nil, exitError, errOut)
			case mode == "on" && strings.Contains(string(b), "kern_err"):
				t.Errorf("confined: the failed run changed the tree")
			}
		}
	})

	// probe runs a program with ! on one file and returns what it printed.
	probe := func(t *testing.T, mode, program string) string {
		t.Helper()
		tree, _ := allowExecTree(t)
		out, errOut, code := goEdit(t, tree, nil, "exec", "--sandbox="+mode, "--allow-exec", "!"+program, file)
		if code != 0 {
			t.Fatalf("--sandbox=%s: exit %d: %s", mode, code, errOut)
		}
		return strings.TrimPrefix(out, file+":1:")
	}
	// Each probe prints "allowed" or "denied: <error>".
	perl := func(t *testing.T, code string) string {
		testutil.LookPath(t, "perl", "the probe opens a socket and calls ptrace from perl")
		return `perl -MSocket -e '` + code + ` ? print "allowed\n" : print "denied: $!\n"'`
	}
	probes := []struct {
		name    string
		program func(t *testing.T) string
		want    string
	}{
		{"socket", func(t *testing.T) string { return perl(t, "socket(S, PF_INET, SOCK_STREAM, 0)") }, "denied: Operation not permitted\n"},
		{"ptrace", func(t *testing.T) string {
			if runtime.GOARCH != "amd64" {
				t.Skip("the probe uses the amd64 system call number of ptrace")
			}
			return perl(t, "syscall(101, 0, 0, 0, 0) == 0") // PTRACE_TRACEME
		}, "denied: Operation not permitted\n"},
		{"read-shadow", func(*testing.T) string {
			return `cat /etc/shadow >/dev/null 2>&1 && echo allowed || echo "denied: $(cat /etc/shadow 2>&1 >/dev/null | sed 's/.*: //')"`
		}, "denied: Permission denied\n"},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			program := p.program(t)
			if got := probe(t, "on", program); got != p.want {
				t.Errorf("confined: %q, want %q", got, p.want)
			}
			if got := probe(t, "off", program); got != "allowed\n" {
				// Not root, say: the probe then proves nothing by itself.
				t.Logf("control: unconfined the probe printed %q", got)
			}
		})
	}
}

// TestAllowExecOnlyWhenAsked: without --allow-exec, even a confined run
// never starts the shell: the script is refused before anything runs. The
// control, with --allow-exec and unconfined, shows the program would have
// created the file.
func TestAllowExecOnlyWhenAsked(t *testing.T) {
	requireSandbox(t)
	tree, outside := allowExecTree(t)
	created := filepath.Join(outside, "created")
	input := filepath.Join(tree, "Kconfig")
	_, errOut, code := goEdit(t, tree, nil, "exec", "--stream", "-i", input, "!touch "+created)
	if _, err := os.Stat(created); code != exitError || err == nil || !strings.Contains(errOut, "`!' runs a program: refused by go-edit's sandbox") {
		t.Errorf("without --allow-exec: exit %d, created: %v: %s", code, err == nil, errOut)
	}
	if _, errOut, code := goEdit(t, tree, nil, "exec", "--sandbox=off", "--allow-exec", "--stream", "-i", input, "!touch "+created); code != 0 {
		t.Fatalf("control: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(created); err != nil {
		t.Errorf("control: the program did not run: %v", err)
	}
}
