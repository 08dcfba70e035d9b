package samre

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// An expression whose dfa has more states than the cache holds: the dfa
// gives up, searches still agree with the plain machine, and the cache
// stays bounded.
func TestDFACacheOverflow(t *testing.T) {
	expr := "(a|b)*a" + strings.Repeat("(a|b)", 13)
	re, plain := MustCompile(expr), plainMachine(t, expr)
	r := rand.New(rand.NewPCG(11, 12))
	buf := make([]byte, 20000)
	for i := range buf {
		buf[i] = "ab"[r.IntN(2)]
	}
	mc := re.get()
	d := newDFA(re.fwd, false, mc.max)
	if _, _, ok := d.run(mc, re, buf, 0, len(buf), len(buf), false); ok {
		t.Fatalf("the dfa did not overflow (%d states)", len(d.states))
	}
	re.pool.Put(mc)
	for _, from := range []int{0, 5000, 15000} {
		got := re.Find(buf, 0, len(buf), from, nil)
		want := plain.Find(buf, 0, len(buf), from, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("Find from %d = %v, plain machine %v", from, got, want)
		}
		got = re.FindBackward(buf, 0, len(buf), len(buf)-from, nil)
		want = plain.FindBackward(buf, 0, len(buf), len(buf)-from, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("FindBackward from %d = %v, plain machine %v", len(buf)-from, got, want)
		}
	}
	mc = re.get()
	defer re.pool.Put(mc)
	for _, d := range []*dfa{mc.fdfa, mc.bdfa} {
		if d != nil && len(d.states) > maxStates+1 {
			t.Errorf("dfa cache holds %d states", len(d.states))
		}
	}
}

// Long texts with many matches: the dfa against the plain machine, with
// submatches, over whole x loops.
func TestDFALongText(t *testing.T) {
	buf := syntheticC(200 << 10)
	for _, expr := range []string{`[a-z_]+\(`, `(k[mz])alloc\((.*)\)`, "^\t([a-z_]+)->", `"[^"]*"`, `return (-?[A-Z]+|0);$`, `(dev|priv)_[a-z]+`} {
		re, plain := MustCompile(expr), plainMachine(t, expr)
		var a, b []int
		n := 0
		for p := 0; p <= len(buf); {
			a = re.Find(buf, 0, len(buf), p, a)
			b = plain.Find(buf, 0, len(buf), p, b)
			if !slices.Equal(a, b) {
				t.Fatalf("%q from %d: %v, plain machine %v", expr, p, a, b)
			}
			if a == nil {
				break
			}
			n++
			p = max(a[1], a[0]+1)
		}
		if n == 0 {
			t.Errorf("%q: no match", expr)
		}
		for p := len(buf); p >= 0; {
			a = re.FindBackward(buf, 0, len(buf), p, a)
			b = plain.FindBackward(buf, 0, len(buf), p, b)
			if !slices.Equal(a, b) {
				t.Fatalf("%q backward from %d: %v, plain machine %v", expr, p, a, b)
			}
			if a == nil {
				break
			}
			p = min(a[0], a[1]-1)
		}
	}
}

// Line skipping looks for literals in windows of growing size: place them
// across window boundaries and far apart.
func TestLineSkipWindows(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var b []byte
	for _, at := range []int{0, firstWindow - 3, firstWindow + 5, 3*firstWindow - 4, 7*firstWindow + 1, 40000, 70000} {
		for len(b) < at {
			b = append(b, "abc xyz_\n"[r.IntN(9)])
		}
		b = append(b, []string{"zalloc(", "kmalloc(", "x_kzalloc("}[r.IntN(3)]...)
	}
	b = append(b, "tail\n"...)
	for _, expr := range []string{`[a-z_]*k?[mz]alloc\(`, `x_k?zalloc|kmalloc`, `(a|b)+[^\n]*alloc`} {
		re, plain := MustCompile(expr), plainMachine(t, expr)
		if re.lineLits == nil {
			t.Fatalf("%q: no line literals", expr)
		}
		n := 0
		for p := 0; p <= len(b); {
			got, want := re.Find(b, 0, len(b), p, nil), plain.Find(b, 0, len(b), p, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("%q from %d: %v, plain machine %v", expr, p, got, want)
			}
			if got == nil {
				break
			}
			n++
			p = max(got[1], got[0]+1)
		}
		for p := len(b); p >= 0; {
			got, want := re.FindBackward(b, 0, len(b), p, nil), plain.FindBackward(b, 0, len(b), p, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("%q backward from %d: %v, plain machine %v", expr, p, got, want)
			}
			if got == nil {
				break
			}
			p = min(got[0], got[1]-1)
		}
		// Bounded searches inside the text.
		for range 40 {
			lo, hi := r.IntN(len(b)), r.IntN(len(b))
			lo, hi = min(lo, hi), max(lo, hi)
			from := lo + r.IntN(hi-lo+1)
			if got, want := re.Find(b, lo, hi, from, nil), plain.Find(b, lo, hi, from, nil); !slices.Equal(got, want) {
				t.Fatalf("%q Find(%d,%d,%d): %v, plain machine %v", expr, lo, hi, from, got, want)
			}
			if got, want := re.FindBackward(b, lo, hi, from, nil), plain.FindBackward(b, lo, hi, from, nil); !slices.Equal(got, want) {
				t.Fatalf("%q FindBackward(%d,%d,%d): %v, plain machine %v", expr, lo, hi, from, got, want)
			}
		}
		if n < 3 {
			t.Errorf("%q: only %d matches", expr, n)
		}
	}
}
