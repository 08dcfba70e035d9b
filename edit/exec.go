package edit

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/go-edit/go-edit/edit/samre"
)

// Options change how a Program runs.
type Options struct {
	// InLoop runs the script as under sam's X: an s command that replaces
	// nothing is not the error "substitution". Tree mode sets it.
	InLoop bool
	// Shell runs the program commands of a script from ParseWithPrograms,
	// as sam runs them with sh -c: command is the text after the command
	// letter (blanks included), stdin the range for | and > (empty for <
	// and !; do not modify it), name the buffer's name as given to Run (sam
	// passes it to the program as $samfile). It returns what the
	// program wrote to its standard output. An error with an ExitCode()
	// method reporting a positive status means the program ran and failed;
	// any other error means it could not run. Without Shell, Run refuses
	// such a script before running any of it, with code sandbox.
	Shell func(name, command string, stdin []byte) (stdout []byte, err error)
}

// Result is what a successful Run produced.
type Result struct {
	Text []byte // the final buffer
	// Steps has one entry per top-level command: its changes, as offsets
	// into the text as it was when that command started, sorted and
	// non-overlapping (nil when the command changed nothing).
	Steps [][]Change
}

// Change replaces buf[Off:End] (bytes) with Text. Insertions at the same
// offset apply in order. Text may be shared with the Program or the input
// text: do not modify it.
type Change struct {
	Off, End int
	Text     []byte
	Pos      int // byte offset in the script of the command that logged it
}

// span is a range of the buffer in bytes, [p1, p2).
type span struct{ p1, p2 int }

// machine is the state of one Run: sam's File, reduced to one buffer.
type machine struct {
	prog *Program
	name string
	buf  []byte // the text as the current top-level command sees it
	out  Printer

	dot, mark span
	// ndot is the dot a change command leaves, in runes of buf (sam's
	// coordinates: see undoLog); it becomes dot once the command's changes
	// are applied.
	ndot     span
	modified bool // sam's "modified" flag, shown in the menu line X/Y match
	nest     int  // depth of x/y/X/Y loops: inside one, s may replace nothing
	inXY     bool // running under X or Y, which cannot nest

	shell func(name, command string, stdin []byte) ([]byte, error)
	// lastProgram is the last program run, which a program command
	// without text runs again (sam's plan9cmd).
	lastProgram []byte

	// The change log of the current top-level command, and its high-water
	// mark (section 6 of SAM.md): a change must not start before hi.
	log   []Change
	hi    int
	hiCmd *cmd
	undo  undoLog

	count counter     // for prints
	runes runeCounter // rune offsets in buf, for ndot and the undo log
}

// Run executes the program on one buffer named name (the name X and Y
// match). Stream semantics, as ssam: dot starts as the whole buffer and the
// mark as the empty range at #0; each top-level command runs against the
// text the previous one left, its changes logged and applied when it
// finishes. The first error stops the run and is returned, with no result.
// text is not modified. out may be nil to discard output.
func (p *Program) Run(name string, text []byte, out Printer, opt Options) (res *Result, err error) {
	if p.program != nil && opt.Shell == nil {
		return nil, refuseProgram(p.src, p.script, p.program)
	}
	m := &machine{prog: p, name: name, buf: text, out: out, dot: span{0, len(text)}, shell: opt.Shell}
	if opt.InLoop {
		m.nest = 1
	}
	defer func() {
		if e := recover(); e != nil {
			switch e := e.(type) {
			case *Error:
				res, err = nil, e
			case printerError:
				res, err = nil, e.err
			default:
				panic(e)
			}
		}
	}()
	res = &Result{Steps: make([][]Change, 0, len(p.cmds))}
	for _, c := range p.cmds {
		m.log, m.hi, m.hiCmd = nil, 0, nil
		m.undo = undoLog{}
		m.exec(c)
		res.Steps = append(res.Steps, m.log)
		if len(m.log) > 0 {
			m.commit()
		}
	}
	if !m.modified {
		// Never hand the caller's own slice back as the result.
		m.buf = append([]byte{}, text...)
	}
	res.Text = m.buf
	return res, nil
}

// printerError carries an error from the Printer out of the machine.
type printerError struct{ err error }

// fail stops the run with an error at offset off of the script.
func (m *machine) fail(off int, code Code, msg string) {
	panic(newError(m.prog.src, m.prog.script, off, code, msg))
}

// regexp returns the compiled pattern, or fails with its compilation
// error now that it is about to run.
func (m *machine) regexp(pat *pattern) *samre.Regexp {
	if pat.err != nil {
		e := *pat.err
		e.Line, e.Col = position(m.prog.script, e.Off)
		panic(&e)
	}
	return pat.re
}

// exec runs one command, as sam's cmdexec: it evaluates the command's
// address relative to dot (or uses dot) and calls the command.
func (m *machine) exec(c *cmd) {
	if c.name == '{' {
		r := m.dot
		if c.addr != nil {
			r = m.address(c.addr, m.dot, 0)
		}
		for _, sub := range c.group {
			m.dot = r
			m.exec(sub)
		}
		return
	}
	r := m.dot
	if c.addr != nil && c.info.DefaultAddr != NoAddr {
		r = m.address(c.addr, m.dot, 0)
	}
	c.info.run(m, c, r)
}

// commit applies the logged changes to the buffer and moves dot and mark as
// sam does when it replays its undo log.
func (m *machine) commit() {
	m.undo.flush()
	dot := m.undo.adjust(m.ndot)
	mark := m.undo.adjust(m.runeSpan(m.mark))
	m.buf = apply(m.buf, m.log)
	m.count = counter{}
	m.runes = runeCounter{}
	m.dot = byteSpan(m.buf, dot)
	m.mark = byteSpan(m.buf, mark)
}

// runeSpan converts a byte range of buf to runes.
func (m *machine) runeSpan(s span) span {
	p1 := m.runes.at(m.buf, s.p1)
	return span{p1, m.runes.at(m.buf, s.p2)}
}

// byteSpan converts a rune range to bytes of buf, clamping both ends to
// the end of buf as sam clamps dot and the mark after a change.
func byteSpan(buf []byte, s span) span {
	p1 := runeToByte(buf, 0, 0, s.p1)
	if s.p2 < s.p1 {
		return span{p1, runeToByte(buf, 0, 0, s.p2)}
	}
	return span{p1, runeToByte(buf, p1, s.p1, s.p2)}
}

// runeToByte returns the byte offset of rune r, walking from byte off,
// which is rune offset roff; past the end it returns len(buf).
func runeToByte(buf []byte, off, roff, r int) int {
	for off < len(buf) && roff < r {
		if buf[off] < utf8.RuneSelf {
			off++
		} else {
			_, w := utf8.DecodeRune(buf[off:])
			off += w
		}
		roff++
	}
	return off
}

// runeCounter gives rune offsets of a buffer, remembering the last answer
// so that offsets moving forward cost linear time in all.
type runeCounter struct{ off, runes int }

func (c *runeCounter) at(buf []byte, p int) int {
	if p < c.off {
		// Offsets are rune boundaries, so counting back works too.
		if p < c.off-p {
			*c = runeCounter{}
		} else {
			c.runes -= utf8.RuneCount(buf[p:c.off])
			c.off = p
		}
	}
	c.runes += utf8.RuneCount(buf[c.off:p])
	c.off = p
	return c.runes
}

// apply builds the text that results from changes, in one pass.
func apply(buf []byte, changes []Change) []byte {
	size := len(buf)
	for _, c := range changes {
		size += len(c.Text) - (c.End - c.Off)
	}
	out := make([]byte, 0, size)
	prev := 0
	for _, c := range changes {
		out = append(out, buf[prev:c.Off]...)
		out = append(out, c.Text...)
		prev = c.End
	}
	return append(out, buf[prev:]...)
}

func (m *machine) logDelete(c *cmd, p1, p2 int) {
	if p1 < p2 {
		m.logChange(c, p1, p2, nil)
	}
}

func (m *machine) logInsert(c *cmd, p int, text []byte) {
	if len(text) > 0 {
		m.logChange(c, p, p, text)
	}
}

// logChange is the one place that enforces sam's rule that the changes of
// a top-level command come in order: all addresses refer to the text as it
// was, so a change before the end of an earlier deletion, or before an
// earlier insertion, could not be applied. A deletion moves the high-water
// mark to its end, an insertion to its offset.
func (m *machine) logChange(c *cmd, off, end int, text []byte) {
	if len(m.log) == 0 {
		m.ndot = m.runeSpan(m.dot) // sam's filemark: ndot starts as the dot of the first change
		m.modified = true
	}
	if off < m.hi {
		e := newError(m.prog.src, m.prog.script, c.off, CodeSequence, "changes not in sequence")
		if m.hiCmd.off != c.off {
			l, col := position(m.prog.script, m.hiCmd.off)
			e.Note = fmt.Sprintf("at byte %d, before a change made by the command at %d:%d", off, l, col)
		} else {
			e.Note = fmt.Sprintf("at byte %d, before its own earlier change", off)
		}
		panic(e)
	}
	m.hiCmd = c
	if text == nil {
		m.hi = end
		p1 := m.runes.at(m.buf, off)
		m.undo.delete(p1, m.runes.at(m.buf, end))
	} else {
		m.hi = off
		m.undo.insert(m.runes.at(m.buf, off), utf8.RuneCount(text))
	}
	if n := len(m.log); n > 0 && text != nil && m.log[n-1].End == off && m.log[n-1].Pos == c.off {
		// c and s: the text replaces the deletion just logged.
		last := &m.log[n-1]
		if len(last.Text) == 0 {
			last.Text = text
		} else {
			last.Text = append(last.Text[:len(last.Text):len(last.Text)], text...)
		}
		return
	}
	m.log = append(m.log, Change{Off: off, End: end, Text: text, Pos: c.off})
}

// nextRune returns the offset one rune after p (p+1 at the end).
func (m *machine) nextRune(p int) int {
	if p >= len(m.buf) {
		return p + 1
	}
	_, w := utf8.DecodeRune(m.buf[p:])
	return p + w
}

// prevRune returns the offset one rune before p (-1 at the start).
func (m *machine) prevRune(p int) int {
	if p <= 0 {
		return p - 1
	}
	_, w := utf8.DecodeLastRune(m.buf[:p])
	return p - w
}

// display prints r and makes it dot (sam's p).
func (m *machine) display(r span) {
	m.emit(PrintText, r)
	m.dot = r
}

// emit sends one Print about a range to the Printer.
func (m *machine) emit(kind PrintKind, r span) {
	var text []byte
	if kind == PrintText {
		text = m.buf[r.p1:r.p2]
	}
	m.print(kind, r, text)
}

// print sends one Print to the Printer.
func (m *machine) print(kind PrintKind, r span, text []byte) {
	if m.out == nil {
		return
	}
	pr := Print{Kind: kind, Off: r.p1, End: r.p2, Text: text}
	pr.Rune1, pr.Line1 = m.count.at(m.buf, r.p1)
	pr.Rune2, pr.Line2 = m.count.at(m.buf, r.p2)
	pr.Line1++
	pr.Line2++
	if r.p2 > r.p1 && m.buf[r.p2-1] == '\n' {
		pr.Line2--
	}
	if err := m.out.Print(pr); err != nil {
		panic(printerError{err})
	}
}

// counter counts runes and newlines before an offset, remembering the last
// answer so that prints moving forward through a buffer cost linear time.
type counter struct{ off, runes, lines int }

func (c *counter) at(buf []byte, p int) (runes, lines int) {
	if p < c.off {
		if p < c.off-p {
			*c = counter{}
		} else {
			seg := buf[p:c.off]
			c.runes -= utf8.RuneCount(seg)
			c.lines -= bytes.Count(seg, []byte{'\n'})
			c.off = p
		}
	}
	seg := buf[c.off:p]
	c.runes += utf8.RuneCount(seg)
	c.lines += bytes.Count(seg, []byte{'\n'})
	c.off = p
	return c.runes, c.lines
}

// nlCmd is the empty command. With an address it prints it; alone, it
// widens dot to whole lines, or moves to the next line when dot already
// is whole lines, and prints that.
func (m *machine) nlCmd(c *cmd, r span) {
	if c.addr == nil {
		start := m.lineAddr(c.off, 0, m.dot, -1)
		end := m.lineAddr(c.off, 0, m.dot, 1)
		r = span{start.p1, end.p2}
		if r == m.dot {
			r = m.lineAddr(c.off, 1, m.dot, 1)
		}
	}
	m.display(r)
}

func (m *machine) appendCmd(c *cmd, r span) { m.insertText(c, r.p2) }

func (m *machine) insertCmd(c *cmd, r span) { m.insertText(c, r.p1) }

func (m *machine) changeCmd(c *cmd, r span) { m.replace(c, r, c.text) }

// replace is c, and what | and < do with the program's output: delete the
// range, then insert text at its end.
func (m *machine) replace(c *cmd, r span, text []byte) {
	m.logDelete(c, r.p1, r.p2)
	m.insert(c, r.p2, text)
}

func (m *machine) insertText(c *cmd, p int) { m.insert(c, p, c.text) }

func (m *machine) insert(c *cmd, p int, text []byte) {
	m.logInsert(c, p, text)
	r := m.runes.at(m.buf, p)
	m.ndot = span{r, r + utf8.RuneCount(text)}
}

func (m *machine) deleteCmd(c *cmd, r span) {
	m.logDelete(c, r.p1, r.p2)
	p1 := m.runes.at(m.buf, r.p1)
	m.ndot = span{p1, p1}
}

func (m *machine) printCmd(c *cmd, r span) { m.display(r) }

func (m *machine) markCmd(c *cmd, r span) { m.mark = r }

// posCmd is = and =# (the parser allows nothing else after =).
func (m *machine) posCmd(c *cmd, r span) {
	kind := PrintLine
	if len(c.text) > 0 {
		kind = PrintChar
	}
	m.emit(kind, r)
}

// moveCmd is m and t: copy the range after the destination address
// (evaluated relative to dot) and, for m, delete it.
func (m *machine) moveCmd(c *cmd, r span) {
	dest := m.address(c.dest, m.dot, 0)
	if c.name == 't' {
		m.copyTo(c, r, dest)
		return
	}
	switch {
	case r.p2 <= dest.p2:
		m.logDelete(c, r.p1, r.p2)
		m.copyTo(c, r, dest)
	case r.p1 >= dest.p2:
		m.copyTo(c, r, dest)
		m.logDelete(c, r.p1, r.p2)
	default:
		m.fail(c.off, CodeAddressesOverlap, "addresses overlap")
	}
}

func (m *machine) copyTo(c *cmd, r, dest span) {
	m.logInsert(c, dest.p2, m.buf[r.p1:r.p2])
	// sam sizes the new dot from dot, not from the range copied.
	d := m.runes.at(m.buf, dest.p2)
	dot := m.runeSpan(m.dot)
	m.ndot = span{d, d + dot.p2 - dot.p1}
}

// guardCmd is g and v: run the subcommand with dot set to the range when
// the range holds a match (g) or none (v).
func (m *machine) guardCmd(c *cmd, r span) {
	re := m.regexp(c.re)
	found := re.Find(m.buf, r.p1, r.p2, r.p1, nil) != nil
	if found != (c.name == 'v') {
		m.dot = r
		m.exec(c.sub)
	}
}

// loopCmd is x and y.
func (m *machine) loopCmd(c *cmd, r span) {
	m.nest++
	if c.re == nil {
		m.lineLoop(c, r)
	} else {
		m.matchLoop(c, r)
	}
	m.nest--
}

// matchLoop runs the subcommand on each match (x) or on the text between
// matches (y). After a non-empty match the search resumes at its end, after
// an empty one a rune later; an empty match where the previous match ended
// is skipped (for y, op starts at the range's start, so an empty match
// there is skipped too).
func (m *machine) matchLoop(c *cmd, r span) {
	re := m.regexp(c.re)
	isX := c.name == 'x'
	op := -1
	if !isX {
		op = r.p1
	}
	var sel []int
	for p := r.p1; p <= r.p2; {
		sel = re.Find(m.buf, r.p1, r.p2, p, sel)
		if sel == nil {
			if isX || op > r.p2 {
				break
			}
			m.dot = span{op, r.p2}
			p = r.p2 + 1
		} else {
			s := span{sel[0], sel[1]}
			if s.p1 == s.p2 {
				if s.p1 == op {
					p = m.nextRune(p)
					continue
				}
				p = m.nextRune(s.p2)
			} else {
				p = s.p2
			}
			if isX {
				m.dot = s
			} else {
				m.dot = span{op, s.p1}
			}
			op = s.p2
		}
		m.exec(c.sub)
	}
}

// lineLoop is x without a regexp: the subcommand runs on each line with at
// least one rune inside the range, with dot set to the part inside it.
func (m *machine) lineLoop(c *cmd, r span) {
	a3 := span{r.p1, r.p1}
	for p := r.p1; p < r.p2; p = a3.p2 {
		a3.p1 = a3.p2
		var line span
		if p == r.p1 {
			line = m.lineAddr(c.off, 0, a3, 1)
		}
		if p != r.p1 || line.p2 == p {
			line = m.lineAddr(c.off, 1, a3, 1)
		}
		if line.p1 >= r.p2 {
			break
		}
		line.p2 = min(line.p2, r.p2)
		if line.p2 <= line.p1 || line.p1 < a3.p2 || line.p2 <= a3.p2 {
			break
		}
		m.dot = line
		m.exec(c.sub)
		a3 = line
	}
}

// fileLoopCmd is X and Y. go-edit runs on one buffer at a time, so they
// decide whether to run the subcommand on it, matching the line sam's menu
// would show for it: modified flag, '-' (no terminal), '.' (current), a
// blank and the name.
func (m *machine) fileLoopCmd(c *cmd, r span) {
	if m.inXY {
		m.fail(c.off, CodeNestedXY, "can't nest X or Y")
	}
	run := true
	if c.re != nil {
		re := m.regexp(c.re)
		menu := []byte(" -. " + m.name + "\n")
		if m.modified {
			menu[0] = '\''
		}
		run = (re.Find(menu, 0, len(menu), 0, nil) != nil) == (c.name == 'X')
	}
	if run {
		m.inXY = true
		m.nest++
		m.exec(c.sub)
		m.nest--
		m.inXY = false
	}
}

// substCmd is s: replace match N (and, with g, every later one) of the
// regexp in the range.
func (m *machine) substCmd(c *cmd, r span) {
	re := m.regexp(c.re)
	n := c.num
	op := -1
	delta := 0
	start := m.runes.at(m.buf, r.p1) // before the matches, to keep counting forward
	didSub := false
	var sel []int
	for p := r.p1; p <= r.p2; {
		if sel = re.Find(m.buf, r.p1, r.p2, p, sel); sel == nil {
			break
		}
		s := span{sel[0], sel[1]}
		if s.p1 == s.p2 {
			if s.p1 == op {
				p = m.nextRune(p)
				continue
			}
			p = m.nextRune(s.p2)
		} else {
			p = s.p2
		}
		op = s.p2
		if n--; n > 0 {
			continue
		}
		repl := m.expand(c.repl, sel)
		m.logDelete(c, s.p1, s.p2)
		m.logInsert(c, s.p2, repl)
		delta += utf8.RuneCount(repl) - utf8.RuneCount(m.buf[s.p1:s.p2])
		didSub = true
		if !c.global {
			break
		}
	}
	if !didSub && m.nest == 0 {
		m.fail(c.off, CodeSubstitution, "substitution")
	}
	m.ndot = span{start, m.runes.at(m.buf, r.p2) + delta}
}

// expand builds the replacement for one match.
func (m *machine) expand(pieces []replPiece, sel []int) []byte {
	if len(pieces) == 1 && pieces[0].group < 0 {
		return pieces[0].lit
	}
	var out []byte
	for _, pc := range pieces {
		if pc.group < 0 {
			out = append(out, pc.lit...)
			continue
		}
		if i := 2 * pc.group; i+1 < len(sel) && sel[i] >= 0 {
			out = append(out, m.buf[sel[i]:sel[i+1]]...)
		}
	}
	return out
}
