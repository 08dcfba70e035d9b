package edit

import (
	"strconv"
	"strings"
)

// String formats the program as a sam script that parses to the same
// program: one top-level command per line, delimited text, explicit
// default commands.
func (p *Program) String() string {
	var b strings.Builder
	for _, c := range p.cmds {
		formatCmd(&b, c, 0)
		b.WriteByte('\n')
	}
	return b.String()
}

// formatCmd writes c without its final newline. A command whose regexp
// ends in a lone backslash must end its line right there (sam reads the
// backslash-delimiter pair as an escaped delimiter), so formatPattern
// reports that and the rest of the command, which can only be a default,
// is left out.
func formatCmd(b *strings.Builder, c *cmd, nest int) {
	if !formatAddr(b, c.addr) {
		return
	}
	switch c.name {
	case '{':
		b.WriteString("{\n")
		for i, sub := range c.group {
			if i > 0 && sub.name == '\n' && sub.addr == nil {
				// sam skips one blank line between the commands of a
				// group; a second one is the empty command.
				b.WriteByte('\n')
			}
			formatCmd(b, sub, nest+1)
			b.WriteByte('\n')
		}
		b.WriteByte('}')
		return
	case '\n':
		return
	}
	b.WriteString(cmdName(c.name))
	if c.info.Count {
		b.WriteString(strconv.Itoa(c.num))
	}
	if c.re != nil {
		d := pickDelim(c.re.expr)
		b.WriteRune(d)
		if !formatPatternBody(b, c.re, d) {
			return
		}
		if c.name == 's' {
			formatRepl(b, c.repl, d)
			if c.global {
				b.WriteByte('g')
			}
		}
	} else if c.name == 'x' || c.name == 'X' {
		b.WriteByte(' ')
	}
	if c.dest != nil {
		b.WriteByte(' ')
		if !formatAddr(b, c.dest) {
			return
		}
	}
	switch {
	case c.sub != nil:
		b.WriteByte(' ')
		formatCmd(b, c.sub, nest)
	case c.info.Text:
		b.WriteByte('/')
		writeEscaped(b, c.text, "\\/")
		b.WriteByte('/')
	case c.info.Token != "":
		b.Write(c.text)
	}
}

// formatAddr writes an address; it returns false if the address had to end
// the line.
func formatAddr(b *strings.Builder, a *addr) bool {
	for ; a != nil; a = a.next {
		switch a.kind {
		case ',', ';':
			if !formatAddr(b, a.left) {
				return false
			}
			b.WriteRune(a.kind)
		case 'l':
			b.WriteString(strconv.Itoa(a.num))
		case '#':
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(a.num))
		case '/', '?':
			b.WriteRune(a.kind)
			if !formatPatternBody(b, a.re, a.kind) {
				return false
			}
		default:
			b.WriteRune(a.kind)
		}
	}
	return true
}

// pickDelim chooses a delimiter that does not occur in expr, so that the
// regexp can be written as it is.
func pickDelim(expr string) rune {
	for _, d := range "/|,;:!@%~=_" {
		if !strings.ContainsRune(expr, d) {
			return d
		}
	}
	return '/'
}

// formatPatternBody writes the regexp and the closing delimiter d so that
// sam's reading of it gives the same regexp back. A regexp written empty
// (the last one again) is written empty. When it ends in a lone backslash
// it is written without the delimiter, and formatPatternBody returns false:
// the line must end there.
func formatPatternBody(b *strings.Builder, pat *pattern, d rune) bool {
	expr := pat.expr
	if pat.reused {
		expr = ""
	}
	for i := 0; i < len(expr); {
		switch {
		case expr[i] == '\\' && i+1 < len(expr) && expr[i+1] == '\\':
			b.WriteString(`\\`)
			i += 2
			continue
		case expr[i] == '\\' && i+1 == len(expr):
			b.WriteByte('\\')
			return false
		case strings.HasPrefix(expr[i:], string(d)):
			b.WriteByte('\\')
		}
		b.WriteByte(expr[i])
		i++
	}
	b.WriteRune(d)
	return true
}

// pickDelim never chooses a delimiter that needs escaping inside a/c/i
// text, so text is always written with /.
func writeEscaped(b *strings.Builder, text []byte, special string) {
	for _, c := range text {
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case strings.IndexByte(special, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
}

// formatRepl writes an s replacement and its closing delimiter d (which
// pickDelim chose among single-byte runes).
func formatRepl(b *strings.Builder, pieces []replPiece, d rune) {
	for _, pc := range pieces {
		switch pc.group {
		case -1:
			writeEscaped(b, pc.lit, `\&`+string(d))
		case 0:
			b.WriteByte('&')
		default:
			b.WriteByte('\\')
			b.WriteByte(byte('0' + pc.group))
		}
	}
	b.WriteRune(d)
}

// dump formats a command as a one-line tree, for tests.
func dump(c *cmd) string {
	var b strings.Builder
	dumpCmd(&b, c)
	return b.String()
}

func dumpCmd(b *strings.Builder, c *cmd) {
	if c.addr != nil {
		dumpAddr(b, c.addr)
		b.WriteByte(' ')
	}
	switch c.name {
	case '{':
		b.WriteByte('{')
		for i, sub := range c.group {
			if i > 0 {
				b.WriteString("; ")
			}
			dumpCmd(b, sub)
		}
		b.WriteByte('}')
		return
	}
	b.WriteString(cmdName(c.name))
	if c.info.Count {
		b.WriteString(strconv.Itoa(c.num))
	}
	if c.re != nil {
		b.WriteString(strconv.Quote(c.re.expr))
	}
	if c.name == 's' {
		b.WriteByte(' ')
		for _, pc := range c.repl {
			if pc.group < 0 {
				b.WriteString(strconv.Quote(string(pc.lit)))
			} else {
				b.WriteString(`\` + strconv.Itoa(pc.group))
			}
		}
		if c.global {
			b.WriteString(" g")
		}
	}
	if c.dest != nil {
		b.WriteByte(' ')
		dumpAddr(b, c.dest)
	}
	if c.info.Text || c.info.Token != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(string(c.text)))
	}
	if c.sub != nil {
		b.WriteString(" (")
		dumpCmd(b, c.sub)
		b.WriteByte(')')
	}
}

// dumpAddr writes an address chain; compounds are bracketed, with _ for a
// missing side.
func dumpAddr(b *strings.Builder, a *addr) {
	if a == nil {
		b.WriteByte('_')
		return
	}
	for ; a != nil; a = a.next {
		switch a.kind {
		case ',', ';':
			b.WriteByte('[')
			dumpAddr(b, a.left)
			b.WriteRune(a.kind)
			dumpAddr(b, a.next)
			b.WriteByte(']')
			return
		case 'l':
			b.WriteString(strconv.Itoa(a.num))
		case '#':
			b.WriteString("#" + strconv.Itoa(a.num))
		case '/', '?':
			b.WriteRune(a.kind)
			b.WriteString(strconv.Quote(a.re.expr))
		default:
			b.WriteRune(a.kind)
		}
	}
}
