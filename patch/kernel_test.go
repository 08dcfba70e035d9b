package patch

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// kernelSample picks n text files of the kernel tree at random (seeded),
// weighted to the types the .gitattributes drivers cover.
func kernelSample(t *testing.T, rng *rand.Rand, n int) (tree string, paths []string) {
	tree = testutil.KernelTree(t)
	testutil.LookPath(t, "git", "listing the kernel tree's files")
	out, err := exec.Command("git", "-C", tree, "ls-files").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	all := strings.Split(strings.TrimSpace(string(out)), "\n")
	for len(paths) < n {
		p := all[rng.Intn(len(all))]
		switch filepath.Ext(p) {
		case ".c", ".h", ".dts", ".dtsi", ".rst", ".txt", ".S", ".sh", ".py", "":
			paths = append(paths, p)
		}
	}
	return tree, paths
}

var wordRE = regexp.MustCompile(`\b[a-z_][a-z0-9_]{3,}\b`)

// editKernelFile makes the kinds of edits a tree-wide script makes.
func editKernelFile(rng *rand.Rand, data []byte) []byte {
	switch rng.Intn(4) {
	case 0: // rename an identifier everywhere
		words := wordRE.FindAll(data, 200)
		if len(words) == 0 {
			break
		}
		w := words[rng.Intn(len(words))]
		return regexp.MustCompile(`\b`+string(w)+`\b`).ReplaceAll(data, append(bytes.Clone(w), "_renamed"...))
	case 1: // heavy: touch every k-th line, to reach xdiff's cost cut-offs
		lines := strings.SplitAfter(string(data), "\n")
		k := 2 + rng.Intn(3)
		for i := rng.Intn(k); i < len(lines); i += k {
			if strings.HasSuffix(lines[i], "\n") {
				lines[i] = strings.TrimSuffix(lines[i], "\n") + " /* x */\n"
			}
		}
		return []byte(strings.Join(lines, ""))
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	lines = mutate(rng, lines)
	if rng.Intn(2) == 0 { // and delete or move a block of real lines
		if len(lines) > 10 {
			i := rng.Intn(len(lines) - 5)
			blk := append([]string(nil), lines[i:i+5]...)
			lines = append(lines[:i], lines[i+5:]...)
			j := rng.Intn(len(lines))
			lines = append(lines[:j], append(blk, lines[j:]...)...)
		}
	}
	return joinLines(lines, false, false)
}

func TestGitDifferentialKernel(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	n := 150
	if testing.Short() {
		n = 20
	}
	n = casesFromEnv(n)
	tree, paths := kernelSample(t, rng, n)
	r := newGitRepo(t)
	same, compared := 0, 0
	for i, p := range paths {
		old, err := os.ReadFile(filepath.Join(tree, p))
		if err != nil {
			t.Fatal(err)
		}
		if len(old) > 2<<20 {
			continue
		}
		compared++
		f := File{Path: p, Old: old, New: editKernelFile(rng, old)}
		if compareWithGit(t, r, []File{f}, Options{Driver: KernelDriver}, fmt.Sprintf("kernel %d %s", i, p)) {
			same++
		}
		roundTrip(t, f.Old, f.New, Options{Driver: KernelDriver})
	}
	t.Logf("%d/%d edited kernel files byte-identical to git diff (%d over 2 MB skipped)", same, compared, len(paths)-compared)
}
