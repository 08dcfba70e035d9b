package tree

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readForWrite selects and reads root's files the way go-edit exec does and
// returns a Write per file that appends suffix.
func readForWrite(t *testing.T, root string, paths ...string) []Write {
	t.Helper()
	set, err := Select(root, Options{Cwd: root, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	var writes []Write
	_, err = set.Process(2, nil, func(f *File) (any, error) {
		return Write{Path: f.Path, Stamp: f.Stamp(), New: append([]byte(string(f.Data)), "new\n"...)}, nil
	}, func(_ string, r any) error { writes = append(writes, r.(Write)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return writes
}

func commitTree(t *testing.T) string {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"Kbuild": "", "Kconfig": "", "MAINTAINERS": "",
		"a/one.c": "one\n", "a/two.c": "two\n", "b/three.c": "three\n",
	})
	os.Chmod(filepath.Join(root, "a/two.c"), 0o750)
	return root
}

// snapshot records every file under root (contents, mode) and fails on a
// leftover temporary or backup file.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if strings.Contains(d.Name(), ".go-edit-") {
			t.Errorf("left behind: %s", p)
		}
		fi, _ := os.Lstat(p)
		data, _ := os.ReadFile(p)
		m[p] = fi.Mode().String() + " " + string(data)
		return nil
	})
	return m
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed: %q -> %q", p, v, after[p])
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

func TestCommit(t *testing.T) {
	root := commitTree(t)
	writes := readForWrite(t, root, "a", "b")
	if err := Commit(root, writes); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a/one.c", "a/two.c", "b/three.c"} {
		data, _ := os.ReadFile(filepath.Join(root, p))
		if !strings.HasSuffix(string(data), "new\n") {
			t.Errorf("%s = %q", p, data)
		}
	}
	if fi, _ := os.Stat(filepath.Join(root, "a/two.c")); fi.Mode() != 0o750 {
		t.Errorf("mode %v, want 0750", fi.Mode())
	}
	snapshot(t, root)
}

// TestCommitOwner: as root (as in CI) the owner and the set-group-ID bit
// survive the rewrite.
func TestCommitOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files away")
	}
	root := commitTree(t)
	p := filepath.Join(root, "a/one.c")
	if err := os.Chown(p, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o640|os.ModeSetgid)
	if err := Commit(root, readForWrite(t, root, "a/one.c")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 1234 || st.Gid != 5678 || fi.Mode() != 0o640|os.ModeSetgid {
		t.Errorf("owner %d:%d mode %v", st.Uid, st.Gid, fi.Mode())
	}
}

// TestCommitAllOrNothing breaks the second of three writes in every way
// and checks that no file changed and nothing was left behind.
func TestCommitAllOrNothing(t *testing.T) {
	tests := []struct {
		name   string
		code   Code
		path   string
		break_ func(t *testing.T, root string)
		hook   commitHook
	}{
		{name: "modified", code: CodeModified, path: "a/two.c", break_: func(t *testing.T, root string) {
			os.WriteFile(filepath.Join(root, "a/two.c"), []byte("changed\n"), 0o750)
		}},
		{name: "same size and mtime, other contents", code: CodeModified, path: "a/two.c", break_: func(t *testing.T, root string) {
			p := filepath.Join(root, "a/two.c")
			fi, _ := os.Stat(p)
			os.WriteFile(p, []byte("TWO\n"), 0o750)
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}},
		{name: "disappeared", code: CodeModified, path: "a/two.c", break_: func(t *testing.T, root string) {
			os.Remove(filepath.Join(root, "a/two.c"))
		}},
		{name: "replaced by a directory", code: CodeModified, path: "a/two.c", break_: func(t *testing.T, root string) {
			p := filepath.Join(root, "a/two.c")
			os.Remove(p)
			os.Mkdir(p, 0o755)
		}},
		{name: "symlink swapped in", code: CodeSymlink, path: "a/two.c", break_: func(t *testing.T, root string) {
			p := filepath.Join(root, "a/two.c")
			os.Rename(p, p+".moved")
			os.Symlink("two.c.moved", p)
		}},
		{name: "directory gone", code: CodeModified, path: "b/three.c", break_: func(t *testing.T, root string) {
			os.RemoveAll(filepath.Join(root, "b"))
		}},
		{name: "directory swapped for a symlink", code: CodeSymlink, path: "b/three.c", break_: func(t *testing.T, root string) {
			os.Rename(filepath.Join(root, "b"), filepath.Join(root, "elsewhere"))
			os.Symlink("elsewhere", filepath.Join(root, "b"))
		}},
		{name: "staging fails (disk full)", code: CodeWrite, path: "a/two.c", hook: func(step, path string) error {
			if step == "stage" && path == "a/two.c" {
				return syscall.ENOSPC
			}
			return nil
		}},
		{name: "rename fails", code: CodeWrite, path: "a/two.c", hook: func(step, path string) error {
			if step == "rename" && path == "a/two.c" {
				return syscall.EIO
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := commitTree(t)
			writes := readForWrite(t, root, "a", "b")
			if len(writes) != 3 {
				t.Fatalf("%d writes", len(writes))
			}
			if tt.break_ != nil {
				time.Sleep(10 * time.Millisecond) // let a rewrite get another mtime
				tt.break_(t, root)
			}
			before := snapshot(t, root)
			err := commit(root, writes, tt.hook)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Path != tt.path {
				t.Fatalf("error %v, want %s for %s", err, tt.code, tt.path)
			}
			sameSnapshot(t, before, snapshot(t, root))
		})
	}
}

func TestCommitRefusesEscapes(t *testing.T) {
	root := commitTree(t)
	os.Symlink("..", filepath.Join(root, "up"))
	for _, p := range []string{"../x.c", "/etc/passwd", "a/../../x.c", "a//one.c", "./a/one.c", "", "up/x.c"} {
		err := Commit(root, []Write{{Path: p, New: []byte("x")}})
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeOutsideRoot && e.Code != CodeSymlink {
			t.Errorf("%q: %v", p, err)
		}
	}
	w := readForWrite(t, root, "a/one.c")
	if err := Commit(root, append(w, w...)); err == nil {
		t.Error("the same file written twice")
	}
	snapshot(t, root)
}
