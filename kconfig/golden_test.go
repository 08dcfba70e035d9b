package kconfig_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/kconfig"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/kconfig goldens")

// A golden case (testdata/kconfig/*.txtar) is a small Kconfig tree written
// for go-edit, an optional input .config and what must come out:
//
//	-- Kconfig --, -- other/Kconfig -- ...   the tree (srctree)
//	-- .config --                             input (",crlf" suffix: CR LF)
//	-- flags --                               olddefconfig (default),
//	                                          defconfig, savedefconfig,
//	                                          set NAME=VALUE...
//	-- want/.config --                        expected configuration
//	-- want/defconfig --                      expected savedefconfig output
//	-- error --                               expected error text
//	-- stdout --                              $(info,...) output
//
// Every case runs in-process; TestGoldenOracle runs the same trees
// through the C conf built from the Linux tree.
type golden struct {
	path    string
	archive *txtar.Archive
	files   map[string][]byte
}

func loadGoldens(t *testing.T) []*golden {
	t.Helper()
	dir := filepath.Join(testutil.RepoRoot(t), "testdata", "kconfig")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens in %s: %v", dir, err)
	}
	sort.Strings(paths)
	var out []*golden
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g := &golden{path: p, archive: a, files: map[string][]byte{}}
		for _, f := range a.Files {
			name, suffix, _ := strings.Cut(f.Name, ",")
			data := f.Data
			if suffix != "" {
				if data, err = testutil.DecodeSection(f.Data, strings.Split(suffix, ",")); err != nil {
					t.Fatalf("%s: section %s: %v", p, f.Name, err)
				}
			}
			g.files[name] = data
		}
		out = append(out, g)
	}
	return out
}

func (g *golden) name() string { return strings.TrimSuffix(filepath.Base(g.path), ".txtar") }

// tree writes the Kconfig files of the case into a temporary srctree.
func (g *golden) tree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range g.files {
		if name == ".config" || name == "flags" || name == "error" || name == "stdout" || strings.HasPrefix(name, "want/") {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (g *golden) flags() []string { return strings.Fields(string(g.files["flags"])) }

// goldenVars is the environment a golden tree is parsed with; the oracle
// gets the same variables.
func goldenVars(srctree string) map[string]string {
	return map[string]string{"srctree": srctree, "ARCH": "x86", "SRCARCH": "x86", "KERNELVERSION": "6.1.0", "CC": "gcc"}
}

// run evaluates the case with go-edit and returns the sections it
// produces.
func (g *golden) run(t *testing.T) map[string][]byte {
	dir := g.tree(t)
	var info bytes.Buffer
	env := &kconfig.Env{Srctree: dir, Vars: goldenVars(dir), Shell: &kconfig.ExecShell{Dir: dir}, Info: &info,
		Getenv: func(k string) (string, bool) {
			if k == "GOEDIT_TEST_ENV" {
				return "from-environment", true
			}
			return "", false
		}}
	got := map[string][]byte{}
	c, err := kconfig.Parse(env)
	if info.Len() > 0 {
		got["stdout"] = info.Bytes()
	}
	if err != nil {
		got["error"] = []byte(err.Error() + "\n")
		return got
	}
	in, hasIn := g.files[".config"]
	flags := g.flags()
	mode := "olddefconfig"
	if len(flags) > 0 {
		mode = flags[0]
	}
	switch mode {
	case "olddefconfig":
		if hasIn {
			c.ReadConfig(".config", in)
		}
		got["want/.config"] = c.Write()
	case "defconfig":
		c.ReadConfig("defconfig", in)
		c.PinChoices()
		got["want/.config"] = c.Write()
	case "savedefconfig":
		c.ReadConfig(".config", in)
		got["want/defconfig"] = c.WriteMinimal()
	case "set":
		var as []kconfig.Assignment
		for _, f := range flags[1:] {
			a, err := kconfig.ParseAssignment(f)
			if err != nil {
				t.Fatal(err)
			}
			as = append(as, a)
		}
		res := c.Set(".config", in, as)
		if len(res.Failures) > 0 {
			var b strings.Builder
			for _, f := range res.Failures {
				fmt.Fprintf(&b, "%s: %s=%s: %s\n", f.Code, f.Name, f.Value, f.Msg)
			}
			got["error"] = []byte(b.String())
		} else {
			got["want/.config"] = res.Config
		}
	default:
		t.Fatalf("unknown flags %q", flags)
	}
	return got
}

// TestGolden runs every case of testdata/kconfig; -update rewrites the
// expected sections from go-edit's output (then TestGoldenOracle checks
// them against the C tool).
func TestGolden(t *testing.T) {
	for _, g := range loadGoldens(t) {
		t.Run(g.name(), func(t *testing.T) {
			got := g.run(t)
			if *update {
				g.rewrite(t, got)
				return
			}
			for _, sec := range []string{"want/.config", "want/defconfig", "error", "stdout"} {
				want, hasWant := g.files[sec]
				have, hasGot := got[sec]
				if hasWant != hasGot {
					t.Errorf("section %s: expected present=%v, got present=%v\n%s", sec, hasWant, hasGot, have)
					continue
				}
				if !bytes.Equal(want, have) {
					t.Errorf("section %s differs:\n%s", sec, testutil.LineDiff(want, have))
				}
			}
		})
	}
}

func (g *golden) rewrite(t *testing.T, got map[string][]byte) {
	var files []txtar.File
	for _, f := range g.archive.Files {
		name, _, _ := strings.Cut(f.Name, ",")
		switch name {
		case "want/.config", "want/defconfig", "error", "stdout":
			continue
		}
		files = append(files, f)
	}
	for _, sec := range []string{"stdout", "error", "want/.config", "want/defconfig"} {
		if data, ok := got[sec]; ok {
			files = append(files, txtar.File{Name: sec, Data: data})
		}
	}
	g.archive.Files = files
	if err := os.WriteFile(g.path, txtar.Format(g.archive), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	confOnce sync.Once
	confPath string
	confErr  error
)

// buildConf builds scripts/kconfig/conf from the Linux tree once per test
// binary.
func buildConf(t *testing.T) string {
	t.Helper()
	ksrc := testutil.KernelTree(t)
	testutil.LookPath(t, "make", "the C oracle is built with make")
	confOnce.Do(func() {
		dir, err := os.MkdirTemp("", "go-edit-conf-")
		if err != nil {
			confErr = err
			return
		}
		out, err := exec.Command("make", "-s", "-C", ksrc, "O="+dir, "ARCH=x86", "allnoconfig").CombinedOutput()
		if err != nil {
			confErr = fmt.Errorf("building conf: %v\n%s", err, out)
			return
		}
		confPath = filepath.Join(dir, "scripts", "kconfig", "conf")
	})
	if confErr != nil {
		t.Fatal(confErr)
	}
	return confPath
}

// TestGoldenOracle runs each golden tree through the C conf of Linux 6.1
// and checks that the expected .config (or savedefconfig output) is what
// conf writes, and that conf also fails where an error is expected.
func TestGoldenOracle(t *testing.T) {
	conf := buildConf(t)
	for _, g := range loadGoldens(t) {
		t.Run(g.name(), func(t *testing.T) {
			flags := g.flags()
			if len(flags) > 0 && flags[0] == "set" {
				t.Skip("set has no conf equivalent; TestKernelOracleSet covers it")
			}
			dir := g.tree(t)
			obj := t.TempDir()
			args := []string{"--olddefconfig"}
			want := g.files["want/.config"]
			outName := ".config"
			if in, ok := g.files[".config"]; ok {
				if err := os.WriteFile(filepath.Join(obj, ".config"), in, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if len(flags) > 0 {
				switch flags[0] {
				case "defconfig":
					os.Rename(filepath.Join(obj, ".config"), filepath.Join(obj, "input.defconfig"))
					args = []string{"--defconfig=input.defconfig"}
				case "savedefconfig":
					args = []string{"--savedefconfig=out.defconfig"}
					want, outName = g.files["want/defconfig"], "out.defconfig"
				}
			}
			cmd := exec.Command(conf, append(args, "Kconfig")...)
			cmd.Dir = obj
			for k, v := range goldenVars(dir) {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			cmd.Env = append(cmd.Env, "PATH="+os.Getenv("PATH"), "GOEDIT_TEST_ENV=from-environment")
			out, err := cmd.CombinedOutput()
			if _, wantErr := g.files["error"]; wantErr {
				if err == nil {
					t.Errorf("conf accepted a tree go-edit rejects; conf said:\n%s", out)
				}
				return
			}
			if err != nil {
				t.Fatalf("conf failed: %v\n%s", err, out)
			}
			have, err := os.ReadFile(filepath.Join(obj, outName))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(have, want) {
				t.Errorf("conf output differs from the golden:\n%s", testutil.LineDiff(want, have))
			}
		})
	}
}
