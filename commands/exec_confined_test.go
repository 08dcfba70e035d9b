package commands

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExecConfinedOutputs runs the exec forms that write somewhere other
// than the tree under the real sandbox (the CLI cases run with it off):
// --split creates its -o directory, as git format-patch -o does.
func TestExecConfinedOutputs(t *testing.T) {
	requireSandbox(t)
	tree := sampleCopy(t, nil)
	series := filepath.Join(t.TempDir(), "new", "series")
	out, errOut, code := goEdit(t, "", nil, "exec", "-C", tree, "--format-patch", "--split", "-o", series,
		"--author", "A. Developer <dev@example.org>", "-m", "use pr_err()", `,x/printk\(KERN_ERR */ c/pr_err(/`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	names, err := filepath.Glob(filepath.Join(series, "*.patch"))
	if err != nil || len(names) != 5 || !strings.Contains(out, "0000-cover-letter.patch") {
		t.Fatalf("series %v (%v), stdout:\n%s", names, err, out)
	}
}
