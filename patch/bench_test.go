package patch

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
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
