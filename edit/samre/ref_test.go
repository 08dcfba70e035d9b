package samre

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference matcher: a plain recursive enumeration of every match,
// exponential but obviously right, against which the machine is checked on
// small inputs. It knows nothing of threads, priorities or prefilters.

// refEnds returns the sorted ends of the matches of n that start at p,
// reading no rune that does not end by hi. backward selects the $ of the
// backward machine, which also holds at the end of the text.
func refEnds(n *node, buf []byte, p, hi int, backward bool) []int {
	var out []int
	add := func(e int) {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	step := func(match func(c rune) bool) {
		if p < hi {
			c, w := decodeRune(buf[p:])
			if p+w <= hi && match(c) {
				add(p + w)
			}
		}
	}
	if n == nil {
		return []int{p}
	}
	switch n.op {
	case nLit:
		step(func(c rune) bool { return c == n.r })
	case nAny:
		step(func(c rune) bool { return c != '\n' })
	case nClass:
		step(n.class.match)
	case nBol:
		if p == 0 || buf[p-1] == '\n' {
			add(p)
		}
	case nEol:
		if p < len(buf) && buf[p] == '\n' || backward && p == len(buf) {
			add(p)
		}
	case nGroup:
		out = refEnds(n.x, buf, p, hi, backward)
	case nCat:
		for _, e := range refEnds(n.x, buf, p, hi, backward) {
			for _, f := range refEnds(n.y, buf, e, hi, backward) {
				add(f)
			}
		}
	case nAlt:
		for _, e := range refEnds(n.x, buf, p, hi, backward) {
			add(e)
		}
		for _, e := range refEnds(n.y, buf, p, hi, backward) {
			add(e)
		}
	case nStar, nPlus, nQuest:
		if n.op != nPlus {
			add(p)
		}
		frontier := []int{p}
		for len(frontier) > 0 {
			q := frontier[0]
			frontier = frontier[1:]
			for _, e := range refEnds(n.x, buf, q, hi, backward) {
				if !slices.Contains(out, e) {
					add(e)
					if n.op != nQuest {
						frontier = append(frontier, e)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// runeStarts lists the positions in [lo,hi] that stepping rune by rune
// from lo visits.
func runeStarts(buf []byte, lo, hi int) []int {
	var ps []int
	for p := lo; p <= hi; {
		ps = append(ps, p)
		if p == len(buf) {
			break
		}
		_, w := decodeRune(buf[p:])
		p += w
	}
	return ps
}

// refForward is the reference for Find and Search: the leftmost start in
// [from, lim) (or == lim when incl), the longest match from there.
func refForward(tree *node, buf []byte, from, end, lim int, incl bool) []int {
	for _, s := range runeStarts(buf, from, end) {
		if s > lim || s == lim && !incl {
			break
		}
		if ends := refEnds(tree, buf, s, end, false); len(ends) > 0 {
			return []int{s, ends[len(ends)-1]}
		}
	}
	return nil
}

// refBackward is the reference for FindBackward and SearchBackward: the
// match with the greatest end in (lim, from] (or == lim when incl), the
// longest of those; matches lie at or after end.
func refBackward(tree *node, buf []byte, from, end, lim int, incl bool) []int {
	var best []int
	for _, s := range runeStarts(buf, end, from) {
		for _, e := range refEnds(tree, buf, s, from, true) {
			if e < lim || e == lim && !incl {
				continue
			}
			if best == nil || e > best[1] || e == best[1] && s < best[0] {
				best = []int{s, e}
			}
		}
	}
	return best
}

// checkAgainstRef runs every search of re over buf with the given bounds
// and checks it against the reference and against the machine run without
// its shortcuts. sam's machine is not exactly leftmost-longest (a thread
// may lose its place to a later-starting one, see the package doc), so the
// reference only checks that a match is found exactly when one exists, and
// that it is a real match lying where it may; the plain machine, which is
// sam's, must agree to the last submatch.
func checkAgainstRef(t *testing.T, re, plain *Regexp, buf []byte, lo, hi, from int) {
	t.Helper()
	got := re.Find(buf, lo, hi, from, nil)
	want := refForward(re.tree, buf, from, hi, hi, from == hi)
	compareMatch(t, re, buf, "Find", lo, hi, from, got, want, plain.Find(buf, lo, hi, from, nil), false)

	got = re.FindBackward(buf, lo, hi, from, nil)
	want = refBackward(re.tree, buf, from, lo, lo, from == lo)
	compareMatch(t, re, buf, "FindBackward", lo, hi, from, got, want, plain.FindBackward(buf, lo, hi, from, nil), true)

	got = re.Search(buf, from, nil)
	want = refForward(re.tree, buf, from, len(buf), len(buf), false)
	if want == nil {
		want = refForward(re.tree, buf, 0, len(buf), from, false)
	}
	compareMatch(t, re, buf, "Search", 0, len(buf), from, got, want, plain.Search(buf, from, nil), false)

	got = re.SearchBackward(buf, from, nil)
	want = refBackward(re.tree, buf, from, 0, 0, false)
	if want == nil {
		want = refBackward(re.tree, buf, len(buf), 0, from, false)
	}
	compareMatch(t, re, buf, "SearchBackward", 0, len(buf), from, got, want, plain.SearchBackward(buf, from, nil), true)
}

// plainMachine compiles expr without any of the shortcuts: sam's machine
// stepping over every position.
func plainMachine(t testing.TB, expr string) *Regexp {
	re, err := Compile(expr)
	if err != nil {
		t.Fatal(err)
	}
	re.fpre, re.bpre, re.lit, re.useDFA = nil, nil, nil, false
	return re
}

func compareMatch(t *testing.T, re *Regexp, buf []byte, what string, lo, hi, from int, got, want, plain []int, backward bool) {
	t.Helper()
	if !slices.Equal(got, plain) {
		t.Fatalf("%s(%q, %q, lo=%d hi=%d from=%d) = %v, plain machine %v", what, re, buf, lo, hi, from, got, plain)
	}
	if (got == nil) != (want == nil) {
		t.Fatalf("%s(%q, %q, lo=%d hi=%d from=%d) = %v, reference %v", what, re, buf, lo, hi, from, got, want)
	}
	if got == nil {
		return
	}
	if len(got) != re.ncap {
		t.Fatalf("%s(%q, %q): %d ints, want %d", what, re, buf, len(got), re.ncap)
	}
	if got[0] < lo || got[1] > hi || !slices.Contains(refEnds(re.tree, buf, got[0], hi, backward), got[1]) {
		t.Fatalf("%s(%q, %q, lo=%d hi=%d from=%d) = %v: not a match (reference %v)", what, re, buf, lo, hi, from, got, want)
	}
	for k := 2; k < len(got); k += 2 {
		s, e := got[k], got[k+1]
		if (s < 0) != (e < 0) || s >= 0 && (s < got[0] || s > e || e > got[1]) {
			t.Fatalf("%s(%q, %q) = %v: group %d outside the match", what, re, buf, got, k/2)
		}
	}
}

// randomExpr writes a random valid expression over a small alphabet.
func randomExpr(r *rand.Rand, depth int) string {
	atoms := []string{"a", "b", "c", `\n`, ".", "[ab]", "[^a]", "[^\\n]", "^", "$", "[a-c]", "\xff", "é", "\r", `\*`, "[é-ë]", "[^é]"}
	if depth <= 0 || r.IntN(3) == 0 {
		return atoms[r.IntN(len(atoms))]
	}
	switch r.IntN(6) {
	case 0, 1:
		return randomExpr(r, depth-1) + randomExpr(r, depth-1)
	case 2:
		return randomExpr(r, depth-1) + "|" + randomExpr(r, depth-1)
	case 3:
		return "(" + randomExpr(r, depth-1) + ")"
	default:
		x := randomExpr(r, depth-1)
		if !strings.HasSuffix(x, ")") && len(x) > 1 {
			x = "(" + x + ")"
		}
		return x + []string{"*", "+", "?"}[r.IntN(3)]
	}
}

func randomText(r *rand.Rand, n int) []byte {
	alphabet := []string{"a", "b", "c", "\n", "\xff", "é", "a", "b", "\r\n", "*"}
	var b []byte
	for range r.IntN(n + 1) {
		b = append(b, alphabet[r.IntN(len(alphabet))]...)
	}
	return b
}

func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if s := os.Getenv("SAMRE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		n = 300
	}
	for range n {
		expr := randomExpr(r, 4)
		re, err := Compile(expr)
		if err != nil {
			t.Fatalf("Compile(%q): %v", expr, err)
		}
		plain := plainMachine(t, expr)
		buf := randomText(r, 10)
		ps := runeStarts(buf, 0, len(buf))
		for range 4 {
			lo, from, hi := ps[r.IntN(len(ps))], ps[r.IntN(len(ps))], ps[r.IntN(len(ps))]
			s := []int{lo, from, hi}
			slices.Sort(s)
			checkAgainstRef(t, re, plain, buf, s[0], s[2], s[1])
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add(`(a|ab)(c|bcd)`, []byte("xabcd\n"), uint8(0), uint8(6), uint8(1))
	f.Add(`^a*$`, []byte("b\naa\n"), uint8(2), uint8(4), uint8(2))
	f.Add(`[^a]+`, []byte("\xffa\x00é\r\n"), uint8(0), uint8(7), uint8(0))
	f.Fuzz(func(t *testing.T, expr string, buf []byte, a, b, c uint8) {
		if len(expr) > 20 || len(buf) > 16 {
			return
		}
		re, err := Compile(expr)
		if err != nil {
			return
		}
		ps := runeStarts(buf, 0, len(buf))
		s := []int{ps[int(a)%len(ps)], ps[int(b)%len(ps)], ps[int(c)%len(ps)]}
		slices.Sort(s)
		checkAgainstRef(t, re, plainMachine(t, expr), buf, s[0], s[2], s[1])
	})
}
