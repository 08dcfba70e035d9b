package edit

import "errors"

// programCmd is | < > and !, which run a program through Options.Shell
// the way sam's shell.c runs one through sh -c:
//
//   - | sends the range to the program and replaces the range with its
//     output;
//   - < replaces the range with the output of the program, which reads
//     nothing;
//   - > sends the range to the program and prints its output
//     (PrintOutput); the text does not change;
//   - ! runs the program, which reads nothing, and prints its output.
//
// | and < change the text exactly as c does, so dot becomes the output and
// the change must be in sequence with the others. A command with no text
// runs the last program again (sam's error "plan 9 command" if there is
// none). Outside x, y, X and Y loops sam -d then prints "!" (PrintDone).
func (m *machine) programCmd(c *cmd, r span) {
	command := c.text
	if len(command) == 0 {
		if m.lastProgram == nil {
			m.fail(c.off, CodeNoCommand, "plan 9 command")
		}
		command = m.lastProgram
	}
	m.lastProgram = command
	var stdin []byte
	if c.name == '|' || c.name == '>' {
		stdin = m.buf[r.p1:r.p2]
	}
	out, err := m.shell(m.name, string(command), stdin)
	if err != nil {
		m.programFailed(c, err)
	}
	switch c.name {
	case '|', '<':
		m.replace(c, r, out)
	default:
		if len(out) > 0 {
			m.print(PrintOutput, r, out)
		}
	}
	if m.nest == 0 {
		m.emit(PrintDone, m.dot)
	}
}

// programFailed stops the run when a program could not run, or, for | and
// <, when it exited with a non-zero status. sam only warns about the
// status of | and < ("exit status not 0") and keeps the output; go-edit
// has no warnings and stops instead, so that a filter that failed (or was
// not found) cannot replace text with its partial output across a tree.
// Like sam, it does not look at the status of > and !.
func (m *machine) programFailed(c *cmd, err error) {
	var exit interface{ ExitCode() int }
	if errors.As(err, &exit) && exit.ExitCode() > 0 {
		if c.name == '>' || c.name == '!' {
			return
		}
		e := newError(m.prog.src, m.prog.script, c.off, CodeExitStatus, "exit status not 0")
		e.Note = err.Error()
		panic(e)
	}
	e := newError(m.prog.src, m.prog.script, c.off, CodeProgram, "program failed")
	e.Note = err.Error()
	panic(e)
}
