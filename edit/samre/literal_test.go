package samre

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestLiterals(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string // nil: no set known
	}{
		{`printk\(KERN_ERR`, []string{"printk(KERN_ERR"}},
		{`k[mz]alloc\(`, []string{"kmalloc(", "kzalloc("}},
		{`foo|bar`, []string{"foo", "bar"}},
		{`(a|b)c`, []string{"ac", "bc"}},
		{`colou?r`, []string{"colour", "color"}},
		{`[a-z_]+\(`, []string{"("}},
		{`x+yz`, []string{"xyz"}},
		{`^#include <linux/.*\.h>$`, []string{"#include <linux/"}},
		{`a\nb`, []string{"a\nb"}},
		{"\xffa", []string{"\xffa"}},
		{`.*`, nil},
		{`a|.`, nil},
		{`a*`, nil},
		{`a?`, nil},
		{`^$`, nil},
		{``, nil},
		{`[^a]`, nil},
		{`[]`, nil},
	} {
		got := MustCompile(tc.expr).Literals()
		var gs []string
		for _, l := range got {
			gs = append(gs, string(l))
		}
		if !slices.Equal(gs, tc.want) {
			t.Errorf("Literals(%q) = %q, want %q", tc.expr, gs, tc.want)
		}
	}
}

// Every match holds one of the literals.
func TestLiteralsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	withLits := 0
	for range n {
		expr := randomExpr(r, 4)
		re := MustCompile(expr)
		lits := re.Literals()
		if lits == nil {
			continue
		}
		withLits++
		for _, l := range lits {
			if len(l) == 0 {
				t.Fatalf("Literals(%q) holds the empty string", expr)
			}
		}
		buf := randomText(r, 14)
		for _, m := range [][]int{
			re.Find(buf, 0, len(buf), 0, nil),
			re.FindBackward(buf, 0, len(buf), len(buf), nil),
		} {
			if m == nil {
				continue
			}
			if !slices.ContainsFunc(lits, func(l []byte) bool { return bytes.Contains(buf[m[0]:m[1]], l) }) {
				t.Fatalf("%q matches %q in %q, which holds none of %q", expr, buf[m[0]:m[1]], buf, lits)
			}
		}
	}
	if withLits < n/10 {
		t.Errorf("only %d of %d expressions had literals", withLits, n)
	}
}

func TestLiteralsBounded(t *testing.T) {
	// Large alternations and classes stay within the bounds.
	expr := strings.Repeat("[abcdefgh]", 8) + "|" + strings.Repeat("(x|y)", 20)
	for _, l := range MustCompile(expr).Literals() {
		if len(l) > maxLitLen {
			t.Errorf("literal of %d bytes", len(l))
		}
	}
	if n := len(MustCompile(expr).Literals()); n > maxLitSet {
		t.Errorf("%d literals", n)
	}
}

func TestLastIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for range 2000 {
		buf := make([]byte, r.IntN(5000))
		for i := range buf {
			buf[i] = "ab"[r.IntN(2)]
			if r.IntN(300) == 0 {
				buf[i] = 'x'
			}
		}
		lit := []byte([]string{"x", "xa", "abx", "xx", "a"}[r.IntN(5)])
		lo, hi := r.IntN(len(buf)+1), r.IntN(len(buf)+1)
		lo, hi = min(lo, hi), max(lo, hi)
		want := bytes.LastIndex(buf[lo:hi], lit)
		if want >= 0 {
			want += lo
		}
		if got := lastIndex(buf, lo, hi, lit); got != want {
			t.Fatalf("lastIndex(%d bytes, %d, %d, %q) = %d, want %d", len(buf), lo, hi, lit, got, want)
		}
	}
}
