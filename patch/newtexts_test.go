package patch

import (
	"math/rand"
	"slices"
	"testing"
)

// TestNewTexts checks the shared line index of the new side against a
// plain split, on edits at the ends, in the middle and without newlines.
func TestNewTexts(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	alphabet := []byte("ab\n\n")
	for c := 0; c < 20000; c++ {
		a := make([]byte, rng.Intn(60))
		for i := range a {
			a[i] = alphabet[rng.Intn(len(alphabet))]
		}
		b := append([]byte(nil), a...)
		for k := rng.Intn(3); k >= 0; k-- {
			i := rng.Intn(len(b) + 1)
			switch rng.Intn(4) {
			case 3: // cut a long stretch
				j := i + rng.Intn(len(b)-i+1)
				b = append(b[:i], b[j:]...)
			case 0:
				b = append(b[:i], append([]byte{alphabet[rng.Intn(len(alphabet))]}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			case 2:
				if i < len(b) {
					b[i] = alphabet[rng.Intn(len(alphabet))]
				}
			}
		}
		_, y := newTexts(a, b)
		want := newText(b)
		if !slices.Equal(y.starts, want.starts) || len(y.chg) != len(want.chg) {
			t.Fatalf("newTexts(%q, %q): starts %v, want %v", a, b, y.starts, want.starts)
		}
	}
}

// TestTrimEnds checks the byte-level shortcut of prepareAndDiff against
// comparing lines one by one.
func TestTrimEnds(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	alphabet := []byte("ab\n\n")
	for c := 0; c < 20000; c++ {
		a := make([]byte, rng.Intn(14))
		for i := range a {
			a[i] = alphabet[rng.Intn(len(alphabet))]
		}
		b := append([]byte(nil), a...)
		if i := rng.Intn(len(b) + 1); rng.Intn(2) == 0 {
			b = append(b[:i], append([]byte{alphabet[rng.Intn(len(alphabet))]}, b[i:]...)...)
		} else if i < len(b) {
			b = append(b[:i], b[i+1:]...)
		}
		x, y := newTexts(a, b)
		pre, suf := trimEnds(x, y)
		// The definition: equal lines counted one by one.
		n1, n2 := x.nrec(), y.nrec()
		lim := min(n1, n2)
		wpre, wsuf := 0, 0
		for wpre < lim && string(x.line(wpre)) == string(y.line(wpre)) {
			wpre++
		}
		for wsuf < lim-wpre && string(x.line(n1-1-wsuf)) == string(y.line(n2-1-wsuf)) {
			wsuf++
		}
		if pre != wpre || suf != wsuf {
			t.Fatalf("trimEnds(%q, %q) = %d, %d, want %d, %d", a, b, pre, suf, wpre, wsuf)
		}
	}
}
