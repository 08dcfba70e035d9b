package patch

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/patch goldens from Render")

// A golden case of testdata/patch. Sections:
//
//	old/PATH, new/PATH   file contents; a file only in new/ is created,
//	                     one only in old/ deleted
//	mode/PATH            "OLD NEW" octal git modes (optional)
//	options              "context=N", "nodriver" (optional)
//	want.diff            what Render (and git diff) print
//	want.stat            what Stat prints at width 80 (optional)
//	want.numstat         what NumStat prints (optional)
//
// Section names may end in ,noeol ,crlf ,esc (testutil.DecodeSection).
type golden struct {
	path  string
	ar    *txtar.Archive
	files []File
	opt   Options
	want  map[string][]byte
}

func loadGolden(t *testing.T, path string) *golden {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g := &golden{path: path, ar: txtar.Parse(data), want: map[string][]byte{}, opt: Options{Driver: KernelDriver}}
	byPath := map[string]*File{}
	file := func(p string) *File {
		if byPath[p] == nil {
			byPath[p] = &File{Path: p, Created: true, Deleted: true}
		}
		return byPath[p]
	}
	for _, f := range g.ar.Files {
		base, sfx, _ := strings.Cut(f.Name, ",")
		var suffixes []string
		if sfx != "" {
			suffixes = strings.Split(sfx, ",")
		}
		body, err := testutil.DecodeSection(f.Data, suffixes)
		if err != nil {
			t.Fatalf("%s: section %s: %v", path, f.Name, err)
		}
		switch {
		case strings.HasPrefix(base, "old/"):
			fl := file(base[4:])
			fl.Old, fl.Created = body, false
		case strings.HasPrefix(base, "new/"):
			fl := file(base[4:])
			fl.New, fl.Deleted = body, false
		case strings.HasPrefix(base, "mode/"):
			var o, n uint32
			if _, err := fmt.Sscanf(string(body), "%o %o", &o, &n); err != nil {
				t.Fatalf("%s: %s: %v", path, f.Name, err)
			}
			fl := file(base[5:])
			fl.OldMode, fl.Mode = o, n
		case base == "options":
			for _, o := range strings.Fields(string(body)) {
				switch {
				case strings.HasPrefix(o, "context="):
					g.opt.Context, _ = strconv.Atoi(o[len("context="):])
				case o == "nodriver":
					g.opt.Driver = nil
				default:
					t.Fatalf("%s: unknown option %q", path, o)
				}
			}
		case strings.HasPrefix(base, "want."):
			g.want[base] = body
		default:
			t.Fatalf("%s: unknown section %q", path, f.Name)
		}
	}
	for _, f := range byPath {
		g.files = append(g.files, *f)
	}
	sort.Slice(g.files, func(i, j int) bool { return g.files[i].Path < g.files[j].Path })
	return g
}

func goldenPaths(t *testing.T) []string {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "patch", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	return paths
}

func TestGolden(t *testing.T) {
	for _, path := range goldenPaths(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			g := loadGolden(t, path)
			got := map[string][]byte{}
			var buf bytes.Buffer
			if err := Render(&buf, g.files, g.opt); err != nil {
				t.Fatal(err)
			}
			got["want.diff"] = bytes.Clone(buf.Bytes())
			if _, ok := g.want["want.stat"]; ok {
				buf.Reset()
				if err := Stat(&buf, g.files, 80); err != nil {
					t.Fatal(err)
				}
				got["want.stat"] = bytes.Clone(buf.Bytes())
			}
			if _, ok := g.want["want.numstat"]; ok {
				buf.Reset()
				if err := NumStat(&buf, g.files); err != nil {
					t.Fatal(err)
				}
				got["want.numstat"] = bytes.Clone(buf.Bytes())
			}
			if *update {
				g.rewrite(t, got)
				return
			}
			failed := false
			for name, w := range got {
				if !bytes.Equal(w, g.want[name]) {
					t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", name, g.want[name], w)
					failed = true
				}
			}
			if failed {
				g.rewrite(t, got, ".got")
			}
			g.checkApply(t)
		})
	}
}

// checkApply re-applies want.diff to the old files and expects the new.
func (g *golden) checkApply(t *testing.T) {
	fps, err := Parse(g.want["want.diff"])
	if err != nil {
		t.Fatalf("Parse(want.diff): %v", err)
	}
	var changed []File
	for _, f := range g.files {
		if !f.unchanged() {
			changed = append(changed, f)
		}
	}
	if len(fps) != len(changed) {
		t.Fatalf("want.diff has %d files, want %d", len(fps), len(changed))
	}
	for i, fp := range fps {
		f := changed[i]
		if fp.Path() != f.Path {
			t.Errorf("file %d: path %q, want %q", i, fp.Path(), f.Path)
		}
		old, new := f.contents()
		got, err := Apply(old, fp)
		if err != nil {
			t.Errorf("%s: Apply: %v", f.Path, err)
		} else if !bytes.Equal(got, new) {
			t.Errorf("%s: Apply gave %q, want %q", f.Path, got, new)
		}
	}
}

// rewrite stores got into the archive; with suffix ".got" beside it.
func (g *golden) rewrite(t *testing.T, got map[string][]byte, suffix ...string) {
	ar := &txtar.Archive{Comment: g.ar.Comment}
	for _, f := range g.ar.Files {
		base, _, _ := strings.Cut(f.Name, ",")
		if _, ok := got[base]; !ok {
			ar.Files = append(ar.Files, f)
		}
	}
	for _, name := range []string{"want.diff", "want.stat", "want.numstat"} {
		data, ok := got[name]
		if !ok {
			continue
		}
		text, sfx := testutil.EncodeSection(data, false, false)
		if len(sfx) > 0 {
			name += "," + strings.Join(sfx, ",")
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: text})
	}
	out := g.path + strings.Join(suffix, "")
	if err := os.WriteFile(out, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(suffix) > 0 {
		t.Logf("wrote %s", out)
	}
}

// TestGoldenSuffixes guards the section-name suffixes: a case that uses
// them must really load CR LF, a missing final newline and raw bytes.
func TestGoldenSuffixes(t *testing.T) {
	seen := map[string]bool{}
	for _, path := range goldenPaths(t) {
		g := loadGolden(t, path)
		for _, f := range g.ar.Files {
			_, sfx, _ := strings.Cut(f.Name, ",")
			for _, s := range strings.Split(sfx, ",") {
				seen[s] = true
			}
		}
		for _, f := range g.ar.Files {
			name, sfx, _ := strings.Cut(f.Name, ",")
			if !strings.HasPrefix(name, "old/") && !strings.HasPrefix(name, "new/") {
				continue
			}
			var body []byte
			for _, fl := range g.files {
				if fl.Path == name[4:] {
					body = fl.Old
					if name[:4] == "new/" {
						body = fl.New
					}
				}
			}
			if strings.Contains(sfx, "crlf") && bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
				t.Errorf("%s: %s: ,crlf left a bare LF", path, f.Name)
			}
			if strings.Contains(sfx, "crlf") && !bytes.Contains(body, []byte("\r\n")) {
				t.Errorf("%s: %s: ,crlf produced no CR LF", path, f.Name)
			}
			if strings.Contains(sfx, "noeol") && bytes.HasSuffix(body, []byte("\n")) {
				t.Errorf("%s: %s: ,noeol kept the final newline", path, f.Name)
			}
		}
	}
	for _, s := range []string{"crlf", "noeol", "esc"} {
		if !seen[s] {
			t.Errorf("no golden uses the ,%s suffix", s)
		}
	}
}

// TestGoldenGit checks every golden against the oracles: git diff must
// print want.diff, and git apply --check and patch -p1 --dry-run must
// accept it.
func TestGoldenGit(t *testing.T) {
	r := newGitRepo(t)
	for _, path := range goldenPaths(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			g := loadGolden(t, path)
			if g.opt.Context != 0 || g.opt.Driver == nil {
				t.Skip("options not expressed to git")
			}
			want, numstat := r.diff(g.files)
			if !bytes.Equal(want, g.want["want.diff"]) {
				t.Errorf("git diff differs from want.diff\n--- git\n%s\n--- want.diff\n%s", want, g.want["want.diff"])
			}
			if w, ok := g.want["want.numstat"]; ok && !bytes.Equal(numstat, w) {
				t.Errorf("git diff --numstat differs\n--- git\n%s\n--- want\n%s", numstat, w)
			}
			r.checkAccepted(t, g.files, g.want["want.diff"])
		})
	}
}

// checkAccepted resets the scratch tree to the old files and asks git
// apply and GNU patch whether they accept the patch.
func (r *gitRepo) checkAccepted(t *testing.T, files []File, diff []byte) {
	t.Helper()
	if len(diff) == 0 {
		return
	}
	r.git("checkout", "-q", "--", ".")
	for _, f := range files {
		if f.Created {
			os.Remove(filepath.Join(r.dir, filepath.FromSlash(f.Path)))
		}
	}
	pf := filepath.Join(t.TempDir(), "p.diff")
	if err := os.WriteFile(pf, diff, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "apply", "--check", pf)
	cmd.Dir, cmd.Env = r.dir, r.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("git apply --check: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("patch"); err == nil {
		cmd := exec.Command("patch", "-p1", "--dry-run", "-s", "-f", "-i", pf)
		cmd.Dir = r.dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("patch -p1 --dry-run: %v\n%s", err, out)
		}
	}
}
