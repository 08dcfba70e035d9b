package samre

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The differential test against Go's regexp, on the part of the syntax
// where the two agree once sam's . and [^...] are spelled out (they never
// match a newline) and ^ is multi-line: no $ (Go's matches at the end of the
// text, sam's forward one does not), no invalid UTF-8, no range bound with
// an escape (sam's quirk). Go's leftmost-longest matcher must agree exactly
// with the reference matcher; sam's machine is not always longest (see
// TestFind), so with it the test checks that a match is found exactly when
// Go finds one, and counts how often sam's differs.

// goSyntax spells n in Go's syntax, or returns ok == false.
func goSyntax(n *node) (string, bool) {
	if n == nil {
		return "", true
	}
	switch n.op {
	case nLit:
		if n.r >= rawRune {
			return "", false
		}
		return fmt.Sprintf(`\x{%x}`, n.r), true
	case nAny:
		return `[^\n]`, true
	case nBol:
		return `(?m:^)`, true
	case nEol:
		return "", false
	case nClass:
		var b strings.Builder
		b.WriteString("[")
		if n.class.negate {
			b.WriteString("^")
		}
		for _, r := range n.class.runes {
			if r >= rawRune {
				return "", false
			}
			fmt.Fprintf(&b, `\x{%x}`, r)
		}
		for i := 0; i < len(n.class.ranges); i += 2 {
			lo, hi := n.class.ranges[i], n.class.ranges[i+1]
			if lo > utf8.MaxRune || hi > utf8.MaxRune || lo > hi {
				return "", false
			}
			fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
		}
		b.WriteString("]")
		if b.String() == "[]" {
			return "", false
		}
		return b.String(), true
	case nGroup:
		x, ok := goSyntax(n.x)
		return "(" + x + ")", ok
	case nStar, nPlus, nQuest:
		x, ok := goSyntax(n.x)
		return "(?:" + x + ")" + map[nodeOp]string{nStar: "*", nPlus: "+", nQuest: "?"}[n.op], ok
	case nCat, nAlt:
		x, ok1 := goSyntax(n.x)
		y, ok2 := goSyntax(n.y)
		sep := ""
		if n.op == nAlt {
			sep = "|"
		}
		return "(?:" + x + ")" + sep + "(?:" + y + ")", ok1 && ok2
	}
	return "", false
}

func TestAgainstGoRegexp(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	n := 5000
	if testing.Short() {
		n = 500
	}
	compared, longer := 0, 0
	for range n {
		expr := randomExpr(r, 4)
		re := MustCompile(expr)
		gs, ok := goSyntax(re.tree)
		if !ok {
			continue
		}
		g := regexp.MustCompile(gs)
		g.Longest()
		buf := []byte(strings.ToValidUTF8(string(randomText(r, 14)), "x"))
		want := g.FindIndex(buf)
		if want != nil && want[0] == len(buf) && len(buf) > 0 {
			// A match may start at the end only when the search does.
			want = nil
		}
		if ref := refForward(re.tree, buf, 0, len(buf), len(buf), len(buf) == 0); fmt.Sprint(ref) != fmt.Sprint(want) {
			t.Fatalf("%q (Go %q) on %q: Go %v, reference %v", expr, gs, buf, want, ref)
		}
		got := re.Find(buf, 0, len(buf), 0, nil)
		if (got == nil) != (want == nil) {
			t.Fatalf("%q (Go %q) on %q: Find %v, Go %v", expr, gs, buf, got, want)
		}
		compared++
		if got != nil && (got[0] != want[0] || got[1] != want[1]) {
			longer++
		}
	}
	t.Logf("%d expressions compared; sam's match differs from Go's leftmost-longest in %d", compared, longer)
	if compared < n/4 {
		t.Errorf("only %d of %d expressions could be compared", compared, n)
	}
}
