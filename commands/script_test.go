package commands

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/patch"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected sections of testdata/script/*.txtar")

// TestScript runs the CLI cases of testdata/script/*.txtar in-process.
//
// Sections: "args" (one argument per line; $TREE is a fresh copy of
// testdata/sample), "stdin", "files/PATH" (added to the tree copy before
// the run), "stdout", "stderr" and "exit" (expected; $TREE stands for the
// copy in them too) and "want/PATH" (a file of the tree after the run).
// Section names may end in ",noeol", ",crlf" or ",esc" (see
// testdata/edit/README.md).
//
// Every case whose stdout is a patch is also applied, with the in-process
// applier and with git apply, to fresh copies of the tree, and the results
// must equal what the same command with -w writes.
func TestScript(t *testing.T) {
	paths, err := filepath.Glob("../testdata/script/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in testdata/script: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runScriptCase(t, path)
		})
	}
}

// scriptCase is one decoded testdata/script archive.
type scriptCase struct {
	ar       *txtar.Archive
	args     []string
	stdin    []byte
	files    map[string][]byte
	want     map[string][]byte
	sections map[string][]byte // stdout, stderr, exit
}

func loadScriptCase(t *testing.T, path string) *scriptCase {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &scriptCase{ar: ar, files: map[string][]byte{}, want: map[string][]byte{}, sections: map[string][]byte{}}
	for _, f := range ar.Files {
		name, suffixes, _ := strings.Cut(f.Name, ",")
		var sfx []string
		if suffixes != "" {
			sfx = strings.Split(suffixes, ",")
		}
		data, err := testutil.DecodeSection(f.Data, sfx)
		if err != nil {
			t.Fatalf("section %s: %v", f.Name, err)
		}
		switch {
		case name == "args":
			c.args = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		case name == "stdin":
			c.stdin = data
		case strings.HasPrefix(name, "files/"):
			c.files[strings.TrimPrefix(name, "files/")] = data
		case strings.HasPrefix(name, "want/"):
			c.want[strings.TrimPrefix(name, "want/")] = data
		case name == "stdout" || name == "stderr" || name == "exit":
			c.sections[name] = data
		default:
			t.Fatalf("unknown section %q", f.Name)
		}
	}
	if c.args == nil {
		t.Fatal("no args section")
	}
	return c
}

func runScriptCase(t *testing.T, path string) {
	c := loadScriptCase(t, path)
	dir := sampleCopy(t, c.files)
	stdout, stderr, code := runIn(dir, c.args, c.stdin)
	got := map[string][]byte{
		"stdout": []byte(strings.ReplaceAll(string(stdout), dir, "$TREE")),
		"stderr": []byte(strings.ReplaceAll(string(stderr), dir, "$TREE")),
		"exit":   []byte(strconv.Itoa(code) + "\n"),
	}
	if *update {
		rewriteScriptCase(t, path, c, got)
		return
	}
	for _, name := range []string{"stdout", "stderr", "exit"} {
		want, ok := c.sections[name]
		if !ok && name == "exit" {
			want = []byte("0\n")
		}
		if !bytes.Equal(got[name], want) {
			t.Errorf("%s:\n got: %q\nwant: %q", name, got[name], want)
		}
	}
	for p, want := range c.want {
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Errorf("want/%s: %v", p, err)
		} else if !bytes.Equal(data, want) {
			t.Errorf("want/%s:\n got: %q\nwant: %q", p, data, want)
		}
	}
	if code == 0 && bytes.HasPrefix(stdout, []byte("diff --git ")) {
		checkPatchReapplies(t, c, stdout)
	}
	if code == 0 && (bytes.HasPrefix(stdout, []byte("From ")) || bytes.Contains(stdout, []byte("0000-cover-letter.patch"))) {
		checkMailApplies(t, c, dir, stdout)
	}
}

// checkMailApplies feeds a printed mail, or the patches of a --split
// series, to git am in a repository holding a fresh copy of the tree, and
// compares each patched file with what -w writes.
func checkMailApplies(t *testing.T, c *scriptCase, dir string, stdout []byte) {
	git := testutil.LookPath(t, "git", "mails are checked with git am")
	mails := [][]byte{stdout}
	if !bytes.HasPrefix(stdout, []byte("From ")) {
		mails = nil
		for _, name := range strings.Fields(string(stdout)) {
			if strings.HasSuffix(name, "0000-cover-letter.patch") {
				continue
			}
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			mails = append(mails, data)
		}
	}
	written := sampleCopy(t, c.files)
	var wargs []string
	for i := 0; i < len(c.args); i++ {
		switch a := c.args[i]; a {
		case "--format-patch", "--split", "-s":
		case "-o", "-m", "--author", "--date", "--message-file":
			i++
		default:
			wargs = append(wargs, a)
		}
	}
	if _, stderr, code := runIn(written, append([]string{"exec", "-w"}, wargs[1:]...), c.stdin); code != 0 {
		t.Fatalf("with -w: exit %d: %s", code, stderr)
	}
	repo := sampleCopy(t, c.files)
	ident := []string{"-c", "user.name=go-edit", "-c", "user.email=go-edit@example.org"}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A", "-f"}, append(ident, "commit", "-q", "-m", "sample")} {
		runGit(t, git, repo, nil, args...)
	}
	for _, mail := range mails {
		// --keep-cr: mailsplit would strip the CRs of the CRLF file otherwise,
		// as it does for mails from git format-patch.
		runGit(t, git, repo, mail, append(ident, "am", "-q", "--keep-cr")...)
	}
	for _, fp := range changedPaths(t, git, repo) {
		assertSameFile(t, "git am", filepath.Join(repo, fp), filepath.Join(written, fp))
	}
}

// changedPaths lists the files the commits after the first one touched.
func changedPaths(t *testing.T, git, repo string) []string {
	out := runGit(t, git, repo, nil, "diff", "--name-only", "HEAD~"+strconv.Itoa(len(strings.Fields(string(runGit(t, git, repo, nil, "rev-list", "HEAD"))))-1), "HEAD")
	paths := strings.Fields(string(out))
	if len(paths) == 0 {
		t.Fatal("git am applied nothing")
	}
	return paths
}

// checkPatchReapplies applies a printed patch to fresh copies of the tree,
// in-process and with git apply, and compares both with what -w writes.
func checkPatchReapplies(t *testing.T, c *scriptCase, diff []byte) {
	written := sampleCopy(t, c.files)
	if _, stderr, code := runIn(written, append([]string{c.args[0], "-w"}, c.args[1:]...), c.stdin); code != 0 {
		t.Fatalf("with -w: exit %d: %s", code, stderr)
	}
	applied := sampleCopy(t, c.files)
	fps, err := patch.Parse(diff)
	if err != nil {
		t.Fatalf("patch.Parse of the output: %v", err)
	}
	for _, fp := range fps {
		name := filepath.Join(applied, fp.Path())
		old, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		updated, err := patch.Apply(old, fp)
		if err != nil {
			t.Fatalf("patch.Apply %s: %v", fp.Path(), err)
		}
		if err := os.WriteFile(name, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		assertSameFile(t, "in-process apply", name, filepath.Join(written, fp.Path()))
	}
	if git, err := exec.LookPath("git"); err == nil {
		gitApplied := sampleCopy(t, c.files)
		cmd := exec.Command(git, "apply", "--unsafe-paths", "-")
		cmd.Dir = gitApplied
		cmd.Stdin = bytes.NewReader(diff)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git apply: %v\n%s", err, out)
		}
		for _, fp := range fps {
			assertSameFile(t, "git apply", filepath.Join(gitApplied, fp.Path()), filepath.Join(written, fp.Path()))
		}
	}
}

func assertSameFile(t *testing.T, how, got, want string) {
	t.Helper()
	a, err1 := os.ReadFile(got)
	b, err2 := os.ReadFile(want)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: %v %v", how, err1, err2)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s of the printed patch differs from -w for %s:\n%q\n%q", how, filepath.Base(got), a, b)
	}
}

// runIn runs go-edit in-process with $TREE in args replaced by dir.
func runIn(dir string, args []string, stdin []byte) (stdout, stderr []byte, code int) {
	// In-process runs must not confine the test binary itself; the
	// sandbox's own tests run go-edit in child processes.
	expanded := []string{"--sandbox=off"}
	for _, a := range args {
		expanded = append(expanded, strings.ReplaceAll(a, "$TREE", dir))
	}
	var out, errOut bytes.Buffer
	code = run("test", expanded, streams{bytes.NewReader(stdin), &out, &errOut})
	return out.Bytes(), errOut.Bytes(), code
}

// sampleCopy copies testdata/sample (symlinks kept as symlinks) into a
// temporary directory and adds extra files.
func sampleCopy(t *testing.T, extra map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	src := "../testdata/sample"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(dir, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range extra {
		name := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// rewriteScriptCase stores the observed stdout, stderr and exit status.
func rewriteScriptCase(t *testing.T, path string, c *scriptCase, got map[string][]byte) {
	var files []txtar.File
	for _, f := range c.ar.Files {
		name, _, _ := strings.Cut(f.Name, ",")
		if name == "stdout" || name == "stderr" || name == "exit" {
			continue
		}
		files = append(files, f)
	}
	for _, name := range []string{"stdout", "stderr", "exit"} {
		data := got[name]
		if len(data) == 0 || (name == "exit" && string(data) == "0\n") {
			continue
		}
		enc, sfx := testutil.EncodeSection(data, false, false)
		if len(sfx) > 0 {
			name += "," + strings.Join(sfx, ",")
		}
		files = append(files, txtar.File{Name: name, Data: enc})
	}
	c.ar.Files = files
	if err := os.WriteFile(path, txtar.Format(c.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
