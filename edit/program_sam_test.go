package edit_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/edit"
	"github.com/go-edit/go-edit/internal/testutil"
)

// TestSamDifferentialPrograms compares go-edit with real sam -d on
// generated scripts that mix the commands of the other differential tests
// with | < > ! running small filters through /bin/sh: the output, dot
// afterwards, the "!" lines and the sequencing of their changes.
func TestSamDifferentialPrograms(t *testing.T) {
	sam := lookSam(t)
	rng := rand.New(rand.NewPCG(61, 67))
	ran, failed := 0, 0
	for i := range 300 {
		script, text := genProgramScript(rng), genText(rng)
		g := &testutil.Golden{Cmd: []byte(script), In: []byte(text), Flags: "allow-exec"}
		name := fmt.Sprintf("prog%03d", i)
		got := runStream(g)
		want, err := sam.Run(g.Cmd, g.In, false)
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
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
	if ran < 250 {
		t.Errorf("only %d of 300 generated scripts ran through sam", ran)
	}
	t.Logf("%d run, %d agree with sam", ran, ran-failed)
}

// genProgramScript makes a script of one to four lines, most of them
// holding a program command, alone, in a loop or guard, or in a group
// with another command.
func genProgramScript(rng *rand.Rand) string {
	var sb strings.Builder
	for range 1 + rng.IntN(4) {
		re := func() string { return "/" + genRegexp(rng, '/') + "/ " }
		switch rng.IntN(6) {
		case 0:
			sb.WriteString(genPlainCmd(rng))
		case 1:
			sb.WriteString(genProgram(rng))
		case 2:
			sb.WriteString(progAddr(rng) + "x" + re() + genProgram(rng))
		case 3:
			sb.WriteString(progAddr(rng) + []string{"g", "v", "y"}[rng.IntN(3)] + re() + genProgram(rng))
		case 4:
			sb.WriteString(progAddr(rng) + "{\n" + genPlainCmd(rng) + "\n" + genProgram(rng) + "\n}")
		default:
			sb.WriteString(progAddr(rng) + "{\n" + genProgram(rng) + "\n" + genPlainCmd(rng) + "\n}")
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// progAddr makes an address that mostly exists, so that most generated
// programs run.
func progAddr(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return genAddr(rng)
	}
	return []string{"", "", ",", "/a/", "/b+/", "1", "$", "#1", "0", "/a/,/b/", "-", "+"}[rng.IntN(12)]
}

// genProgram makes a program command with its address. The filters of | and > read all
// their input: sam writes it from another process, which reports a broken
// pipe when the program exits first. The program of ! reads nothing, as
// under sam -d it would read sam's own input, the script. No command is
// empty: a repeat could run a program of ! under |.
func genProgram(rng *rand.Rand) string {
	filters := []string{"tr a-z A-Z", "tr -d a", "sed 's/b/bb/g'", "sort", "cat", "tr '\\n' N"}
	blank := []string{"", " "}[rng.IntN(2)]
	switch rng.IntN(6) {
	case 0, 1:
		return progAddr(rng) + "|" + blank + filters[rng.IntN(len(filters))]
	case 2:
		return progAddr(rng) + "<" + blank + []string{"printf Q", "echo hi", "printf ''", "printf 'é\\n'", "tr a-z A-Z"}[rng.IntN(5)]
	case 3, 4:
		return progAddr(rng) + ">" + blank + filters[rng.IntN(len(filters))]
	default:
		return "!" + blank + "echo bang" // ! takes no address
	}
}

// genPlainCmd is genCmd limited to what go-edit runs without programs: a
// regexp the generator meant to continue can end early and leave text
// that sam would parse as a command of its own, a program among them.
func genPlainCmd(rng *rand.Rand) string {
	for {
		c := genCmd(rng, 1)
		if _, err := edit.Parse("-e", []byte(c)); err == nil {
			return c
		}
	}
}
