package edit

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// scriptGen writes random sam scripts from the grammar, over a small
// alphabet so that regexps match often.
type scriptGen struct {
	r        *rand.Rand
	depth    int
	maxText  int // input pieces
	oddOneIn int // how rarely to pick an odd fragment (errors, multi-line forms, quirks)
}

func (g *scriptGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g *scriptGen) regexp() string {
	return g.pick("a", "b", "ab", "a*", "b+", "a|b", ".", "^", "$", "[ab]", "[^a]", "\\n", "a\\n", "^a", "b$", "(a)(b*)", ".*", "x", "a?b", "é")
}

func (g *scriptGen) simpleAddr() string {
	switch g.r.IntN(12) {
	case 0:
		return strconv.Itoa(g.r.IntN(5))
	case 1:
		return "#" + strconv.Itoa(g.r.IntN(8))
	case 2:
		return "/" + g.regexp() + "/"
	case 3:
		return "?" + g.regexp() + "?"
	case 4:
		return g.pick(".", "$", "'")
	case 5:
		return g.pick("+", "-", "+1", "-1", "+2", "-0", "+0", "+#1", "-#1")
	case 6:
		return "/" + g.regexp() + "/" + g.pick("+", "-", "+1", "-1")
	default:
		return ""
	}
}

func (g *scriptGen) addr() string {
	switch g.r.IntN(6) {
	case 0:
		return g.simpleAddr() + "," + g.simpleAddr()
	case 1:
		return g.simpleAddr() + ";" + g.simpleAddr()
	default:
		return g.simpleAddr()
	}
}

func (g *scriptGen) text() string {
	return g.pick("X", "", "Y\\n", "ab", "\\n", "Z&")
}

func (g *scriptGen) cmd() string {
	g.depth++
	defer func() { g.depth-- }()
	a := g.addr()
	n := 16
	if g.depth > 2 {
		n = 10
	}
	if g.r.IntN(g.oddOneIn) == 0 {
		return a + g.pick("Q", "s/a/b/ g", "x/[/ p", "x/(/", "//", "s//X/", "c/a", "a\nline\n.", "i\n.", "{p}", "x", "1,,2p", ".-.p", "t", "}", "g/a", "X/buf/ p", "Y/zz/ =", "X/a/ X/b/ p", "x/a)/", "s/a/b/gx", "a x", "c\\/q/", "s0/a/X/", "s3/./X/g", "#", "+++p", "--p", "/a//b/p", "-/a/p", "??p", ",x/a/ {\nd\na/Y/\n}", ",x/./ {\na/1/\ni/2/\n}", "m0", "t$", "m.", "m$", "x/é/ c/e/", "a\nfoo\n.", "c\n\n.", "{\n\np\n\n\n=\n}", "x/a/ //p", "s//&&/g", "X/buf$/ =", "Y/buf$/ =", "X ,p", "x/\\//", "s/a/\\/", "c/\\\\/", "a|x|", "s|a\\|b|X|g", "?e[\\?]?", "x/(a|b)(a|b)/ s/(.)(.)/\\2\\1/", "y/\\n/ =", "x/$/ a/E/", "x/^/ i/S/", ".+#1,.-#1p", "0;/a/p", ".,/b/-p", "$-1p", "#0+p", "-+p", "+-p", "x/b*/ =#")
	}
	switch g.r.IntN(n) {
	case 0:
		return a + "a/" + g.text() + "/"
	case 1:
		return a + "i/" + g.text() + "/"
	case 2:
		return a + "c/" + g.text() + "/"
	case 3:
		return a + "d"
	case 4:
		return a + "s" + g.pick("", "", "2") + "/" + g.regexp() + "/" + g.pick("X", "&&", "\\1-", "", "\\n") + "/" + g.pick("", "g")
	case 5:
		return a + "p"
	case 6:
		return a + g.pick("=", "=#")
	case 7:
		return a + "k"
	case 8:
		return a + g.pick("m", "t") + g.simpleAddrNonEmpty()
	case 9:
		return a
	case 10, 11:
		return a + g.pick("x", "y", "g", "v") + "/" + g.regexp() + "/ " + g.cmd()
	case 12:
		return a + "x " + g.cmd()
	case 13:
		return a + "{\n" + g.cmd() + "\n" + g.cmd() + "\n}"
	default:
		return a + g.pick("x", "y") + "/" + g.regexp() + "/"
	}
}

func (g *scriptGen) simpleAddrNonEmpty() string {
	for {
		if s := g.simpleAddr(); s != "" {
			return s
		}
	}
}

func (g *scriptGen) script() string {
	var lines []string
	for range 1 + g.r.IntN(5) {
		lines = append(lines, g.cmd())
	}
	return strings.Join(lines, "\n") + "\n"
}

func (g *scriptGen) input() string {
	var b strings.Builder
	for range g.r.IntN(g.maxText) {
		b.WriteString(g.pick("a", "b", "\n", "a", "b", "\n", "é", "ab\n", "\r\n", "\x00", "\xff"))
	}
	return b.String()
}

// TestRandomAgainstSam compares random scripts with plan9port's sam. It is
// slow, so it runs only when GOEDIT_SAMDIFF gives the number of cases.
func TestRandomAgainstSam(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GOEDIT_SAMDIFF"))
	if n == 0 {
		t.Skip("set GOEDIT_SAMDIFF=N to compare N random scripts with sam")
	}
	sam := testutil.Sam{Path: testutil.LookPath(t, "sam", "differential tests against plan9port sam")}
	seed, _ := strconv.ParseUint(os.Getenv("GOEDIT_SAMDIFF_SEED"), 10, 64)
	g := &scriptGen{r: rand.New(rand.NewPCG(seed, 1)), maxText: 14, oddOneIn: 40}
	if n, _ := strconv.Atoi(os.Getenv("GOEDIT_SAMDIFF_ODD")); n > 0 {
		g.oddOneIn = n
	}
	if n, _ := strconv.Atoi(os.Getenv("GOEDIT_SAMDIFF_TEXT")); n > 0 {
		g.maxText = n
	}
	fails, compared := 0, 0
	defer func() { t.Logf("%d scripts compared with sam, %d differ", compared, fails) }()
	for range n {
		script, input := g.script(), g.input()
		want, err := sam.Run([]byte(script), []byte(input), false)
		if err != nil {
			t.Logf("sam: %v", err)
			continue
		}
		if want.Error == "changed files" {
			continue
		}
		compared++
		out, errout, msg := runStream([]byte(script), []byte(input), false)
		if os.Getenv("GOEDIT_SAMDIFF_V") != "" {
			t.Logf("%q on %q: %q %q %q", script, input, want.Stdout, want.Stderr, want.Error)
		}
		if !bytes.Equal(out, want.Stdout) || !bytes.Equal(errout, want.Stderr) || msg != want.Error {
			fails++
			t.Errorf("script %q on %q:\n got  %q %q %q\n want %q %q %q", script, input, out, errout, msg, want.Stdout, want.Stderr, want.Error)
			if fails > 15 {
				t.FailNow()
			}
		}
	}
}
