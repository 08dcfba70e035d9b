package edit_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/edit"
	"github.com/go-edit/go-edit/internal/testutil"
)

var update = flag.Bool("update", false,
	"rewrite the out/err/error sections of testdata/edit/*.txtar from go-edit "+
		"(to inspect a change only: the expectations come from real sam)")

// goldenDir holds the stream-mode cases; their format is described in
// its README.md.
const goldenDir = "../testdata/edit"

// streamOutput collects what `go-edit exec --stream` prints: the text of
// p and of address-only commands and the output of > and ! on stdout, =
// and =# lines and the "!" after a program on stderr.
type streamOutput struct {
	stdout, stderr bytes.Buffer
}

func (s *streamOutput) Print(p edit.Print) error {
	if p.Kind == edit.PrintText || p.Kind == edit.PrintOutput {
		s.stdout.Write(p.Text)
		return nil
	}
	s.stderr.WriteString(p.String() + "\n")
	return nil
}

// streamResult is one run of a case.
type streamResult struct {
	stdout, stderr []byte
	errMsg         string // the *edit.Error's Msg, "" without error
	failure        string // why the run itself went wrong (panic, bad error type)
}

// runStream runs a golden case as stream mode does: parse the whole script,
// run it on the input, and print the final buffer unless -n or an error.
func runStream(g *testutil.Golden) (r streamResult) {
	var so streamOutput
	defer func() {
		if v := recover(); v != nil {
			r.failure = fmt.Sprintf("panic: %v\n%s", v, debug.Stack())
		}
	}()
	parse, opt := edit.Parse, edit.Options{}
	if allowExec(g) {
		parse, opt.Shell = edit.ParseWithPrograms, shell
	}
	prog, err := parse("-e", g.Cmd)
	if err == nil {
		var res *edit.Result
		res, err = prog.Run("", g.In, &so, opt)
		if err == nil && !g.NoPrint() {
			so.stdout.Write(res.Text)
		}
		if err == nil && res == nil {
			r.failure = "Run returned neither a result nor an error"
		}
	}
	if err != nil {
		var e *edit.Error
		if errors.As(err, &e) {
			r.errMsg = e.Msg
		} else {
			r.failure = fmt.Sprintf("error is %T, not *edit.Error: %v", err, err)
		}
	}
	r.stdout, r.stderr = so.stdout.Bytes(), so.stderr.Bytes()
	return r
}

func loadGoldens(t *testing.T) []*testutil.Golden {
	t.Helper()
	gs, err := testutil.LoadGoldens(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) == 0 {
		t.Fatalf("no cases in %s", goldenDir)
	}
	return gs
}

// checkFlags rejects flags the runner does not know, so that a typo does
// not silently change what a case means.
func checkFlags(g *testutil.Golden) error {
	for _, f := range strings.Fields(g.Flags) {
		if f != "-n" && f != "allow-exec" {
			return fmt.Errorf("unknown flag %q", f)
		}
	}
	return nil
}

// allowExec reports whether the case runs programs (| < > !), as
// `go-edit exec --allow-exec` does; without the flag they are refused.
func allowExec(g *testutil.Golden) bool {
	return slices.Contains(strings.Fields(g.Flags), "allow-exec")
}

// shell runs a program as sam does: /bin/sh -c, with the buffer's name in
// $samfile. Its stderr is the test's, where sam's would be sam's.
func shell(name, command string, stdin []byte) ([]byte, error) {
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Env = append(os.Environ(), "samfile="+name)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stderr = os.Stderr
	return cmd.Output()
}

// TestGolden runs every testdata/edit case through the engine and compares
// stdout, stderr and the error message with what real sam printed.
func TestGolden(t *testing.T) {
	for _, g := range loadGoldens(t) {
		t.Run(g.Name(), func(t *testing.T) {
			if err := checkFlags(g); err != nil {
				t.Fatal(err)
			}
			if !g.Has["out"] && !*update {
				t.Fatal("no out section")
			}
			if g.Skip != "" {
				// Not even -update touches it: its expectation is sam's,
				// which go-edit knowingly does not match.
				t.Skip(g.Skip)
			}
			r := runStream(g)
			if r.failure != "" {
				t.Fatalf("script:\n%s\n%s", g.Cmd, r.failure)
			}
			if *update {
				g.SetExpected(r.stdout, r.stderr, r.errMsg)
				if err := os.WriteFile(g.Path, g.Format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var report strings.Builder
			if d := testutil.LineDiff(g.Out, r.stdout); d != "" {
				fmt.Fprintf(&report, "stdout (-want +got):\n%s", d)
			}
			if d := testutil.LineDiff(g.Err, r.stderr); d != "" {
				fmt.Fprintf(&report, "stderr (-want +got):\n%s", d)
			}
			if g.Error != r.errMsg {
				fmt.Fprintf(&report, "error: want %q, got %q\n", g.Error, r.errMsg)
			}
			got := g.Path + ".got"
			if report.Len() == 0 {
				os.Remove(got)
				return
			}
			comment := strings.TrimSpace(string(g.Comment))
			t.Errorf("%s\n%s\nscript:\n%sinput:\n%s%s(wrote %s)",
				filepath.Base(g.Path), comment, testutil.Indent(g.Cmd), testutil.Indent(g.In), report.String(), filepath.Base(got))
			g.SetExpected(r.stdout, r.stderr, r.errMsg)
			if err := os.WriteFile(got, g.Format(), 0o644); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestGoldenSuffixes guards the section-name suffixes: every ,noeol ,crlf
// and ,esc in the corpus must have changed what the case holds, and the
// corpus must use each of them.
func TestGoldenSuffixes(t *testing.T) {
	used := map[string]int{}
	for _, g := range loadGoldens(t) {
		for base, sfx := range g.Suffixes {
			if base != "cmd" && base != "in" && base != "out" && base != "err" {
				continue
			}
			raw, data := g.Raw[base], g.Section(base)
			has := map[string]bool{}
			for _, s := range sfx {
				has[s] = true
				used[s]++
			}
			nl := bytes.Count(raw, []byte("\n"))
			if has["noeol"] {
				nl--
				if len(data) > 0 && data[len(data)-1] == '\n' {
					t.Errorf("%s: section %s,noeol still ends in a newline", g.Name(), base)
				}
			}
			if has["crlf"] && bytes.Count(data, []byte("\r\n")) != nl {
				t.Errorf("%s: section %s,crlf has %d CR LF, want %d", g.Name(), base, bytes.Count(data, []byte("\r\n")), nl)
			}
			if has["esc"] {
				var rest []string
				for _, s := range sfx {
					if s != "esc" {
						rest = append(rest, s)
					}
				}
				if plain, err := testutil.DecodeSection(raw, rest); err != nil || bytes.Equal(plain, data) {
					t.Errorf("%s: section %s,esc decoded nothing", g.Name(), base)
				}
			}
		}
	}
	for _, s := range []string{"noeol", "crlf", "esc"} {
		if used[s] == 0 {
			t.Errorf("no case uses the ,%s suffix", s)
		}
	}
}

// TestGoldenSuffixDecoding checks the loader on a hand-made archive, so the
// guard above cannot pass by a loader that ignores every suffix.
func TestGoldenSuffixDecoding(t *testing.T) {
	g, err := testutil.ParseGolden([]byte("-- cmd --\np\n" +
		"-- in,noeol,crlf --\na\nb\n" +
		"-- out,esc --\n\\x00\\xff\\\\x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if string(g.In) != "a\r\nb" {
		t.Errorf("in = %q, want %q", g.In, "a\r\nb")
	}
	if string(g.Out) != "\x00\xff\\x\n" {
		t.Errorf("out = %q, want %q", g.Out, "\x00\xff\\x\n")
	}
}
