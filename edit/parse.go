package edit

import (
	"fmt"
	"strings"

	"github.com/go-edit/go-edit/edit/samre"
)

// Program is a parsed sam script. It is immutable: many goroutines may Run
// it at once.
type Program struct {
	src    string
	script []byte
	cmds   []*cmd // the top-level commands, one per line or block
	lits   [][]byte
	litsOK bool
	// program is the first command that runs a program (| < > !), nil if
	// there is none: Run refuses the script without Options.Shell.
	program *cmd
}

// An addr is one node of an address. Simple addresses form a chain through
// next, as in sam: "/a/+2" is '/' -> '+' -> 'l'. The compound kinds ',' and
// ';' keep their left side in left and their right side in next.
type addr struct {
	off  int      // byte offset in the script
	kind rune     // '#' 'l' '/' '?' '.' '$' '\'' '+' '-' ',' ';'
	num  int      // '#' and 'l'
	re   *pattern // '/' and '?'
	left *addr    // ',' and ';'
	next *addr
}

// A pattern is a regular expression of the script. It is compiled while
// parsing, but a compilation error is only reported when the pattern first
// runs, because sam compiles lazily: a bad regexp in a branch that never
// runs is no error.
type pattern struct {
	off  int    // offset of the text after the opening delimiter
	expr string // after delimiter processing; "//" resolved to the last pattern
	// reused is set when the regexp was written empty and expr is the
	// last one written.
	reused bool
	re     *samre.Regexp
	err    *Error
}

// A cmd is one command of the script.
type cmd struct {
	off    int  // offset of the command letter
	name   rune // table letter, cdName, or '{'
	info   *command
	addr   *addr
	re     *pattern    // x y g v s X Y
	text   []byte      // a c i text; the rest of the line for = and the refused commands
	repl   []replPiece // s
	num    int         // s count
	global bool        // s ... /g
	dest   *addr       // m t
	sub    *cmd        // x y g v X Y
	group  []*cmd      // {
}

// A replPiece is a run of literal text in an s replacement, or a reference
// to a submatch (0 for &).
type replPiece struct {
	lit   []byte
	group int // -1 for literal text
}

const eof = -1

// parser reads a script the way sam's parse.c does: rune by rune, with one
// rune of lookahead, because sam's syntax depends on context (the same "x"
// starts a loop with or without a regexp depending on the next rune).
type parser struct {
	src      string
	in       []byte // the script, ending in a newline
	pos      int    // next byte to read
	prev     int    // start of the last rune read, for backup
	lastPat  string // the last non-empty regexp written, for //
	hasPat   bool
	compiled map[string]compiled
	programs bool // accept | < > ! (ParseWithPrograms)
	program  *cmd // the first of them
}

// Parse compiles a sam script. src names the script in errors ("-e",
// "fix.sam"). The whole script is parsed before anything runs, so a syntax
// error anywhere means no command runs. Errors are *Error. The commands
// that run programs (| < > !) are refused with code sandbox.
func Parse(src string, script []byte) (*Program, error) {
	return parse(src, script, false)
}

// ParseWithPrograms is Parse for a caller that lets the script run
// programs: it accepts | < > !, which run through Options.Shell (without
// it, Run refuses them as Parse does, before any command runs).
func ParseWithPrograms(src string, script []byte) (*Program, error) {
	return parse(src, script, true)
}

func parse(src string, script []byte, programs bool) (prog *Program, err error) {
	in := script
	if len(in) > 0 && in[len(in)-1] != '\n' {
		// sam reads commands a line at a time; a last line without its
		// newline is taken as if it had one.
		in = append(append([]byte(nil), script...), '\n')
	}
	p := &parser{src: src, in: in, compiled: map[string]compiled{}, programs: programs}
	defer func() {
		if e := recover(); e != nil {
			perr, ok := e.(*Error)
			if !ok {
				panic(e)
			}
			if perr.Off > len(script) {
				perr.Off = len(script)
			}
			perr.Line, perr.Col = position(script, perr.Off)
			prog, err = nil, perr
		}
	}()
	prog = &Program{src: src, script: script}
	for {
		c := p.parseCmd(0)
		if c == nil {
			break
		}
		prog.cmds = append(prog.cmds, c)
	}
	prog.program = p.program
	prog.lits, prog.litsOK = literals(prog.cmds)
	if prog.program != nil {
		// What a program does is beyond the literals' promise.
		prog.lits, prog.litsOK = nil, false
	}
	return prog, nil
}

func (p *parser) fail(off int, code Code, msg string) {
	panic(&Error{Src: p.src, Off: off, Code: code, Msg: msg})
}

// parseCmd parses one command, or returns nil at the end of the script or
// at the "}" closing a group.
//
//	cmd   = [ address ] blanks ( "\n" | letter args | "{" "\n" { cmd } "}" "\n" ) .
//	args  = count regexp text token subcmd, each as the command's table row says.
func (p *parser) parseCmd(nest int) *cmd {
	a := p.compoundAddr()
	if p.skipBlanks() == eof {
		return nil
	}
	c := &cmd{off: p.pos, addr: a}
	c.name = p.next()
	if c.name == 'c' && p.peek() == 'd' {
		p.next()
		c.name = cdName
	}
	info := lookup(c.name)
	if info == nil {
		switch c.name {
		case '{':
			for {
				if p.skipBlanks() == '\n' {
					p.next()
				}
				sub := p.parseCmd(nest + 1)
				if sub == nil {
					break
				}
				c.group = append(c.group, sub)
			}
			return c
		case '}':
			p.atNewline()
			if nest == 0 {
				p.fail(c.off, CodeUnmatchedBrace, "unmatched `}'")
			}
			return nil
		}
		p.fail(c.off, CodeUnknownCommand, fmt.Sprintf("unknown command `%s'", p.last()))
	}
	c.info = info
	if c.name == '\n' {
		return c
	}
	if info.DefaultAddr == NoAddr && a != nil {
		p.fail(c.off, CodeNoAddress, "command takes no address")
	}
	if info.Count {
		c.num = p.number(c.name == 'u')
	}
	if info.Regexp {
		// x and X with a blank or newline after them have no regexp:
		// x then loops over lines, X over all files.
		if next := p.peek(); (c.name != 'x' && c.name != 'X') || (next != ' ' && next != '\t' && next != '\n') {
			p.skipBlanks()
			off := p.pos
			d := p.next()
			if d == '\n' || d == eof {
				p.fail(off, CodePatternExpected, "pattern expected")
			}
			p.checkDelim(off, d)
			c.re = p.regexp(d)
			if c.name == 's' {
				c.repl = substPieces(p.rhs(d, 's'))
				if p.peek() == d {
					p.next()
					if p.peek() == 'g' {
						p.next()
						c.global = true
					}
				}
			}
		}
	}
	if info.Addr {
		if c.dest = p.simpleAddr(); c.dest == nil {
			p.fail(p.pos, CodeAddress, "address")
		}
	}
	switch {
	case info.DefaultCmd != 0:
		if p.skipBlanks() == '\n' {
			off := p.pos
			p.next()
			c.sub = &cmd{off: off, name: info.DefaultCmd, info: lookup(info.DefaultCmd)}
			if c.sub.info.Refused != "" {
				p.fail(c.off, CodeNotSupported, fmt.Sprintf("`%c' with no command runs `%c', which is not supported in go-edit", c.name, info.DefaultCmd))
			}
		} else if c.sub = p.parseCmd(nest); c.sub == nil {
			p.fail(p.prev, CodeUnmatchedBrace, "unmatched `}'")
		}
	case info.Text:
		c.text = p.collectText()
	case info.Token != "":
		c.text = p.collectToken(info.Token)
	default:
		p.atNewline()
	}
	if info.Refused != "" {
		p.fail(c.off, CodeNotSupported, fmt.Sprintf("`%s' is not supported in go-edit", cmdName(c.name)))
	}
	if info.Program {
		if !p.programs {
			panic(refuseProgram(p.src, p.in, c))
		}
		if p.program == nil {
			p.program = c
		}
	}
	if c.name == '=' && string(c.text) != "" && string(c.text) != "#" {
		// sam checks this only when = runs, but it is syntax: like every
		// syntax error it stops the script before anything runs.
		p.fail(c.off+1, CodeNewlineExpected, "newline expected")
	}
	return c
}

// refuseProgram is the error for a command that runs a program where
// programs are not allowed.
func refuseProgram(src string, script []byte, c *cmd) *Error {
	return newError(src, script, c.off, CodeSandbox, fmt.Sprintf("`%s' runs a program: refused by go-edit's sandbox", cmdName(c.name)))
}

// regexp reads a regular expression up to the delimiter d (or the end of
// the line). A backslash before d stands for d itself, unescaped; "\\"
// stays two runes. An empty regexp means the last one written.
//
//	regexp = d { rune | "\" d } [ d ] .
func (p *parser) regexp(d rune) *pattern {
	off := p.pos
	var buf []byte
	for {
		c := p.next()
		if c == '\\' {
			switch p.peek() {
			case d:
				p.next()
			case '\\':
				buf = append(buf, '\\')
				p.next()
			}
		} else if c == d || c == '\n' || c == eof {
			if c != d {
				p.backup()
			}
			break
		}
		buf = append(buf, p.last()...)
	}
	if len(buf) > 0 {
		p.lastPat, p.hasPat = string(buf), true
	}
	if !p.hasPat {
		p.fail(off, CodeNoPattern, "pattern")
	}
	pat := p.compile(off, p.lastPat)
	pat.reused = len(buf) == 0
	return pat
}

// compile compiles expr once per script; each use keeps its own offset
// for errors.
func (p *parser) compile(off int, expr string) *pattern {
	pat := &pattern{off: off, expr: expr}
	c, ok := p.compiled[expr]
	if !ok {
		c.re, c.err = samre.Compile(expr)
		p.compiled[expr] = c
	}
	if c.err != nil {
		pat.err = regexpError(p.src, off, c.err)
	} else {
		pat.re = c.re
	}
	return pat
}

// compiled is a regexp compiled by the parser, or why it did not compile.
type compiled struct {
	re  *samre.Regexp
	err error
}

// regexpError turns a samre compilation error into an *Error (without
// line and column: the program fills them in when it reports the error).
func regexpError(src string, off int, err error) *Error {
	msg := err.Error()
	if se, ok := err.(*samre.Error); ok {
		msg = se.Msg
	}
	code := CodeRegexp
	switch {
	case msg == "malformed regexp":
		code = CodeMalformedRegexp
	case strings.HasPrefix(msg, "unmatched `(") || strings.HasPrefix(msg, "unmatched `)"):
		code = CodeUnmatchedParen
	case strings.HasPrefix(msg, "malformed `[]"):
		code = CodeMalformedClass
	case strings.HasPrefix(msg, "no operand for"):
		code = CodeMissingOperand
	}
	return &Error{Src: src, Off: off, Code: code, Msg: msg}
}

// rhs reads the text of a/c/i (forCmd 'a') or the replacement of s up to
// the delimiter d or the end of the line, leaving that rune unread. "\n"
// is a newline and a backslash before d is d. For a/c/i "\\" is one
// backslash and any other "\x" stays two runes; s keeps every other "\x"
// for substPieces.
func (p *parser) rhs(d rune, forCmd rune) []byte {
	var buf []byte
	for {
		c := p.next()
		if c == d || c == '\n' || c == eof {
			p.backup()
			return buf
		}
		if c == '\\' {
			c = p.next()
			switch {
			case c == '\n' || c == eof:
				// A backslash ending the line is itself.
				p.backup()
				buf = append(buf, '\\')
				continue
			case c == 'n':
				buf = append(buf, '\n')
				continue
			case c != d && (forCmd == 's' || c != '\\'):
				buf = append(buf, '\\')
			}
		}
		buf = append(buf, p.last()...)
	}
}

// substPieces splits an s replacement, as rhs left it, into literal runs
// and submatch references: & is the match, \1-\9 a group, and any other
// \x is x.
func substPieces(raw []byte) []replPiece {
	var pieces []replPiece
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			pieces = append(pieces, replPiece{lit: lit, group: -1})
			lit = nil
		}
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			i++
			if '1' <= raw[i] && raw[i] <= '9' {
				flush()
				pieces = append(pieces, replPiece{group: int(raw[i] - '0')})
			} else {
				lit = append(lit, raw[i])
			}
		case c == '&':
			flush()
			pieces = append(pieces, replPiece{group: 0})
		default:
			lit = append(lit, c)
		}
	}
	flush()
	return pieces
}

// collectText reads the text of a, c or i: either delimited on the same
// line, or, when the line ends after the command, the following lines up to
// one holding just ".".
//
//	text = d { rune } [ d ] "\n" | "\n" { line } ".\n" .
func (p *parser) collectText() []byte {
	if p.skipBlanks() == '\n' {
		p.next()
		text := []byte{}
		for p.pos < len(p.in) {
			start := p.pos
			end := start
			for end < len(p.in) && p.in[end] != '\n' {
				end++
			}
			if end < len(p.in) {
				end++
			}
			p.pos = end
			line := p.in[start:end]
			if string(line) == ".\n" {
				break
			}
			text = append(text, line...)
		}
		return text
	}
	off := p.pos
	d := p.next()
	p.checkDelim(off, d)
	text := p.rhs(d, 'a')
	if p.peek() == d {
		p.next()
	}
	p.atNewline()
	if text == nil {
		text = []byte{}
	}
	return text
}

// collectToken reads the rest of the line up to one of the runes in end,
// leading blanks included (sam's file-name commands and =).
func (p *parser) collectToken(end string) []byte {
	tok := []byte{}
	for c := p.peek(); c == ' ' || c == '\t'; c = p.peek() {
		p.next()
		tok = append(tok, p.last()...)
	}
	for {
		c := p.next()
		if c == eof || strings.ContainsRune(end, c) {
			if c != '\n' {
				p.atNewline()
			}
			return tok
		}
		tok = append(tok, p.last()...)
	}
}

// compoundAddr parses an address with , and ;. They associate to the
// right and bind looser than the implicit or explicit + and -.
//
//	address = [ simple ] [ ( "," | ";" ) address ] .
func (p *parser) compoundAddr() *addr {
	left := p.simpleAddr()
	c := p.skipBlanks()
	if c != ',' && c != ';' {
		return left
	}
	a := &addr{off: p.pos, kind: c, left: left}
	p.next()
	a.next = p.compoundAddr()
	if r := a.next; r != nil && (r.kind == ',' || r.kind == ';') && r.left == nil {
		p.fail(r.off, CodeAddress, "address")
	}
	return a
}

// simpleAddr parses a chain of simple addresses, inserting the + that sam
// implies between two adjacent ones ("/a//b/", "/two/1").
//
//	simple = ( "#" number | number | "/" regexp | "?" regexp | "." | "$" | "'" | "+" | "-" ) [ simple ] .
func (p *parser) simpleAddr() *addr {
	p.skipBlanks()
	a := &addr{off: p.pos}
	switch c := p.peek(); {
	case c == '#':
		p.next()
		a.kind = '#'
		a.num = p.number(false)
	case '0' <= c && c <= '9':
		a.kind = 'l'
		a.num = p.number(false)
	case c == '/' || c == '?':
		p.next()
		a.kind = c
		a.re = p.regexp(c)
	case c == '"':
		p.fail(a.off, CodeNotSupported, "file addresses (\"file\") are not supported in go-edit")
	case c == '.' || c == '$' || c == '+' || c == '-' || c == '\'':
		p.next()
		a.kind = c
	default:
		return nil
	}
	next := p.simpleAddr()
	if next != nil {
		switch next.kind {
		case '.', '$', '\'':
			p.fail(next.off, CodeAddress, "address")
		case 'l', '#', '/', '?':
			if a.kind != '+' && a.kind != '-' {
				next = &addr{off: next.off, kind: '+', next: next}
			}
		}
	}
	a.next = next
	return a
}
