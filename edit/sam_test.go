package edit_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// lookSam finds plan9port's sam, the oracle of the differential tests.
func lookSam(t *testing.T) testutil.Sam {
	t.Helper()
	p, err := exec.LookPath("sam")
	if err != nil {
		t.Skip("sam (plan9port) not on PATH: no oracle for the differential test")
	}
	return testutil.Sam{Path: p}
}

// TestSamDifferential compares go-edit's stream mode with real sam -d:
// first the golden corpus against sam (so that a corpus drifting from sam
// is caught), then a deterministic set of generated scripts through both.
func TestSamDifferential(t *testing.T) {
	sam := lookSam(t)
	t.Run("corpus", func(t *testing.T) {
		for _, g := range loadGoldens(t) {
			r, err := sam.Run(g.Cmd, g.In, g.NoPrint())
			if err != nil {
				t.Errorf("%s: %v", g.Name(), err)
				continue
			}
			if d := compareRuns(g.Out, g.Err, g.Error, r.Stdout, r.Stderr, r.Error); d != "" {
				t.Errorf("%s: the golden expectation differs from sam (-golden +sam):\n%s", g.Name(), d)
			}
		}
	})
	t.Run("generated", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		const n = 500
		ran, skipped, failed := 0, 0, 0
		for i := range n {
			script, text := genScript(rng), genText(rng)
			name := fmt.Sprintf("gen%03d", i)
			if reason := knownDivergence(script, text); reason != "" {
				skipped++
				t.Logf("%s: skipped: %s", name, reason)
				continue
			}
			want, err := sam.Run([]byte(script), []byte(text), false)
			if err != nil {
				// The oracle could not place its own error (its output
				// holds the error line): nothing to compare.
				skipped++
				t.Logf("%s: %v", name, err)
				continue
			}
			g := &testutil.Golden{Cmd: []byte(script), In: []byte(text)}
			got := runStream(g)
			ran++
			if got.failure != "" {
				failed++
				t.Errorf("%s: script %q on %q: %s", name, script, text, got.failure)
				continue
			}
			if d := compareRuns(want.Stdout, want.Stderr, want.Error, got.stdout, got.stderr, got.errMsg); d != "" {
				failed++
				t.Errorf("%s: script:\n%sinput:\n%s(-sam +go-edit):\n%s",
					name, testutil.Indent([]byte(script)), testutil.Indent([]byte(text)), d)
			}
		}
		t.Logf("generated: %d run, %d agree with sam, %d skipped", ran, ran-failed, skipped)
	})
}

// compareRuns reports the differences between two runs' stdout, stderr and
// error message, or "".
func compareRuns(out1, err1 []byte, msg1 string, out2, err2 []byte, msg2 string) string {
	var sb strings.Builder
	if d := testutil.LineDiff(out1, out2); d != "" {
		fmt.Fprintf(&sb, "stdout:\n%s", d)
	}
	if d := testutil.LineDiff(err1, err2); d != "" {
		fmt.Fprintf(&sb, "stderr:\n%s", d)
	}
	if msg1 != msg2 {
		fmt.Fprintf(&sb, "error: %q vs %q\n", msg1, msg2)
	}
	return sb.String()
}

// knownDivergence names the generated cases go-edit is documented to
// handle differently from sam, with the reason; "" for all others.
func knownDivergence(script, text string) string {
	for _, d := range knownDivergences {
		if d.match(script, text) {
			return d.reason
		}
	}
	return ""
}

var knownDivergences = []struct {
	reason string
	match  func(script, text string) bool
}{}

// The generator: small texts over a tiny alphabet (so that regexps match
// often and overlap), and scripts of one to three lines drawn from a small
// grammar of addresses, regexps and commands.

func genText(rng *rand.Rand) string {
	var sb strings.Builder
	lines := rng.IntN(5)
	for range lines {
		for range rng.IntN(6) {
			sb.WriteString([]string{"a", "b", "c", " ", "a", "é", "\r"}[rng.IntN(7)])
		}
		sb.WriteByte('\n')
	}
	if rng.IntN(4) == 0 { // an unterminated last line
		sb.WriteString([]string{"a", "b", "ab", "c a"}[rng.IntN(4)])
	}
	return sb.String()
}

func genScript(rng *rand.Rand) string {
	var sb strings.Builder
	for range 1 + rng.IntN(3) {
		if rng.IntN(12) == 0 {
			sb.WriteByte('\n') // the blank-line command
			continue
		}
		sb.WriteString(genCmd(rng, 0))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// genRegexp makes a small regexp; quantifiers exclude delim, which would
// end the regexp early.
func genRegexp(rng *rand.Rand, depth int, delim byte) string {
	atom := func() string {
		switch k := rng.IntN(14); {
		case k < 6:
			return string("abc"[rng.IntN(3)])
		case k == 6:
			return "."
		case k == 7:
			return []string{"[ab]", "[^a]", "[a-c]", "[^\\n]"}[rng.IntN(4)]
		case k == 8:
			return `\n`
		case k == 9:
			return " "
		case k == 10 && depth < 2:
			return "(" + genRegexp(rng, depth+1, delim) + ")"
		case k == 11:
			return "^"
		case k == 12:
			return "$"
		default:
			return "a"
		}
	}
	var sb strings.Builder
	for range 1 + rng.IntN(3) {
		a := atom()
		sb.WriteString(a)
		if q := "*+?"[rng.IntN(3)]; a != "^" && a != "$" && q != delim && rng.IntN(4) == 0 {
			sb.WriteByte(q)
		}
	}
	if depth < 2 && rng.IntN(6) == 0 {
		return sb.String() + "|" + genRegexp(rng, depth+1, delim)
	}
	return sb.String()
}

func genSimpleAddr(rng *rand.Rand) string {
	switch rng.IntN(11) {
	case 0:
		return fmt.Sprint(rng.IntN(5))
	case 1:
		return fmt.Sprintf("#%d", rng.IntN(12))
	case 2:
		return "$"
	case 3:
		return "."
	case 4, 5:
		return "/" + genRegexp(rng, 1, '/') + "/"
	case 6:
		return "?" + genRegexp(rng, 1, '?') + "?"
	case 7:
		return "'"
	case 8:
		return "+"
	case 9:
		return "-"
	default:
		return "0"
	}
}

func genAddr(rng *rand.Rand) string {
	switch rng.IntN(10) {
	case 0, 1, 2:
		return ""
	case 3:
		return ","
	case 4:
		return genSimpleAddr(rng) + "," + genSimpleAddr(rng)
	case 5:
		return genSimpleAddr(rng) + ";" + genSimpleAddr(rng)
	case 6:
		return genSimpleAddr(rng) + []string{"+", "-", "+1", "-1", "+0", "-0", "+-", "-+"}[rng.IntN(8)]
	default:
		return genSimpleAddr(rng)
	}
}

func genText1(rng *rand.Rand) string {
	return []string{"X", "", `Y\n`, "&", `\t`, "ZZ"}[rng.IntN(6)]
}

func genCmd(rng *rand.Rand, depth int) string {
	addr := genAddr(rng)
	re := func() string { return "/" + genRegexp(rng, 0, '/') + "/" }
	switch k := rng.IntN(20); {
	case k < 2:
		return addr + "p"
	case k == 2:
		return addr + "="
	case k == 3:
		return addr + "=#"
	case k == 4:
		return addr + "d"
	case k == 5:
		return addr + "a/" + genText1(rng) + "/"
	case k == 6:
		return addr + "i/" + genText1(rng) + "/"
	case k == 7:
		return addr + "c/" + genText1(rng) + "/"
	case k == 8, k == 9:
		count := []string{"", "", "2"}[rng.IntN(3)]
		rep := []string{"X", "", "&&", `\1`, `[&]`, `\n`, `\2\1`, `\&\\`, `\0`}[rng.IntN(9)]
		g := []string{"", "g"}[rng.IntN(2)]
		return addr + "s" + count + re() + rep + "/" + g
	case k == 10:
		return addr + "k"
	case k == 11:
		return addr + []string{"m", "t"}[rng.IntN(2)] + genSimpleAddr(rng)
	case k == 12:
		return addr
	case k == 18:
		// The multi-line form of a, c and i.
		return addr + []string{"a", "c", "i"}[rng.IntN(3)] + "\n" + []string{"", "L1\n", "L1\nL2\n"}[rng.IntN(3)] + "."
	case depth < 2 && k <= 15:
		loop := []string{"x", "y", "g", "v"}[rng.IntN(4)]
		return addr + loop + re() + " " + genCmd(rng, depth+1)
	case depth < 2 && k == 16:
		return addr + "x " + genCmd(rng, depth+1)
	case depth < 1 && k == 17:
		return addr + "{\n" + genCmd(rng, depth+1) + "\n" + genCmd(rng, depth+1) + "\n}"
	default:
		return addr + "p"
	}
}

// TestGeneratorDeterministic pins the generator: the differential set and
// its known-divergence list only mean something if the same seed always
// gives the same scripts.
func TestGeneratorDeterministic(t *testing.T) {
	gen := func() []byte {
		rng := rand.New(rand.NewPCG(1, 2))
		var b bytes.Buffer
		for range 50 {
			b.WriteString(genScript(rng))
			b.WriteString(genText(rng))
		}
		return b.Bytes()
	}
	if !bytes.Equal(gen(), gen()) {
		t.Fatal("generator is not deterministic")
	}
}
