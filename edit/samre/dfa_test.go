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
