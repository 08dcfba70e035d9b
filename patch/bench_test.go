package patch

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// largeFile is about size bytes of C-like text, and a copy with n
// scattered one-line changes.
func largeFile(size, n int) (old, new []byte) {
	rng := rand.New(rand.NewSource(9))
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		for _, l := range randomC(rng, 1) {
			b.WriteString(l)
			b.WriteString(fmt.Sprintf(" /* %d */\n", i))
		}
	}
	old = b.Bytes()
	lines := bytes.SplitAfter(old, []byte("\n"))
	for k := 0; k < n; k++ {
		i := rng.Intn(len(lines) - 1)
		lines[i] = append([]byte("\tchanged();\n"), lines[i]...)
	}
	return old, bytes.Join(lines, nil)
}

func benchmarkRender(b *testing.B, size, n int) {
	old, new := largeFile(size, n)
	files := []File{{Path: "drivers/big.c", Old: old, New: new}}
	b.SetBytes(int64(len(old)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Render(io.Discard, files, Options{Driver: KernelDriver}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender5MB3Changes(b *testing.B)    { benchmarkRender(b, 5<<20, 3) }
func BenchmarkRender5MB100Changes(b *testing.B)  { benchmarkRender(b, 5<<20, 100) }
func BenchmarkRender100KB10Changes(b *testing.B) { benchmarkRender(b, 100<<10, 10) }

func BenchmarkParseApply(b *testing.B) {
	old, new := largeFile(1<<20, 50)
	var p bytes.Buffer
	if err := Render(&p, []File{{Path: "a.c", Old: old, New: new}}, Options{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(old)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fps, err := Parse(p.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Apply(old, fps[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// The file-pair benchmarks serve scripts/bench-patch.sh: they diff
// $GOEDIT_BENCH_OLD against $GOEDIT_BENCH_NEW with Render and with
// `git diff --no-index`, so the script can put both in one table.

func benchPair(b *testing.B) (old, new []byte) {
	o, n := os.Getenv("GOEDIT_BENCH_OLD"), os.Getenv("GOEDIT_BENCH_NEW")
	if o == "" || n == "" {
		b.Skip("GOEDIT_BENCH_OLD/NEW not set (scripts/bench-patch.sh sets them)")
	}
	old, err := os.ReadFile(o)
	if err != nil {
		b.Fatal(err)
	}
	if new, err = os.ReadFile(n); err != nil {
		b.Fatal(err)
	}
	return old, new
}

func BenchmarkPairRender(b *testing.B) {
	old, new := benchPair(b)
	files := []File{{Path: "drivers/x.h", Old: old, New: new}}
	b.SetBytes(int64(len(old)))
	for i := 0; i < b.N; i++ {
		if err := Render(io.Discard, files, Options{Driver: KernelDriver}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPairGitDiff(b *testing.B) {
	benchPair(b)
	b.SetBytes(int64(len(os.Getenv("GOEDIT_BENCH_OLD"))))
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("git", "-c", "core.abbrev=12", "diff", "--no-index", "--no-color", os.Getenv("GOEDIT_BENCH_OLD"), os.Getenv("GOEDIT_BENCH_NEW"))
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatal(err)
			}
		}
	}
}

// TestWriteBenchPair writes the synthetic pair for the benchmark script
// when $GOEDIT_BENCH_GEN names a directory.
func TestWriteBenchPair(t *testing.T) {
	dir := os.Getenv("GOEDIT_BENCH_GEN")
	if dir == "" {
		t.Skip("GOEDIT_BENCH_GEN not set")
	}
	old, new := largeFile(5<<20, 3)
	if err := os.WriteFile(filepath.Join(dir, "synthetic.old"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "synthetic.new"), new, 0o644); err != nil {
		t.Fatal(err)
	}
}
