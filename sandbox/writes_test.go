package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The property: whatever file operations a command script could make
// go-edit attempt under the exec -w profile — writes, appends, in-place
// rewrites, renames, links, symlinks and directories, with ".." and
// absolute paths, through symlinks in the tree that point outside —
// nothing outside the tree changes. The engine itself has no file system
// access; this checks the layer that would have to stop a bug in the tree
// writer (internal/tree) or the command wiring.
//
// Each input is a list of operations, one a line: "w P" (create or
// truncate and write), "a P" (append to an existing file), "t P" (temp
// file + rename, as internal/tree does), "r P Q" (rename), "h P Q" (hard
// link), "l T P" (symlink T at P), "m P" (mkdir), "u P" (remove). Paths
// are relative to the tree. So that a broken sandbox cannot damage the
// machine running the test, the child keeps every path, and every
// symlink target, inside the scratch directory; the property is about
// scratch/outside and scratch itself.

// runWriteOps is the child side (GOEDIT_SANDBOX_CHILD=writes).
func runWriteOps(dir, ops string, m Mode) error {
	tree := filepath.Join(dir, "tree")
	if err := Install(ExecProfile(tree, true, nil), m); err != nil {
		return err
	}
	clamp := func(p string) string {
		if filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		} else {
			p = filepath.Join(tree, p)
		}
		if p != dir && !strings.HasPrefix(p, dir+"/") {
			p = filepath.Join(dir, "escaped")
		}
		return p
	}
	lines := strings.Split(ops, "\n")
	if len(lines) > 32 {
		lines = lines[:32]
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		p := clamp(f[1])
		q := p
		if len(f) > 2 {
			q = clamp(f[2])
		}
		var err error
		switch f[0] {
		case "w":
			err = os.WriteFile(p, []byte("w\n"), 0o644)
		case "a":
			var fh *os.File
			if fh, err = os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0); err == nil {
				_, err = fh.WriteString("a\n")
				fh.Close()
			}
		case "t":
			err = rewrite(p)("")
		case "r":
			err = os.Rename(p, q)
		case "h":
			err = os.Link(p, q)
		case "l":
			err = os.Symlink(p, q) // target clamped too
		case "m":
			err = os.Mkdir(p, 0o755)
		case "u":
			err = os.Remove(p)
		}
		fmt.Printf("%s\t%v\n", line, err)
	}
	return nil
}

// snapshot records everything under dir except tree/: names, types,
// modes, contents and link targets, without following symlinks.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "tree" {
			return filepath.SkipDir
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		v := fi.Mode().String()
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			v += " -> " + target
		case fi.Mode().IsRegular():
			b, _ := os.ReadFile(p)
			v += " " + string(b)
		}
		snap[rel] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func FuzzConfinedWrites(f *testing.F) {
	requireSupport(f)
	for _, seed := range []string{
		"w ../outside/new",
		"w /outside/secret",
		"a link-out",
		"w link-out",
		"t link-out",
		"t dirlink/secret",
		"w dirlink/new",
		"r a.c ../outside/a.c",
		"r ../outside/secret stolen",
		"h ../outside/secret hl\na hl",
		"l ../outside/secret sl\na sl",
		"l /outside sd\nw sd/new",
		"m ../outside/d",
		"u ../outside/secret",
		"u link-out\nw link-out",
		"r link-out moved\na moved",
		"w ../../../../etc/x",
		"t sub/b.c\nt a.c\nw sub/new.c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ops string) {
		if strings.ContainsRune(ops, 0) {
			return // environment variables cannot carry NUL
		}
		if changed := writesOutside(t, ops, On); changed != "" {
			t.Error(changed)
		}
	})
}

// TestWritesPropertyDetects shows the property check can fail: without
// the sandbox, the same operations do change things outside the tree.
func TestWritesPropertyDetects(t *testing.T) {
	for _, ops := range []string{"w ../outside/new", "a link-out", "t dirlink/secret", "h ../outside/secret hl\na hl"} {
		if writesOutside(t, ops, Off) == "" {
			t.Errorf("unconfined, %q changed nothing outside the tree: the check is blind", ops)
		}
	}
}

// writesOutside runs ops in a child confined in mode m and describes what
// changed outside the tree ("" for nothing).
func writesOutside(t *testing.T, ops string, m Mode) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := makeScratch(dir); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "GOEDIT_SANDBOX_CHILD=writes", "GOEDIT_SANDBOX_CHILD_DIR="+dir,
		"GOEDIT_SANDBOX_CHILD_MODE="+string(m), "GOEDIT_SANDBOX_CHILD_OPS="+ops)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	after := snapshot(t, dir)
	var b strings.Builder
	for k, v := range after {
		if before[k] != v {
			fmt.Fprintf(&b, "outside the tree, %s is now %q (was %q)\n", k, v, before[k])
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			fmt.Fprintf(&b, "outside the tree, %s was removed\n", k)
		}
	}
	if b.Len() > 0 {
		fmt.Fprintf(&b, "ops:\n%s\nchild:\n%s", ops, out)
	}
	return b.String()
}
