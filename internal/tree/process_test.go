package tree

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// manyFiles makes a tree of n small files, some binary, and returns its Set.
func manyFiles(t *testing.T, n int) *Set {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{"Kbuild": "", "Kconfig": "", "MAINTAINERS": ""}
	for i := range n {
		data := fmt.Sprintf("file %d\n", i)
		if i%10 == 3 {
			data += "printk(KERN_ERR \"x\");\n"
		}
		if i%17 == 5 {
			data = "\x00binary"
		}
		files[fmt.Sprintf("d%d/f%03d.c", i%7, i)] = data
	}
	writeTree(t, root, files)
	set, err := Select(root, Options{Cwd: root})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestProcessOrder runs workers with random delays (under -race in CI):
// the results must come out in path order every time, the bounded window
// must hold, and the counts must add up.
func TestProcessOrder(t *testing.T) {
	set := manyFiles(t, 400)
	needle := []byte("KERN_ERR")
	var want []string
	for _, p := range set.Files {
		data, _ := os.ReadFile(filepath.Join(set.Root, p))
		if !bytes.Contains(data[:min(len(data), 8192)], []byte{0}) && bytes.Contains(data, needle) {
			want = append(want, p)
		}
	}
	for _, workers := range []int{1, 2, 8} {
		var inflight, peak atomic.Int64
		var got []string
		stats, err := set.Process(workers, func(d []byte) bool { return bytes.Contains(d, needle) },
			func(f *File) (any, error) {
				if n := inflight.Add(1); n > peak.Load() {
					peak.Store(n)
				}
				time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
				return string(f.Data), nil // a copy: Data is reused
			},
			func(path string, res any) error {
				inflight.Add(-1)
				data, _ := os.ReadFile(filepath.Join(set.Root, path))
				if res.(string) != string(data) {
					t.Errorf("%s: result %q is not its contents", path, res)
				}
				got = append(got, path)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("workers %d: order:\n%s", workers, diffLists(want, got))
		}
		if p := peak.Load(); p > int64(reorderWindow(workers)) {
			t.Errorf("workers %d: %d results waiting, window is %d", workers, p, reorderWindow(workers))
		}
		if stats.Seen != len(set.Files) || stats.Processed != len(want) ||
			stats.Binary+stats.Prefiltered+stats.Processed != stats.Seen || stats.Binary != 24 {
			t.Errorf("workers %d: stats %+v", workers, stats)
		}
	}
}

// TestProcessFirstError: the error returned is the first in path order,
// even when a later file fails first.
func TestProcessFirstError(t *testing.T) {
	set := manyFiles(t, 100)
	early, late := set.Files[40], set.Files[41]
	var emitted []string
	_, err := set.Process(4, nil, func(f *File) (any, error) {
		switch f.Path {
		case early:
			time.Sleep(20 * time.Millisecond)
			return nil, errors.New("early")
		case late:
			return nil, errors.New("late")
		}
		return nil, nil
	}, func(path string, _ any) error { emitted = append(emitted, path); return nil })
	if err == nil || err.Error() != "early" {
		t.Fatalf("error = %v, want early", err)
	}
	for _, p := range emitted {
		if p >= early {
			t.Errorf("%s emitted after the failing %s", p, early)
		}
	}
	// An emit error stops the run too.
	stop := errors.New("stop")
	n := 0
	_, err = set.Process(2, nil, func(*File) (any, error) { return nil, nil },
		func(string, any) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("emit error: %v after %d calls", err, n)
	}
}

// TestProcessSwapped: a file replaced by a symlink, a FIFO or nothing
// between Select and Process is not followed, blocked on, or read.
func TestProcessSwapped(t *testing.T) {
	set := manyFiles(t, 30)
	abs := func(p string) string { return filepath.Join(set.Root, p) }
	os.Remove(abs(set.Files[3]))
	os.Symlink("../Kbuild", abs(set.Files[3]))
	os.Remove(abs(set.Files[4]))
	if err := mkfifo(abs(set.Files[4])); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	stats, err := set.Process(2, nil, func(f *File) (any, error) {
		mu.Lock()
		seen = append(seen, f.Path)
		mu.Unlock()
		return nil, nil
	}, func(string, any) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(seen, set.Files[3]) || slices.Contains(seen, set.Files[4]) || stats.Symlinks != 1 {
		t.Errorf("swapped files processed: %v, stats %+v", seen, stats)
	}
	os.Remove(abs(set.Files[5]))
	_, err = set.Process(2, nil, func(*File) (any, error) { return nil, nil }, func(string, any) error { return nil })
	var e *Error
	if !errors.As(err, &e) || e.Path != set.Files[5] || e.Code != CodeRead {
		t.Errorf("vanished file: %v", err)
	}
}

// TestProcessStamp: the stamp describes the file read, CRLF bytes untouched.
func TestProcessStamp(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"Kbuild": "", "Kconfig": "", "MAINTAINERS": "", "crlf.c": "a\r\nb\r\n"})
	os.Chmod(filepath.Join(root, "crlf.c"), 0o751)
	set, err := Select(root, Options{Cwd: root, Paths: []string{"crlf.c"}})
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(filepath.Join(root, "crlf.c"))
	_, err = set.Process(1, nil, func(f *File) (any, error) {
		st := f.Stamp()
		if string(f.Data) != "a\r\nb\r\n" || f.Mode != 0o751 || st.Mode != 0o751 || st.Size != 6 ||
			st.Mtime != fi.ModTime().UnixNano() || st.Hash == [20]byte{} || f.Stamp() != st {
			t.Errorf("file %+v stamp %+v", f, st)
		}
		return nil, nil
	}, func(string, any) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
}

// TestProcessAllocs: reading reuses its buffers and builds names in place,
// so a run allocates a fixed amount, not some per file.
func TestProcessAllocs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"Kbuild": "", "Kconfig": "", "MAINTAINERS": ""}
	for i := range 200 {
		files[fmt.Sprintf("f%03d.c", i)] = string(bytes.Repeat([]byte("x"), 64<<10))
	}
	writeTree(t, root, files)
	set, err := Select(root, Options{Cwd: root})
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(3, func() {
		set.Process(2, func([]byte) bool { return false }, nil, nil)
	})
	if perFile := allocs / float64(len(set.Files)); perFile > 0.5 {
		t.Errorf("%.1f allocations per file", perFile)
	}
}

// TestProcessSizes reads files around the buffer's sizes, in an order
// where a small file follows a big one, and checks every byte.
func TestProcessSizes(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"Kbuild": "", "Kconfig": "", "MAINTAINERS": "", "e.c": ""}
	sizes := map[string]int{"a.h": minBuffer + 1, "b.h": 100, "c.h": minBuffer - 1, "d.h": minBuffer, "f.h": 3 * minBuffer}
	for name, n := range sizes {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'a' + byte(i%23)
		}
		files[name] = string(b)
	}
	writeTree(t, root, files)
	set, err := Select(root, Options{Cwd: root})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	_, err = set.Process(1, nil, func(f *File) (any, error) {
		want, _ := os.ReadFile(filepath.Join(root, f.Path))
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s: read %d bytes, want %d", f.Path, len(f.Data), len(want))
		}
		n++
		return nil, nil
	}, nil)
	if err != nil || n != len(files) {
		t.Fatalf("%d files, %v", n, err)
	}
}
