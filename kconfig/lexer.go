package kconfig

import "strings"

type tokKind uint8

const (
	tEOF tokKind = iota
	tEOL
	tWord
	tQuote
	tAssignVal
	tHelpText

	tBool
	tChoice
	tComment
	tConfig
	tDefBool
	tDefTristate
	tDefault
	tDepends
	tEndchoice
	tEndif
	tEndmenu
	tHelp
	tHex
	tIf
	tImply
	tInt
	tMainmenu
	tMenu
	tMenuconfig
	tModules
	tOn
	tOptional
	tPrompt
	tRange
	tSelect
	tSource
	tString
	tTristate
	tVisible

	tOr
	tAnd
	tEqual
	tUnequal
	tLess
	tLessEqual
	tGreater
	tGreaterEqual
	tNot
	tOpen
	tClose
	tColonEqual
	tPlusEqual
)

var keywords = map[string]tokKind{
	"bool": tBool, "choice": tChoice, "comment": tComment, "config": tConfig,
	"def_bool": tDefBool, "def_tristate": tDefTristate, "default": tDefault,
	"depends": tDepends, "endchoice": tEndchoice, "endif": tEndif,
	"endmenu": tEndmenu, "help": tHelp, "hex": tHex, "if": tIf,
	"imply": tImply, "int": tInt, "mainmenu": tMainmenu, "menu": tMenu,
	"menuconfig": tMenuconfig, "modules": tModules, "on": tOn,
	"optional": tOptional, "prompt": tPrompt, "range": tRange,
	"select": tSelect, "source": tSource, "string": tString,
	"tristate": tTristate, "visible": tVisible,
}

var tokNames = func() map[tokKind]string {
	m := map[tokKind]string{
		tEOF: "end of file", tEOL: "end of line", tWord: "word", tQuote: "string",
		tAssignVal: "value", tHelpText: "help text",
		tOr: "'||'", tAnd: "'&&'", tEqual: "'='", tUnequal: "'!='", tLess: "'<'",
		tLessEqual: "'<='", tGreater: "'>'", tGreaterEqual: "'>='", tNot: "'!'",
		tOpen: "'('", tClose: "')'", tColonEqual: "':='", tPlusEqual: "'+='",
	}
	for k, v := range keywords {
		m[v] = "'" + k + "'"
	}
	return m
}()

func (k tokKind) String() string { return tokNames[k] }

type token struct {
	kind tokKind
	text string
	line int
	col  int
}

// lexer tokenises one Kconfig file, expanding macros on the way. It
// mirrors the two stages of scripts/kconfig/lexer.l: the flex rules
// (lex1) and yylex, which drops repeated newlines, notes where each
// statement starts and switches to raw mode after `NAME =`.
type lexer struct {
	file      string
	src       string
	pos       int
	line      int
	lineStart int
	pp        *preprocessor
	warn      func(file string, line int, msg string)

	prev, prevPrev tokKind
	assignMode     bool
	helpMode       bool
	stmtLine       int
	stmtCol        int
}

func newLexer(file, src string, pp *preprocessor, warn func(string, int, string)) *lexer {
	return &lexer{file: file, src: src, line: 1, pp: pp, warn: warn, prev: tEOL, prevPrev: tEOL}
}

// next returns the next token for the parser.
func (l *lexer) next() token {
	for {
		t := l.lex1()
		if l.prev == tEOL || l.prev == tHelpText {
			if t.kind == tEOL {
				continue
			}
			l.stmtLine, l.stmtCol = t.line, t.col
		}
		if l.prevPrev == tEOL && l.prev == tWord && (t.kind == tEqual || t.kind == tColonEqual || t.kind == tPlusEqual) {
			l.assignMode = true
		}
		if t.kind == tEOF && l.prev != tEOL && l.prev != tHelpText {
			l.warn(l.file, l.line, "no new line at end of file")
		}
		l.prevPrev, l.prev = l.prev, t.kind
		return t
	}
}

func (l *lexer) tok(k tokKind, text string, start int) token {
	return token{kind: k, text: text, line: l.line, col: start - l.lineStart + 1}
}

func (l *lexer) lineEnd() int {
	if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
		return l.pos + i
	}
	return len(l.src)
}

func (l *lexer) newline() {
	l.pos++
	l.line++
	l.lineStart = l.pos
}

func (l *lexer) lex1() token {
	if l.helpMode {
		l.helpMode = false
		return l.helpText()
	}
	if l.assignMode {
		return l.assignValue()
	}
	for l.pos < len(l.src) {
		start := l.pos
		c := l.src[l.pos]
		switch {
		case c == '#':
			l.pos = l.lineEnd()
		case c == ' ' || c == '\t':
			l.pos++
		case c == '\\' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '\n':
			l.pos++
			l.newline()
		case c == '\n':
			t := l.tok(tEOL, "", start)
			l.newline()
			return t
		case c == '"' || c == '\'':
			return l.quoted(c)
		case isWordChar(c) || c == '$':
			end := start
			dollar := false
			for end < len(l.src) && (isWordChar(l.src[end]) || l.src[end] == '$') {
				dollar = dollar || l.src[end] == '$'
				end++
			}
			if !dollar {
				l.pos = end
				w := l.src[start:end]
				if k, ok := keywords[w]; ok {
					return l.tok(k, w, start)
				}
				return l.tok(tWord, w, start)
			}
			exp, n := l.pp.expandToken(l.src[start:l.lineEnd()])
			l.pos = start + n
			if exp != "" {
				return l.tok(tWord, exp, start)
			}
		default:
			if k, n := operator(l.src[l.pos:]); n > 0 {
				l.pos += n
				return l.tok(k, l.src[start:l.pos], start)
			}
			l.warn(l.file, l.line, "ignoring unsupported character '"+string(c)+"'")
			l.pos++
		}
	}
	return l.tok(tEOF, "", l.pos)
}

func operator(s string) (tokKind, int) {
	if len(s) >= 2 {
		switch s[:2] {
		case "||":
			return tOr, 2
		case "&&":
			return tAnd, 2
		case "!=":
			return tUnequal, 2
		case "<=":
			return tLessEqual, 2
		case ">=":
			return tGreaterEqual, 2
		case ":=":
			return tColonEqual, 2
		case "+=":
			return tPlusEqual, 2
		}
	}
	switch s[0] {
	case '=':
		return tEqual, 1
	case '<':
		return tLess, 1
	case '>':
		return tGreater, 1
	case '!':
		return tNot, 1
	case '(':
		return tOpen, 1
	case ')':
		return tClose, 1
	}
	return 0, 0
}

// quoted reads a "..." or '...' string; $(...) inside is expanded, a
// backslash escapes the next character, a newline ends it with a warning.
func (l *lexer) quoted(q byte) token {
	start := l.pos
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.warn(l.file, l.line, "multi-line strings not supported")
			return l.tok(tQuote, b.String(), start)
		case c == '$':
			exp, n := l.pp.expandDollar(l.src[l.pos+1:l.lineEnd()], nil)
			b.WriteString(exp)
			l.pos += 1 + n
		case c == '\\':
			l.pos++
			if l.pos < len(l.src) && l.src[l.pos] != '\n' {
				b.WriteByte(l.src[l.pos])
				l.pos++
			}
		case c == q:
			l.pos++
			return l.tok(tQuote, b.String(), start)
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return l.tok(tQuote, b.String(), start)
}

// assignValue reads the raw right-hand side of a variable assignment.
func (l *lexer) assignValue() token {
	for l.pos < len(l.src) && l.src[l.pos] != '\n' {
		c := l.src[l.pos]
		if c != ' ' && c != '\t' {
			start := l.pos
			l.pos = l.lineEnd()
			return l.tok(tAssignVal, l.src[start:l.pos], start)
		}
		l.pos++
	}
	l.assignMode = false
	if l.pos >= len(l.src) {
		return l.tok(tEOF, "", l.pos)
	}
	t := l.tok(tEOL, "", l.pos)
	l.newline()
	return t
}

// startHelp makes the next token the help text that starts on the next
// line.
func (l *lexer) startHelp() { l.helpMode = true }

// helpText finds the end of a help block and returns its raw source;
// Menu.Help renders it on demand, since .config work never needs it.
func (l *lexer) helpText() token {
	start, line := l.pos, l.line
	_, end, lines, atNewline := scanHelp(l.src, l.pos, false)
	for i := start; i < end; i++ {
		if l.src[i] == '\n' {
			l.lineStart = i + 1
		}
	}
	l.pos, l.line = end, line+lines
	raw := l.src[start:end]
	if atNewline {
		// Rendering the raw text alone must not see that newline as a
		// blank line: the block ended there.
		raw = raw[:len(raw)-1]
	}
	t := l.tok(tHelpText, raw, start)
	t.line = line
	return t
}

// scanHelp scans a help block starting at src[pos] (the line after
// "help"): it ends at the first non-blank line indented less than the
// first line, or at a line starting in column 0; tabs count to the next
// multiple of eight; indentation beyond the first line's is kept as
// spaces. It returns the text (when render is set), where the block ends
// and how many newlines it consumed, and whether it ended at a newline
// followed by an unindented line.
// mirrors the HELP start condition of scripts/kconfig/lexer.l
func scanHelp(src string, pos int, render bool) (string, int, int, bool) {
	var b strings.Builder
	lines := 0
	lastTs, firstTs := 0, 0
	for pos < len(src) {
		c := src[pos]
		if c == ' ' || c == '\t' {
			end := pos
			ts := 0
			for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
				if src[end] == '\t' {
					ts = ts&^7 + 8
				} else {
					ts++
				}
				end++
			}
			if end < len(src) && src[end] == '\n' {
				pos = end
				continue
			}
			pos = end
			lastTs = ts
			if firstTs != 0 {
				if ts < firstTs {
					return b.String(), pos, lines, false
				}
				if render {
					b.WriteString(strings.Repeat(" ", ts-firstTs))
				}
			}
			continue
		}
		if c == '\n' {
			pos++
			lines++
			if pos < len(src) {
				if n := src[pos]; n != ' ' && n != '\t' && n != '\n' {
					return b.String(), pos, lines, true
				}
			}
			if render {
				b.WriteByte('\n')
			}
			continue
		}
		end := pos
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if render {
			b.WriteString(strings.TrimRight(src[pos:end], " \t"))
		}
		if firstTs == 0 {
			firstTs = lastTs
		}
		pos = end
	}
	return b.String(), pos, lines, false
}
