package edit

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// addSeeds seeds a fuzz target with the scripts and inputs of the golden
// cases and the parser tests.
func addSeeds(f *testing.F, add func(script, text []byte)) {
	goldens, err := testutil.LoadGoldens("../testdata/edit")
	if err != nil {
		f.Fatal(err)
	}
	for _, g := range goldens {
		add(g.Cmd, g.In)
	}
	for _, tt := range parseTests {
		add([]byte(tt.script), []byte("one\ntwo\nthree\n"))
	}
}

// checkError checks that err is an *Error pointing inside the script.
func checkError(t *testing.T, script []byte, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if e.Off < 0 || e.Off > len(script) {
		t.Fatalf("error offset %d outside the script (%d bytes): %v", e.Off, len(script), e)
	}
	if line, col := position(script, e.Off); line != e.Line || col != e.Col {
		t.Fatalf("error at %d:%d, offset %d is %d:%d", e.Line, e.Col, e.Off, line, col)
	}
	if e.Code == "" || e.Msg == "" {
		t.Fatalf("error without code or message: %+v", e)
	}
}

// FuzzParse: any script parses or fails with an *Error inside it, and a
// parsed program formats to a script that parses to the same program.
// Parse and ParseWithPrograms agree except that Parse refuses programs.
func FuzzParse(f *testing.F) {
	addSeeds(f, func(script, _ []byte) { f.Add(script) })
	f.Fuzz(func(t *testing.T, script []byte) {
		_, perr := Parse("fuzz", script)
		p, err := ParseWithPrograms("fuzz", script)
		if perr != nil {
			checkError(t, script, perr)
		}
		if err != nil {
			checkError(t, script, err)
			// Parse stops at the first program command, before a later
			// syntax error.
			if pe, _ := perr.(*Error); perr == nil || perr.Error() != err.Error() && (pe.Code != CodeSandbox || pe.Off > err.(*Error).Off) {
				t.Fatalf("ParseWithPrograms: %v, but Parse: %v", err, perr)
			}
			return
		}
		if (perr != nil) != (p.program != nil) || perr != nil && perr.(*Error).Code != CodeSandbox {
			t.Fatalf("Parse: %v for a program whose first program command is %v", perr, p.program)
		}
		formatted := p.String()
		q, err := ParseWithPrograms("formatted", []byte(formatted))
		if err != nil {
			t.Fatalf("%q formats to %q, which does not parse: %v", script, formatted, err)
		}
		if a, b := dumpProgram(p), dumpProgram(q); a != b {
			t.Fatalf("%q formats to %q, which parses to\n%s\nnot\n%s", script, formatted, b, a)
		}
		if again := q.String(); again != formatted {
			t.Fatalf("formatting is not stable: %q then %q", formatted, again)
		}
	})
}

// loopDepth is how deeply loops nest in a command.
func loopDepth(c *cmd) int {
	d := 0
	for _, sub := range c.group {
		d = max(d, loopDepth(sub))
	}
	if c.sub != nil {
		d = loopDepth(c.sub)
		if c.name == 'x' || c.name == 'y' {
			d++
		}
	}
	return d
}

// readOnly reports whether a command can only move dot, the mark and
// print: addresses, p, =, k and loops or groups of those.
func readOnly(c *cmd) bool {
	switch c.name {
	case '\n', 'p', '=', 'k':
		return true
	case '{':
		for _, sub := range c.group {
			if !readOnly(sub) {
				return false
			}
		}
		return true
	case 'x', 'y', 'g', 'v', 'X', 'Y':
		return readOnly(c.sub)
	}
	return false
}

type checkingPrinter struct {
	t *testing.T
	n int
}

func (c *checkingPrinter) Print(p Print) error {
	if p.Off < 0 || p.End < p.Off || (p.Kind == PrintText && len(p.Text) != p.End-p.Off) {
		c.t.Fatalf("bad print %+v", p)
	}
	if p.Line1 < 1 || p.Line2 < p.Line1-1 || p.Rune1 > p.Rune2 || p.Rune2-p.Rune1 > p.End-p.Off {
		c.t.Fatalf("bad position in print %+v", p)
	}
	c.n++
	return nil
}

// fuzzShell stands in for a shell in FuzzExec: its output depends on the
// command and the input, and some commands fail.
func fuzzShell(_, command string, stdin []byte) ([]byte, error) {
	switch {
	case strings.Contains(command, "fail"):
		return []byte("x"), exitError(len(command))
	case strings.Contains(command, "err"):
		return nil, errors.New("cannot run")
	}
	out := append([]byte(command), stdin...)
	slices.Reverse(out)
	return out, nil
}

// FuzzExec: a random script on random text never panics; it fails with an
// *Error, or its steps are sorted and non-overlapping and applying them
// gives the result; a script that only reads leaves the text as it was.
func FuzzExec(f *testing.F) {
	addSeeds(f, func(script, text []byte) { f.Add(script, text) })
	f.Fuzz(func(t *testing.T, script, text []byte) {
		if len(text) > 1024 || len(script) > 512 {
			return
		}
		p, err := ParseWithPrograms("fuzz", script)
		if err != nil {
			return
		}
		for _, c := range p.cmds {
			if loopDepth(c) > 2 {
				return // nested loops are polynomial in the text; keep runs short
			}
		}
		in := append([]byte(nil), text...)
		res, err := p.Run("fuzz", text, &checkingPrinter{t: t}, Options{Shell: fuzzShell})
		if string(in) != string(text) {
			t.Fatalf("Run modified its input")
		}
		if err != nil {
			checkError(t, script, err)
			return
		}
		if len(res.Steps) != len(p.cmds) {
			t.Fatalf("%d steps for %d commands", len(res.Steps), len(p.cmds))
		}
		buf := text
		for i, step := range res.Steps {
			prev := 0
			for _, c := range step {
				if c.Off < prev || c.End < c.Off || c.End > len(buf) {
					t.Fatalf("step %d: change %+v out of order or out of range (after %d, text %d bytes)", i, c, prev, len(buf))
				}
				if c.Off == c.End && len(c.Text) == 0 {
					t.Fatalf("step %d: empty change %+v", i, c)
				}
				prev = c.End
			}
			buf = apply(buf, step)
		}
		if string(buf) != string(res.Text) {
			t.Fatalf("steps give %q, result is %q", buf, res.Text)
		}
		ro := true
		for _, c := range p.cmds {
			ro = ro && readOnly(c)
		}
		if ro && string(res.Text) != string(text) {
			t.Fatalf("read-only script changed %q to %q", text, res.Text)
		}
	})
}
