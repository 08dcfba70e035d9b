package edit

import (
	"fmt"
	"unicode/utf8"
)

// The scanning primitives of the parser. sam has no separate lexer: what a
// rune means depends on the command being read (after "x" a blank means
// "no regexp", after "s" the next rune is a delimiter, inside text a
// backslash escapes only some runes), so, as sam's parse.c does, the parser
// reads runes one at a time with one rune of lookahead and one of backup.

// next returns the next rune, or eof.
func (p *parser) next() rune {
	p.prev = p.pos
	if p.pos >= len(p.in) {
		return eof
	}
	r, w := utf8.DecodeRune(p.in[p.pos:])
	p.pos += w
	return r
}

// backup steps back over the rune next returned.
func (p *parser) backup() { p.pos = p.prev }

func (p *parser) peek() rune {
	if p.pos >= len(p.in) {
		return eof
	}
	r, _ := utf8.DecodeRune(p.in[p.pos:])
	return r
}

// last returns the bytes of the rune next returned, exactly as written
// (an invalid UTF-8 byte stays itself).
func (p *parser) last() []byte { return p.in[p.prev:p.pos] }

// skipBlanks skips spaces and tabs and returns the rune after them.
func (p *parser) skipBlanks() rune {
	for {
		c := p.peek()
		if c != ' ' && c != '\t' {
			return c
		}
		p.next()
	}
}

// atNewline requires the end of the line: blanks, then a newline.
func (p *parser) atNewline() {
	p.skipBlanks()
	off := p.pos
	if p.next() != '\n' {
		p.fail(off, CodeNewlineExpected, "newline expected")
	}
}

// number reads an optional decimal number; a missing number is 1 (or -1
// after a minus sign, when signed). Huge numbers saturate.
//
//	number = [ "-" ] { digit } .
func (p *parser) number(signed bool) int {
	sign := 1
	if signed && p.peek() == '-' {
		sign = -1
		p.next()
	}
	if c := p.peek(); c < '0' || c > '9' {
		return sign
	}
	n := 0
	for c := p.peek(); '0' <= c && c <= '9'; c = p.peek() {
		p.next()
		if n < (maxNum-9)/10 {
			n = n*10 + int(c-'0')
		} else {
			n = maxNum
		}
	}
	return sign * n
}

// maxNum bounds numbers in scripts, well beyond any buffer size.
const maxNum = 1 << 40

func isAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// checkDelim rejects what sam rejects as a delimiter.
func (p *parser) checkDelim(off int, c rune) {
	if c == '\\' || isAlnum(c) {
		p.fail(off, CodeBadDelimiter, fmt.Sprintf("bad delimiter `%c'", c))
	}
}
