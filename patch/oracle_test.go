package patch

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// casesFromEnv lets $GOEDIT_PATCH_CASES raise the number of random cases
// of the differential tests for a long run.
func casesFromEnv(n int) int {
	if v, err := strconv.Atoi(os.Getenv("GOEDIT_PATCH_CASES")); err == nil && v > 0 {
		return v
	}
	return n
}

// kernelAttributes is the Linux tree's top-level .gitattributes (v6.1).
const kernelAttributes = "*.c   diff=cpp\n*.h   diff=cpp\n*.dtsi diff=dts\n*.dts  diff=dts\n"

// gitRepo is a scratch repository for asking git what it would print.
type gitRepo struct {
	t   testing.TB
	dir string
	env []string
}

func newGitRepo(t testing.TB) *gitRepo {
	t.Helper()
	testutil.LookPath(t, "git", "differential test against git diff")
	dir := t.TempDir()
	r := &gitRepo{t: t, dir: dir, env: append(os.Environ(),
		"HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")}
	r.git("init", "-q")
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "attributes"), []byte(kernelAttributes), 0o644); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *gitRepo) git(args ...string) []byte {
	r.t.Helper()
	args = append([]string{"-c", "core.abbrev=12", "-c", "core.autocrlf=false", "-c", "diff.renames=false"}, args...)
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

func (r *gitRepo) write(path string, data []byte, mode uint32) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	perm := os.FileMode(0o644)
	if mode == 0o100755 {
		perm = 0o755
	}
	os.Remove(p)
	if err := os.WriteFile(p, data, perm); err != nil {
		r.t.Fatal(err)
	}
}

// diff stages the old contents, writes the new ones and returns what
// `git diff` and `git diff --numstat` print. The repository is emptied
// first, so cases do not see each other.
func (r *gitRepo) diff(files []File, extra ...string) (diff, numstat []byte) {
	r.t.Helper()
	r.git("rm", "-rfq", "--cached", "--ignore-unmatch", ".")
	for _, e := range mustReadDir(r.t, r.dir) {
		if e != ".git" {
			os.RemoveAll(filepath.Join(r.dir, e))
		}
	}
	for _, f := range files {
		om, nm := f.modes()
		if !f.Created {
			r.write(f.Path, f.Old, om)
			r.git("add", "--", f.Path)
		}
		if f.Deleted {
			os.Remove(filepath.Join(r.dir, filepath.FromSlash(f.Path)))
		} else {
			r.write(f.Path, f.New, nm)
			if f.Created {
				r.git("add", "-N", "--", f.Path)
			}
		}
	}
	diff = r.git(append([]string{"diff", "--text", "--no-color", "--no-ext-diff"}, extra...)...)
	numstat = r.git("diff", "--text", "--numstat")
	return diff, numstat
}

func mustReadDir(t testing.TB, dir string) []string {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// cWords and cLines are material for C-like random text.
var cLines = []string{
	"", "", "", "}", "\t}", "\t\t}", "{", "\treturn 0;", "\treturn ret;", "\tint ret;", "\tint i;",
	"\tif (!dev)", "\t\treturn -ENODEV;", "\tif (ret)", "\t\tgoto out;", "out:", "err_free:",
	"\tkfree(buf);", "\tmutex_lock(&dev->lock);", "\tmutex_unlock(&dev->lock);", "\t\tbreak;",
	"\tswitch (cmd) {", "\tcase FOO_GET:", "\tdefault:", "\tfor (i = 0; i < n; i++) {",
	"\t\tret = foo_read(dev, i);", "/*", " * A comment line.", " */", "#include <linux/module.h>",
	"#define FOO_MAX 16", "struct foo {", "\tint bar;", "\tstruct list_head list;", "};",
	"static const struct of_device_id foo_of_match[] = {", "\t{ .compatible = \"vendor,foo\" },",
	"\t{ }", "MODULE_LICENSE(\"GPL\");", "\t/* nothing */", "\tspin_lock_irqsave(&lock, flags);",
	"\tspin_unlock_irqrestore(&lock, flags);", "\telse", "\t} else {",
}

var cFuncNames = []string{"foo_probe", "foo_remove", "bar_init", "baz_exit", "qux_ioctl", "a_very_long_function_name_that_goes_on_and_on_for_quite_a_while_really"}

func randomC(rng *rand.Rand, nfunc int) []string {
	var out []string
	for f := 0; f < nfunc; f++ {
		switch rng.Intn(4) {
		case 0:
			out = append(out, fmt.Sprintf("static int %s_%d(struct device *dev, unsigned long arg)", cFuncNames[rng.Intn(len(cFuncNames))], f), "{")
		case 1:
			out = append(out, fmt.Sprintf("int %s(void) {", cFuncNames[rng.Intn(len(cFuncNames))]))
		case 2:
			out = append(out, "struct foo {")
		default:
			out = append(out, fmt.Sprintf("static void __init %s_%d(void)", cFuncNames[rng.Intn(len(cFuncNames))], f), "{")
		}
		for n := rng.Intn(15); n > 0; n-- {
			out = append(out, cLines[rng.Intn(len(cLines))])
		}
		out = append(out, "}", "")
	}
	return out
}

// mutate makes a few random edits of the kinds scripts make: change,
// insert (new or duplicated lines), delete, move.
func mutate(rng *rand.Rand, lines []string) []string {
	out := append([]string(nil), lines...)
	for n := 1 + rng.Intn(4); n > 0; n-- {
		if len(out) == 0 {
			out = append(out, "int x;")
			continue
		}
		i := rng.Intn(len(out) + 1)
		switch rng.Intn(6) {
		case 0: // change a line
			if i < len(out) {
				out[i] = out[i] + " /* changed */"
			}
		case 1: // insert fresh lines
			k := 1 + rng.Intn(4)
			ins := make([]string, k)
			for j := range ins {
				ins[j] = cLines[rng.Intn(len(cLines))]
			}
			out = append(out[:i], append(ins, out[i:]...)...)
		case 2: // delete lines
			k := min(1+rng.Intn(5), len(out)-min(i, len(out)-1))
			i = min(i, len(out)-1)
			out = append(out[:i], out[i+k:]...)
		case 3: // duplicate a block
			j := rng.Intn(len(out))
			k := min(1+rng.Intn(4), len(out)-j)
			blk := append([]string(nil), out[j:j+k]...)
			out = append(out[:i], append(blk, out[i:]...)...)
		case 4: // insert a new function
			f := randomC(rng, 1)
			out = append(out[:i], append(f, out[i:]...)...)
		case 5: // re-indent a line
			if i < len(out) {
				out[i] = "\t" + out[i]
			}
		}
	}
	return out
}

func joinLines(lines []string, crlf, noeol bool) []byte {
	eol := "\n"
	if crlf {
		eol = "\r\n"
	}
	s := strings.Join(lines, eol)
	if !noeol && len(lines) > 0 {
		s += eol
	}
	return []byte(s)
}

func TestGitDifferentialRandom(t *testing.T) {
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(1))
	n := 300
	if testing.Short() {
		n = 40
	}
	n = casesFromEnv(n)
	same := 0
	for c := 0; c < n; c++ {
		old := randomC(rng, 1+rng.Intn(6))
		new := mutate(rng, old)
		crlf := rng.Intn(10) == 0
		f := File{Path: "drivers/foo/foo.c", Old: joinLines(old, crlf, rng.Intn(8) == 0), New: joinLines(new, crlf, rng.Intn(8) == 0)}
		if rng.Intn(5) == 0 {
			f.Path = "Documentation/foo.txt"
		}
		if compareWithGit(t, r, []File{f}, Options{Driver: KernelDriver}, fmt.Sprintf("case %d", c)) {
			same++
		}
	}
	t.Logf("%d/%d random cases byte-identical to git diff", same, n)
}

// compareWithGit reports whether Render matches git diff byte for byte,
// failing the test when it does not, and when the numstats differ.
func compareWithGit(t *testing.T, r *gitRepo, files []File, opt Options, name string) bool {
	t.Helper()
	var extra []string
	if opt.Context != 0 {
		extra = append(extra, fmt.Sprintf("-U%d", opt.context()))
	}
	if opt.Minimal {
		extra = append(extra, "--minimal")
	}
	want, wantNum := r.diff(files, extra...)
	var got bytes.Buffer
	if err := Render(&got, files, opt); err != nil {
		t.Fatal(err)
	}
	ok := true
	// git's own patch must parse and apply back too.
	if fps, err := Parse(want); err != nil {
		t.Errorf("%s: Parse(git diff): %v", name, err)
		ok = false
	} else {
		byPath := map[string]File{}
		for _, f := range files {
			byPath[f.Path] = f
		}
		for _, fp := range fps {
			f := byPath[fp.Path()]
			old, new := f.contents()
			if res, err := Apply(old, fp); err != nil || !bytes.Equal(res, new) {
				t.Errorf("%s: Apply(Parse(git diff)) of %s: %v", name, f.Path, err)
				ok = false
			}
		}
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s: Render differs from git diff\n--- old\n%s\n--- new\n%s\n--- git\n%s\n--- got\n%s", name, files[0].Old, files[0].New, want, got.Bytes())
		ok = false
	}
	got.Reset()
	if err := NumStat(&got, files); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), wantNum) {
		t.Errorf("%s: NumStat differs from git diff --numstat\n--- git\n%s\n--- got\n%s", name, wantNum, got.Bytes())
		ok = false
	}
	width := 20 + len(got.Bytes())%70
	if opt.Minimal {
		return ok // --numstat and --stat below are not minimal
	}
	wantStat := r.git("diff", "--text", fmt.Sprintf("--stat=%d", width))
	got.Reset()
	if err := Stat(&got, files, width); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), wantStat) {
		t.Errorf("%s: Stat differs from git diff --stat=%d\n--- git\n%s\n--- got\n%s", name, width, wantStat, got.Bytes())
		ok = false
	}
	return ok
}

// TestGitDifferentialStress uses bigger texts with many edits and many
// repeated lines, to reach xdiff's discarding of frequent lines and its
// cost cut-offs, and varies the context and --minimal.
func TestGitDifferentialStress(t *testing.T) {
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(4))
	n := 60
	if testing.Short() {
		n = 10
	}
	same := 0
	for c := 0; c < n; c++ {
		old := randomC(rng, 20+rng.Intn(200))
		new := old
		for k := rng.Intn(40); k >= 0; k-- {
			new = mutate(rng, new)
		}
		if rng.Intn(3) == 0 { // shuffle blocks: long edit scripts
			for k := 0; k < 10; k++ {
				i, j := rng.Intn(len(new)), rng.Intn(len(new))
				new[i], new[j] = new[j], new[i]
			}
		}
		opt := Options{Driver: KernelDriver}
		switch rng.Intn(5) {
		case 0:
			opt.Context = []int{-1, 1, 2, 5, 10}[rng.Intn(5)]
		case 1:
			opt.Minimal = true
		}
		f := File{Path: "drivers/stress.c", Old: joinLines(old, false, false), New: joinLines(new, false, false)}
		if compareWithGit(t, r, []File{f}, opt, fmt.Sprintf("stress %d %+v", c, opt)) {
			same++
		}
	}
	t.Logf("%d/%d stress cases byte-identical to git diff", same, n)
}

// TestPatchAccepted feeds random rendered patches to git apply --check
// and patch -p1 --dry-run.
func TestPatchAccepted(t *testing.T) {
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(5))
	for c := 0; c < 40; c++ {
		old := randomC(rng, 1+rng.Intn(6))
		new := mutate(rng, old)
		crlf, noeol := rng.Intn(5) == 0, rng.Intn(5) == 0
		files := []File{{Path: "drivers/foo/foo.c", Old: joinLines(old, crlf, noeol), New: joinLines(new, crlf, rng.Intn(5) == 0)}}
		var buf bytes.Buffer
		if err := Render(&buf, files, Options{Driver: KernelDriver}); err != nil {
			t.Fatal(err)
		}
		r.diff(files)
		r.checkAccepted(t, files, buf.Bytes())
	}
}

// TestGitDifferentialHeavy makes edit scripts long enough (thousands of
// changed lines) that xdiff stops searching for the minimal diff and uses
// its heuristics; the output must still equal git's.
func TestGitDifferentialHeavy(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(6))
	same, n := 0, 8
	for c := 0; c < n; c++ {
		nfunc := 1500 + rng.Intn(1000)
		if c == n-1 {
			nfunc = 6000 // over 64K diagonals: xdiff samples snakes before giving up
		}
		old := randomC(rng, nfunc)
		new := append([]string(nil), old...)
		rate := 3 + rng.Intn(20)
		for i := range new {
			switch rng.Intn(rate) {
			case 0:
				new[i] = cLines[rng.Intn(len(cLines))]
			case 1:
				new[i] += " // x"
			}
		}
		f := File{Path: "drivers/heavy.c", Old: joinLines(old, false, false), New: joinLines(new, false, false)}
		if compareWithGit(t, r, []File{f}, Options{Driver: KernelDriver}, fmt.Sprintf("heavy %d (%d lines, 1/%d changed)", c, len(old), rate)) {
			same++
		}
	}
	t.Logf("%d/%d heavy cases byte-identical to git diff", same, n)
}

// TestGitDifferentialU0 checks -U0 on texts long enough for git's
// trim_common_tail to cut 1 KB blocks off their common end.
func TestGitDifferentialU0(t *testing.T) {
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(7))
	same, n := 0, 40
	for c := 0; c < n; c++ {
		old := randomC(rng, 20+rng.Intn(40))
		new := old
		for k := rng.Intn(8); k >= 0; k-- {
			new = mutate(rng, new)
		}
		f := File{Path: "drivers/u0.c", Old: joinLines(old, false, rng.Intn(4) == 0), New: joinLines(new, false, rng.Intn(4) == 0)}
		if compareWithGit(t, r, []File{f}, Options{Context: -1, Driver: KernelDriver}, fmt.Sprintf("U0 %d", c)) {
			same++
		}
	}
	// One more closing brace among 1500 of them: the group slides through
	// all of them unless the trimmed tail stops it.
	braces := strings.Repeat("}\n", 1500)
	f := File{Path: "drivers/u0.c", Old: []byte("int x;\n" + braces), New: []byte("int x;\n}\n" + braces)}
	if compareWithGit(t, r, []File{f}, Options{Context: -1, Driver: KernelDriver}, "U0 braces") {
		same++
	}
	t.Logf("%d/%d -U0 cases byte-identical to git diff", same, n+1)
}

// TestGitStatMultiFile compares Stat and NumStat on several files with
// long and short names, large and small changes, at random widths.
func TestGitStatMultiFile(t *testing.T) {
	r := newGitRepo(t)
	rng := rand.New(rand.NewSource(8))
	names := []string{"a.c", "drivers/net/ethernet/intel/ixgbe/ixgbe_main.c", "include/linux/x.h",
		"Documentation/devicetree/bindings/net/a-really-long-binding-name-for-testing.yaml", "kernel/sched/core.c"}
	for c := 0; c < 15; c++ {
		var files []File
		for _, n := range names {
			if rng.Intn(3) == 0 {
				continue
			}
			old := randomC(rng, 1+rng.Intn(30))
			new := old
			for k := rng.Intn(30); k >= 0; k-- {
				new = mutate(rng, new)
			}
			files = append(files, File{Path: n, Old: joinLines(old, false, false), New: joinLines(new, false, false)})
		}
		if rng.Intn(3) == 0 { // a binary file: Bin lines in --stat, -/- in --numstat
			files = append(files, File{Path: "firmware/blob.bin", Old: []byte("x\x00y\n"), New: bytes.Repeat([]byte("\x00z\n"), rng.Intn(5000))})
		}
		if len(files) == 0 {
			continue
		}
		_, wantNum := r.diff(files)
		width := 10 + rng.Intn(120)
		wantStat := r.git("diff", "--text", fmt.Sprintf("--stat=%d", width))
		var got bytes.Buffer
		if err := Stat(&got, files, width); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), wantStat) {
			t.Errorf("case %d width %d: Stat differs\n--- git\n%s\n--- got\n%s", c, width, wantStat, got.Bytes())
		}
		got.Reset()
		if err := NumStat(&got, files); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), wantNum) {
			t.Errorf("case %d: NumStat differs\n--- git\n%s\n--- got\n%s", c, wantNum, got.Bytes())
		}
	}
}

// TestApplyLikeGit applies rendered patches to altered old files (lines
// added or removed around and inside the hunks) with Apply and with git
// apply: both must succeed with the same result, or both fail.
func TestApplyLikeGit(t *testing.T) {
	testutil.LookPath(t, "git", "comparing Apply with git apply")
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(12))
	agree, applied, compared := 0, 0, 0
	n := casesFromEnv(150)
	for c := 0; c < n; c++ {
		old := randomC(rng, 2+rng.Intn(6))
		new := mutate(rng, old)
		var buf bytes.Buffer
		if err := Render(&buf, []File{{Path: "f.c", Old: joinLines(old, false, false), New: joinLines(new, false, false)}}, Options{}); err != nil {
			t.Fatal(err)
		}
		if buf.Len() == 0 {
			continue
		}
		compared++
		// Alter the old file: insert or delete a few lines anywhere.
		alt := append([]string(nil), old...)
		for k := rng.Intn(3); k > 0; k-- {
			i := rng.Intn(len(alt) + 1)
			if rng.Intn(2) == 0 || i == len(alt) {
				alt = append(alt[:i], append([]string{fmt.Sprintf("/* inserted %d */", k)}, alt[i:]...)...)
			} else {
				alt = append(alt[:i], alt[i+1:]...)
			}
		}
		altData := joinLines(alt, false, false)
		if err := os.WriteFile(filepath.Join(dir, "f.c"), altData, 0o644); err != nil {
			t.Fatal(err)
		}
		pf := filepath.Join(dir, "p.diff")
		if err := os.WriteFile(pf, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("git", "apply", "p.diff")
		cmd.Dir = dir
		gitErr := cmd.Run()
		gitOut, _ := os.ReadFile(filepath.Join(dir, "f.c"))

		fps, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		got, applyErr := Apply(altData, fps[0])
		switch {
		case gitErr != nil && applyErr != nil:
			agree++
		case gitErr == nil && applyErr == nil && bytes.Equal(got, gitOut):
			agree++
			applied++
		default:
			t.Errorf("case %d: git apply: %v, Apply: %v\n--- patch\n%s--- altered old\n%s--- git result\n%s--- Apply result\n%s",
				c, gitErr, applyErr, buf.Bytes(), altData, gitOut, got)
		}
	}
	t.Logf("Apply agrees with git apply on %d/%d altered files (%d applied)", agree, compared, applied)
}
