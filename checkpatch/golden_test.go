package checkpatch

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

// golden is one testdata/check archive: a patch, the flags to check it
// with, and the report expected (findings, then checkpatch's total line).
type golden struct {
	path  string
	arc   *txtar.Archive
	patch []byte
	flags []string
	want  []byte
}

func loadGoldens(t testing.TB) []*golden {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "check", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	var out []*golden
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g := &golden{path: p, arc: txtar.Parse(data)}
		for _, f := range g.arc.Files {
			name, suffixes, _ := strings.Cut(f.Name, ",")
			switch name {
			case "patch":
				var sfx []string
				if suffixes != "" {
					sfx = strings.Split(suffixes, ",")
				}
				if g.patch, err = testutil.DecodeSection(f.Data, sfx); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
			case "flags":
				g.flags = strings.Fields(string(f.Data))
			case "want":
				g.want = f.Data
			default:
				t.Fatalf("%s: unknown section %q", p, f.Name)
			}
		}
		if g.patch == nil {
			t.Fatalf("%s: no patch section", p)
		}
		out = append(out, g)
	}
	return out
}

// options turns a golden's flags into Options, as go-edit check reads them.
func (g *golden) options(t testing.TB) Options {
	var o Options
	for _, f := range g.flags {
		name, val, _ := strings.Cut(f, "=")
		switch name {
		case "--strict":
			o.Strict = true
		case "--ignore":
			o.Ignore = append(o.Ignore, val)
		case "--types":
			o.Types = append(o.Types, val)
		default:
			t.Fatalf("%s: unknown flag %q", g.path, f)
		}
	}
	return o
}

// report renders a result as checkpatch --show-types prints it, up to and
// including its total line.
func report(r *Result) []byte {
	var b bytes.Buffer
	for _, f := range r.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, g := range loadGoldens(t) {
		got := report(Check(g.patch, g.options(t)))
		if *update {
			for i := range g.arc.Files {
				if g.arc.Files[i].Name == "want" {
					g.arc.Files[i].Data = got
				}
			}
			if g.want == nil {
				g.arc.Files = append(g.arc.Files, txtar.File{Name: "want", Data: got})
			}
			if err := os.WriteFile(g.path, txtar.Format(g.arc), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if d := testutil.LineDiff(g.want, got); d != "" {
			t.Errorf("%s: report differs (-want +got):\n%s", g.path, d)
			os.WriteFile(g.path+".got", got, 0o644)
		}
	}
}

// TestGoldenTypes wants every type Check can report to be shown by some
// golden, so that each rule has a test.
func TestGoldenTypes(t *testing.T) {
	seen := map[string]bool{}
	typeRe := regexp.MustCompile(`(?m)^(?:ERROR|WARNING|CHECK):([A-Z0-9_]+):`)
	for _, g := range loadGoldens(t) {
		for _, m := range typeRe.FindAllStringSubmatch(string(g.want), -1) {
			seen[m[1]] = true
		}
	}
	for _, typ := range Types() {
		if !seen[typ] {
			t.Errorf("no golden reports %s", typ)
		}
	}
}

// TestGoldenOracle runs the kernel's own scripts/checkpatch.pl on every
// golden patch: its report must be the golden's, byte for byte. This is
// what makes the goldens trustworthy; they are written by -update from
// go-edit's output.
func TestGoldenOracle(t *testing.T) {
	script := checkpatchScript(t)
	for _, g := range loadGoldens(t) {
		args := []string{script, "--no-tree", "--show-types", "--no-color"}
		args = append(args, g.flags...)
		out := runCheckpatch(t, append(args, "-"), g.patch)
		if d := testutil.LineDiff(g.want, out); d != "" {
			t.Errorf("%s: checkpatch.pl disagrees (-golden +checkpatch.pl):\n%s", g.path, d)
		}
	}
}

// checkpatchScript locates scripts/checkpatch.pl of the kernel tree, or
// skips the test.
func checkpatchScript(t *testing.T) string {
	t.Helper()
	testutil.LookPath(t, "perl", "checkpatch.pl is a perl script")
	return filepath.Join(testutil.KernelTree(t), "scripts", "checkpatch.pl")
}

// runCheckpatch runs checkpatch.pl and returns its report up to and
// including the total line (the notes after it are checkpatch's own).
func runCheckpatch(t *testing.T, args []string, stdin []byte) []byte {
	t.Helper()
	cmd := exec.Command("perl", args...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Dir = t.TempDir() // no .git here: no commit lookups
	out, err := cmd.Output()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("checkpatch.pl: %v", err)
		}
	}
	if i := bytes.Index(out, []byte("\ntotal: ")); i >= 0 {
		j := bytes.IndexByte(out[i+1:], '\n')
		return out[:i+1+j+1]
	}
	if bytes.HasPrefix(out, []byte("total: ")) {
		return out[:bytes.IndexByte(out, '\n')+1]
	}
	return out
}

// TestParallel checks a patch of many files both ways: walked in parallel
// per file, and in one ordered walk. The reports must be the same.
func TestParallel(t *testing.T) {
	var b bytes.Buffer
	for b.Len() < 150000 {
		for _, g := range loadGoldens(t) {
			if bytes.HasPrefix(g.patch, []byte("diff --git ")) {
				b.Write(g.patch)
			}
		}
	}
	data := b.Bytes()
	check := func(from int) []byte {
		c := &checker{opt: Options{Strict: true}, ignore: upperSet(nil), only: upperSet(nil), maxLen: 100, parallelFrom: from}
		c.raw = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		c.lines = sanitiseAll(c.raw, true)
		c.run()
		c.res.Checks = c.check
		return report(&c.res)
	}
	seq, par := check(1<<30), check(0)
	if d := testutil.LineDiff(seq, par); d != "" {
		t.Errorf("parallel walk differs (-sequential +parallel):\n%s", d)
	}
	if !bytes.Equal(report(Check(data, Options{Strict: true})), par) {
		t.Error("Check does not walk in parallel as the test does")
	}
}
