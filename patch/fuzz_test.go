package patch

import (
	"bytes"
	"errors"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nB\nc\n"), int8(0))
	f.Add([]byte("a\r\nb\r\n"), []byte("a\r\nb\r\nc\r\n"), int8(1))
	f.Add([]byte("x\ny"), []byte("x\ny\n"), int8(-1))
	f.Add([]byte("\xff\xfe\x00\n\x80\n"), []byte("\xff\n\x00\x00\n"), int8(3))
	f.Add([]byte(""), []byte("new\n"), int8(0))
	f.Add([]byte("old\n"), []byte(""), int8(2))
	f.Add([]byte("}\n\n}\n\n}\n"), []byte("}\n\n}\n"), int8(0))
}

// FuzzPatch checks that the diff of (a, b), parsed back and applied to a,
// gives b, for any bytes: CRLF, missing final newlines, invalid UTF-8.
func FuzzPatch(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, a, b []byte, ctx int8) {
		roundTrip(t, a, b, Options{Context: int(ctx) % 8, Driver: KernelDriver})
		// Stat counts must agree with the rendered patch.
		var buf bytes.Buffer
		files := []File{{Path: "a.c", Old: a, New: b}}
		if err := Render(&buf, files, Options{}); err != nil {
			t.Fatal(err)
		}
		fps, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		add, del := 0, 0
		for _, fp := range fps {
			for _, h := range fp.Hunks {
				for _, l := range h.Lines {
					switch l.Op {
					case '+':
						add++
					case '-':
						del++
					}
				}
			}
		}
		st := stats(files)
		if len(st) == 1 && !st[0].binary && (st[0].added != add || st[0].deleted != del) {
			t.Fatalf("stat %+v, patch has +%d -%d", st[0], add, del)
		}
	})
}

// FuzzParse checks that Parse never panics, that errors are *Error inside
// the input, and that hunks it accepts are consistent with their headers.
func FuzzParse(f *testing.F) {
	f.Add([]byte("diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n"))
	f.Add([]byte("--- x.orig\t2020-01-01\n+++ x\n@@ -1 +0,0 @@\n-gone\n"))
	f.Add([]byte("diff --git \"a/\\303\\251\" \"b/\\303\\251\"\nnew file mode 100755\n"))
	f.Add([]byte("diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y\n"))
	f.Add([]byte("@@ -1,3 +1,3 @@\n"))
	f.Add([]byte("--- a\n+++ b\n@@ -1,5 +1 @@\n x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fps, err := Parse(data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not *Error", err)
			}
			if n := bytes.Count(data, []byte("\n")) + 1; pe.Line < 1 || pe.Line > n {
				t.Fatalf("error line %d outside 1..%d", pe.Line, n)
			}
			return
		}
		for _, fp := range fps {
			for _, h := range fp.Hunks {
				old, new := 0, 0
				for _, l := range h.Lines {
					if l.Op != '+' {
						old++
					}
					if l.Op != '-' {
						new++
					}
				}
				if old != h.OldCount || new != h.NewCount {
					t.Fatalf("hunk at %d: %d/%d lines for header %d/%d", h.Line, old, new, h.OldCount, h.NewCount)
				}
			}
			_, _ = Apply(nil, fp) // must not panic
		}
	})
}
