package edit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// shellCall is one call of a fake Shell.
type shellCall struct {
	name, command string
	stdin         []byte
	stdinNil      bool
}

// fakeShell records its calls and answers with reply, which may fail.
type fakeShell struct {
	calls []shellCall
	reply func(command string, stdin []byte) ([]byte, error)
}

func (f *fakeShell) run(name, command string, stdin []byte) ([]byte, error) {
	f.calls = append(f.calls, shellCall{name, command, bytes.Clone(stdin), stdin == nil})
	if f.reply == nil {
		return bytes.ToUpper(stdin), nil
	}
	return f.reply(command, stdin)
}

// exitError is what a shell returns for a program that exited with a
// status: the ExitCode method is all the engine looks at.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
func (e exitError) ExitCode() int { return int(e) }

func runPrograms(t *testing.T, script, in string, sh *fakeShell, opt Options) (*Result, *streamOut, error) {
	t.Helper()
	p, err := ParseWithPrograms("-e", []byte(script))
	if err != nil {
		t.Fatalf("ParseWithPrograms(%q): %v", script, err)
	}
	opt.Shell = sh.run
	var out streamOut
	res, err := p.Run("drivers/x.c", []byte(in), &out, opt)
	return res, &out, err
}

// TestProgramRefused: Parse refuses | < > ! as before, and a program from
// ParseWithPrograms that runs one refuses to run at all without a Shell,
// before printing anything.
func TestProgramRefused(t *testing.T) {
	for _, script := range []string{"p\n,x/a/ |tr a b", "p\n!ls", "p\n<date", "p\n>cat"} {
		if _, err := Parse("-e", []byte(script)); err == nil || err.(*Error).Code != CodeSandbox {
			t.Errorf("Parse(%q) = %v, want a sandbox error", script, err)
		}
		p, err := ParseWithPrograms("-e", []byte(script))
		if err != nil {
			t.Fatalf("ParseWithPrograms(%q): %v", script, err)
		}
		var out streamOut
		_, err = p.Run("buf", []byte("a\n"), &out, Options{})
		e, ok := err.(*Error)
		if !ok || e.Code != CodeSandbox || e.Line != 2 || !strings.Contains(e.Msg, "runs a program: refused by go-edit's sandbox") || out.stdout.Len() > 0 {
			t.Errorf("Run(%q) without Shell = %v, printed %q; want the sandbox refusal at line 2 before anything runs", script, err, out.stdout.String())
		}
	}
}

// TestProgramCalls checks what the Shell is given: the command text after
// the letter, blanks included; the range for | and >, nothing (nil) for <
// and !; the buffer's name.
func TestProgramCalls(t *testing.T) {
	sh := &fakeShell{reply: func(string, []byte) ([]byte, error) { return []byte("out\n"), nil }}
	res, out, err := runPrograms(t, "/b/ | tr b B\n/d/ <  date\n,> wc\n!ls -l\n", "abc\nd\n", sh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []shellCall{
		{"drivers/x.c", " tr b B", []byte("b"), false},
		{"drivers/x.c", "  date", nil, true},
		{"drivers/x.c", " wc", []byte("aout\nc\nout\n\n"), false},
		{"drivers/x.c", "ls -l", nil, true},
	}
	if fmt.Sprint(sh.calls) != fmt.Sprint(want) {
		t.Errorf("calls:\n got %v\nwant %v", sh.calls, want)
	}
	if string(res.Text) != "aout\nc\nout\n\n" || out.stdout.String() != "out\nout\n" || out.stderr.String() != "!\n!\n!\n!\n" {
		t.Errorf("text %q, stdout %q, stderr %q", res.Text, out.stdout.String(), out.stderr.String())
	}
}

// TestProgramRepeat: a program command with no text runs the last program
// again, the one run most recently, not the one written last; with none,
// it is sam's error "plan 9 command".
func TestProgramRepeat(t *testing.T) {
	sh := &fakeShell{}
	if _, _, err := runPrograms(t, ",g/zz/ |never\n|", "a\n", sh, Options{}); err == nil || err.(*Error).Code != CodeNoCommand || err.(*Error).Msg != "plan 9 command" {
		t.Errorf("| with no program run before: %v", err)
	}
	sh = &fakeShell{}
	if _, _, err := runPrograms(t, "|first\n,g/zz/ |never\n>", "a\n", sh, Options{}); err != nil || len(sh.calls) != 2 || sh.calls[1].command != "first" {
		t.Errorf("repeat ran %v (%v), want first twice", sh.calls, err)
	}
}

// TestProgramExitStatus: a non-zero status stops | and < with the error
// "exit status not 0" (sam only warns); > and ! ignore it, as sam does,
// but still print the output. A program that could not run stops all four.
func TestProgramExitStatus(t *testing.T) {
	failing := func(status int) *fakeShell {
		return &fakeShell{reply: func(string, []byte) ([]byte, error) { return []byte("partial\n"), exitError(status) }}
	}
	for _, script := range []string{"/b/ |false", "/b/ <false"} {
		res, _, err := runPrograms(t, "p\n"+script, "abc\n", failing(3), Options{})
		e, ok := err.(*Error)
		if !ok || e.Code != CodeExitStatus || e.Msg != "exit status not 0" || e.Note != "exit status 3" || e.Line != 2 || e.Col != 5 || res != nil {
			t.Errorf("%q: %v, want exit-status at 2:5", script, err)
		}
	}
	for _, script := range []string{",>false", "!false"} {
		res, out, err := runPrograms(t, script, "abc\n", failing(1), Options{})
		if err != nil || string(res.Text) != "abc\n" || out.stdout.String() != "partial\n" {
			t.Errorf("%q: %v, printed %q", script, err, out.stdout.String())
		}
	}
	cannot := &fakeShell{reply: func(string, []byte) ([]byte, error) { return nil, errors.New("fork/exec /bin/sh: permission denied") }}
	for _, script := range []string{"|x", "<x", ">x", "!x"} {
		_, _, err := runPrograms(t, script, "abc\n", cannot, Options{})
		if e, ok := err.(*Error); !ok || e.Code != CodeProgram || e.Note != "fork/exec /bin/sh: permission denied" {
			t.Errorf("%q with a shell that cannot run: %v", script, err)
		}
	}
	killed := &fakeShell{reply: func(string, []byte) ([]byte, error) { return nil, exitError(-1) }}
	if _, _, err := runPrograms(t, "!x", "abc\n", killed, Options{}); err == nil || err.(*Error).Code != CodeProgram {
		t.Errorf("! killed by a signal: %v, want code program", err)
	}
}

// TestProgramInLoop: tree mode (InLoop) prints no "!" and runs the
// program once per match.
func TestProgramInLoop(t *testing.T) {
	sh := &fakeShell{}
	res, out, err := runPrograms(t, ",x/b+/ |up\n", "abbc\nb\n", sh, Options{InLoop: true})
	if err != nil || string(res.Text) != "aBBc\nB\n" || len(sh.calls) != 2 || out.stderr.Len() > 0 {
		t.Errorf("text %q, %d calls, stderr %q, %v", res.Text, len(sh.calls), out.stderr.String(), err)
	}
	if len(res.Steps) != 1 || len(res.Steps[0]) != 2 {
		t.Errorf("steps %v, want one step of two changes", res.Steps)
	}
}

// TestProgramLiterals: a script that runs a program is unguarded, even
// when a loop's regexp would guard it.
func TestProgramLiterals(t *testing.T) {
	for _, script := range []string{",x/printk/ | tr a-z A-Z", ",x/printk/ c/x/\n,x/kmalloc/ !date"} {
		p, err := ParseWithPrograms("-e", []byte(script))
		if err != nil {
			t.Fatal(err)
		}
		if lits, ok := p.Literals(); ok {
			t.Errorf("%q: guarded by %q", script, lits)
		}
	}
	if _, ok := mustParse(t, ",x/printk/ c/x/").Literals(); !ok {
		t.Error("the same loop without a program lost its guard")
	}
}

func mustParse(t *testing.T, script string) *Program {
	t.Helper()
	p, err := ParseWithPrograms("-e", []byte(script))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
