package tree

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// TestKernelTree checks the selection on the real tree against git: the
// tree is a checkout where every file was added with "git add -A -f", so
// the files git tracks, less symlinks and binary files, are exactly what
// Select and Process must find, the ignored ones through the index.
func TestKernelTree(t *testing.T) {
	ksrc := testutil.KernelTree(t)
	testutil.LookPath(t, "git", "lists the tracked files")
	out, err := exec.Command("git", "-C", ksrc, "ls-files", "-z", "--stage").Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, rec := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		meta, path, _ := strings.Cut(rec, "\t")
		if strings.HasPrefix(meta, "100") {
			want = append(want, path)
		}
	}
	set, err := Select(ksrc, Options{Cwd: ksrc})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(set.Files) {
		t.Error("Files not sorted")
	}
	var got []string
	stats, err := set.Process(0, nil, func(f *File) (any, error) { return nil, nil },
		func(path string, _ any) error { got = append(got, path); return nil })
	if err != nil {
		t.Fatal(err)
	}
	binary := map[string]bool{}
	for _, p := range set.Files {
		binary[p] = true
	}
	for _, p := range got {
		delete(binary, p)
	}
	var wantText []string
	for _, p := range want {
		if !binary[p] {
			wantText = append(wantText, p)
		}
	}
	if d := diffLists(wantText, got); d != "" {
		t.Errorf("processed files differ from git ls-files (less symlinks, binaries):\n%s", d)
	}
	t.Logf("%d files, stats %+v", len(got), stats)

	// Narrowed selections agree with git's pathspecs.
	for _, tt := range []struct {
		opt      Options
		pathspec string
	}{
		{Options{Cwd: ksrc + "/drivers", Paths: []string{"net"}}, "drivers/net"},
		{Options{Cwd: ksrc, Include: []string{"*.c"}}, "*.c"},
		{Options{Cwd: ksrc, Paths: []string{"include/**/*.h"}}, ":(glob)include/**/*.h"},
	} {
		out, err := exec.Command("git", "-C", ksrc, "ls-files", "-z", "--stage", "--", tt.pathspec).Output()
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, rec := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
			if meta, path, _ := strings.Cut(rec, "\t"); strings.HasPrefix(meta, "100") {
				want = append(want, path)
			}
		}
		set, err := Select(ksrc, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffLists(want, set.Files); d != "" || len(want) == 0 {
			t.Errorf("%+v differs from git ls-files %s (%d files):\n%s", tt.opt, tt.pathspec, len(want), d)
		}
	}
	if stats.Tracked == 0 {
		t.Error("no tracked-but-ignored file came from the index")
	}
	if stats.Symlinks == 0 || stats.Binary == 0 {
		t.Error("the kernel tree has symlinks and binary files; none counted")
	}
}

// cpuTime returns the process's user plus system CPU time in seconds:
// on a shared machine it varies less than the wall clock.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// reportCPU adds the CPU seconds per operation since start to b's results.
func reportCPU(b *testing.B, start float64) {
	b.ReportMetric((cpuTime()-start)/float64(b.N), "cpu-s/op")
}

func diffLists(want, got []string) string {
	var b bytes.Buffer
	i, j, n := 0, 0, 0
	for (i < len(want) || j < len(got)) && n < 20 {
		switch {
		case j == len(got) || i < len(want) && want[i] < got[j]:
			b.WriteString("-" + want[i] + "\n")
			i++
			n++
		case i == len(want) || got[j] < want[i]:
			b.WriteString("+" + got[j] + "\n")
			j++
			n++
		default:
			i++
			j++
		}
	}
	return b.String()
}

// BenchmarkKernel is what go-edit exec costs before the engine runs: select
// the real tree's files and read them all, with the prefilter a literal
// search script would supply.
func BenchmarkKernel(b *testing.B) {
	ksrc := testutil.KernelTree(b)
	needle := []byte("printk(KERN_ERR")
	b.ReportAllocs()
	var files int
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		set, err := Select(ksrc, Options{Cwd: ksrc})
		if err != nil {
			b.Fatal(err)
		}
		st, err := set.Process(0, func(d []byte) bool { return bytes.Contains(d, needle) },
			func(f *File) (any, error) { return len(f.Data), nil },
			func(string, any) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		files = st.Seen
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkKernelSelect(b *testing.B) {
	ksrc := testutil.KernelTree(b)
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		if _, err := Select(ksrc, Options{Cwd: ksrc}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKernelRead reads every selected file of the real tree (no
// prefilter, no work), with Process's reused buffers.
func BenchmarkKernelRead(b *testing.B) {
	ksrc := testutil.KernelTree(b)
	set, err := Select(ksrc, Options{Cwd: ksrc})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		if _, err := set.Process(0, func([]byte) bool { return false }, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKernelReadFile is BenchmarkKernelRead done the obvious way, one
// os.ReadFile per file on as many goroutines, for scripts/bench-tree.sh to
// compare against.
func BenchmarkKernelReadFile(b *testing.B) {
	ksrc := testutil.KernelTree(b)
	set, err := Select(ksrc, Options{Cwd: ksrc})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(set.Files); i = int(next.Add(1) - 1) {
					if _, err := os.ReadFile(filepath.Join(ksrc, set.Files[i])); err != nil {
						b.Error(err)
					}
				}
			})
		}
		wg.Wait()
	}
}
