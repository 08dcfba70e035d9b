package commands

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// w2 is the tree-wide rewrite of the benchmarks: printk(KERN_ERR -> pr_err(.
const w2 = `,x/printk\(KERN_ERR /c/pr_err(/`

// TestKernelRewrite runs the W2 rewrite over the whole Linux 6.1 tree and
// holds it against git and sed doing the same job: the printed patch
// applies with git apply --check, equals byte for byte what git diff shows
// after sed made the same edit, and -w leaves the tree with the same
// git diff --numstat.
func TestKernelRewrite(t *testing.T) {
	ksrc := testutil.KernelTree(t)
	git := testutil.LookPath(t, "git", "the comparison is with git diff")

	stdout, stderr, code := runIn(ksrc, []string{"exec", "-C", ksrc, w2}, nil)
	if code != 0 {
		t.Fatalf("exec: exit %d: %s", code, stderr)
	}
	if !bytes.HasPrefix(stdout, []byte("diff --git ")) {
		t.Fatalf("exec printed no patch: %.200q", stdout)
	}
	patchFile := filepath.Join(t.TempDir(), "w2.diff")
	if err := os.WriteFile(patchFile, stdout, 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, git, ksrc, nil, "apply", "--check", patchFile)

	// sed's edit, in a writable copy, as the reference.
	work := testutil.KernelCopy(t, "exec-rewrite")
	files := strings.Fields(string(runGit(t, git, work, nil, "grep", "-l", "-F", "printk(KERN_ERR ")))
	if len(files) < 1000 {
		t.Fatalf("git grep found only %d files with printk(KERN_ERR", len(files))
	}
	for _, f := range files {
		name := filepath.Join(work, f)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, bytes.ReplaceAll(data, []byte("printk(KERN_ERR "), []byte("pr_err(")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitDiff := runGit(t, git, work, nil, "-c", "core.abbrev=12", "diff")
	if !bytes.Equal(stdout, gitDiff) {
		t.Errorf("go-edit's patch (%d bytes) differs from git diff after sed (%d bytes); first difference near %q",
			len(stdout), len(gitDiff), firstDifference(stdout, gitDiff))
	}
	sedNumstat := runGit(t, git, work, nil, "diff", "--numstat")
	runGit(t, git, work, nil, "checkout", "-q", "--", ".")

	// W3: the same rewrite written in place.
	if _, stderr, code := runIn(work, []string{"exec", "-w", "-C", work, w2}, nil); code != 0 {
		t.Fatalf("exec -w: exit %d: %s", code, stderr)
	}
	if got := runGit(t, git, work, nil, "diff", "--numstat"); !bytes.Equal(got, sedNumstat) {
		t.Errorf("git diff --numstat after exec -w differs from sed's:\n%.500s\nwant:\n%.500s", got, sedNumstat)
	}
	runGit(t, git, work, nil, "checkout", "-q", "--", ".")
}

func runGit(t *testing.T, git, dir string, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(git, args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errOut.Bytes())
	}
	return out
}

// firstDifference shows a little of a around the first byte where a and b
// differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-120)
	return string(a[lo:min(len(a), i+120)])
}
