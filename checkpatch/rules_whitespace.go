package checkpatch

import (
	"regexp"
	"strconv"
	"strings"
)

// Whitespace, line length, indentation and comment layout checks.

var (
	trailingWS   = lazyRegexp{expr: `^\+.*\S\s+$|^\+\s+$`}
	fsfAddr      = lazyRegexp{expr: `(?i)\bwrite to the Free|\b675\s+Mass\s+Ave|\b59\s+Temple\s+Pl|\b51\s+Franklin\s+St`}
	shebang      = lazyRegexp{expr: `^[ +]\s*#!\s*/`}
	spdxIdent    = lazyRegexp{expr: `SPDX-License-Identifier:`}
	spdxWord     = lazyRegexp{expr: `\bSPDX-License-Identifier:`}
	spdxValue    = lazyRegexp{expr: `(SPDX-License-Identifier: .*)`}
	spdxDTOK     = lazyRegexp{expr: `GPL-2\.0.*BSD-2-Clause`}
	extH         = lazyRegexp{expr: `\.(?:h|s|S)$`}
	extC         = lazyRegexp{expr: `\.(?:c|rs|dts|dtsi)$`}
	extScript    = lazyRegexp{expr: `\.(?:sh|pl|py|awk|tc|yaml)$`}
	extChsS      = lazyRegexp{expr: `\.[chsS]$`}
	longLogFunc  = lazyRegexp{expr: `^\+\s*$LogFunctions\s*\(\s*(?:(?:KERN_\S+\s*|[^"]*))?($String\s*(?:|,|\)\s*;)\s*)$`}
	longString   = lazyRegexp{expr: `^\+\s*$String\s*(?:\s*|,|\)\s*;)\s*$|^\+\s*#\s*define\s+\w+\s+$String$`}
	longSpecial  = lazyRegexp{expr: `^\+.*\bEFI_GUID\s*\(|^\+\s*(?:\w+)?\s*DEFINE_PER_CPU`}
	longURL      = lazyRegexp{expr: `(?i)^\+.*\b[a-z][\w.+\-]*://\S+`}
	longComment  = lazyRegexp{expr: `(\x1c[\s\x1c]*)$`}
	longStrTail  = lazyRegexp{expr: `\s*($String(?:\s*(?:\\|,\s*|\)\s*;\s*))?)$`}
	codeIndentRe = lazyRegexp{expr: `^\+\s* \t\s*\S|^\+\s*        \s*`}
	assignStart  = lazyRegexp{expr: `^\+\s+($Assignment)[^=]`}
	logicalStart = lazyRegexp{expr: `^\+\s*(&&|\|\|)`}
	tabstopRe    = lazyRegexp{expr: `^\+\t+( +)(?:(?:$C90)\b|\{\s*$|\}\s*(?:else\b|while\b|\s*$)|$Declare\s*$Ident\s*[;=])`}
	alignOpener  = lazyRegexp{expr: `^\+([ \t]*)(?:(?:(?:$C90)(?:\s+if)\s*)|(?:$Declare\s*)?(?:$Ident|\(\s*\*\s*$Ident\s*\))\s*|(?:\*\s*)*$Lval\s*=\s*$Ident\s*)\(.*(?:&&|\|\||,)\s*$`}
	castPrefix   = lazyRegexp{expr: `^\(\s*$Type\s*\)[ \t]+`}
	castNotAfter = lazyRegexp{expr: `^(?:[={]|\\$|$Attribute|__attribute__)`}
	sizeofBefore = lazyRegexp{expr: `\b(?:sizeof|__alignof__)\s*$`}
	netFile      = lazyRegexp{expr: `^(?:drivers/net/|net/)`}
	openComment  = lazyRegexp{expr: `^\+[ \t]*/\*[ \t]*$`}
	starLead     = lazyRegexp{expr: `^\+[ \t]*\*`}
	endsComment  = lazyRegexp{expr: `\x1c[ \t]*$`}
	hasOpen      = lazyRegexp{expr: `^\+.*?/\*`}
	closesLine   = lazyRegexp{expr: `\*/[ \t]*$`}
	lonelyClose  = lazyRegexp{expr: `^\+[ \t]*\*/[ \t]*$`}
	inlineBlock  = lazyRegexp{expr: `^\+.*/\*.*\*/[ \t]*$`}
	starsClose   = lazyRegexp{expr: `^\+.*\*{2,}/[ \t]*$`}
	textClose    = lazyRegexp{expr: `^\+[ \t]*.+\*/[ \t]*$`}
	leadComment  = lazyRegexp{expr: `^\+[ \t]*\x1c`}
	starIndent1  = lazyRegexp{expr: `^\+([ \t]*/?)\*`}
	starIndent2  = lazyRegexp{expr: `^\+(.*/?)\*`}
	starIndentC  = lazyRegexp{expr: `^\+([ \t]*)\*`}
	closeBrace   = lazyRegexp{expr: `^[+ ]};?\s*$`}
	afterDecl    = lazyRegexp{expr: `^\+\s*$|^\+\s*(?:EXPORT_SYMBOL|early_param)|(?i)^\+\s*MODULE_|^\+\s*#\s*(?:end|elif|else)|^\+[a-z_]*init|^\+\s*(?:static\s+)?[A-Z_]*ATTR|^\+\s*DECLARE|^\+\s*builtin_[\w_]*driver|^\+\s*__setup`}
	blankCtx     = lazyRegexp{expr: `^[+ ]\s*$`}
	blankAdded   = lazyRegexp{expr: `^\+\s*$`}
	declIndent   = lazyRegexp{expr: `\+(\s+)\S`}
	attrSparse   = lazyRegexp{expr: `\b(?:$Attribute|$Sparse)\b`}
	declLike     = lazyRegexp{expr: `^\+\s+$Declare\s*$Ident\s*[=,;:\[]|^\+\s+$Declare\s*\(\s*\*\s*$Ident\s*\)\s*[=,;:\[\(]|^\+\s+$Ident(?:\s+|\s*\*\s*)$Ident\s*[=,;\[]|^\+\s+(?:$DeclarationMacros)`}
	declNotEnd   = lazyRegexp{expr: `^\+\s+(?:$C90)\b|(?:<=|>=|==|!=|<|>|$Assignment|$Operators)\s*$|(?:\{\s*|\\)$`}
	declFollow   = lazyRegexp{expr: `^\+\s+(?:static\s+)?(?:const\s+)?(?:union|struct|enum|typedef)\b|^\+\s+(?:$|[{}.#"?:(\[])|^\+\s+$Ident\s*:\s*\d+\s*[,;]|^\+\s+\(?\s*(?:<=|>=|==|!=|<|>|$Assignment|$Operators)`}
	leadingOK    = lazyRegexp{expr: `^\+ *(?:\x1c|#|$Ident:)`}
)

func trailingWhitespace(c *checker) {
	if strings.HasPrefix(c.line, "+") && strings.Contains(c.line, "\r") {
		c.report(LevelError, "DOS_LINE_ENDINGS", "DOS line endings", c.vet()...)
	} else if endsInSpace(c.rawline) && trailingWS.MatchString(c.rawline) {
		c.report(LevelError, "TRAILING_WHITESPACE", "trailing whitespace", c.vet()...)
	}
}

func fsfAddress(c *checker) {
	if (strings.Contains(c.rawline, "5") || strings.ContainsAny(c.rawline, "wW")) && fsfAddr.MatchString(c.rawline) {
		c.report(LevelError, "FSF_MAILING_ADDRESS", "Do not include the paragraph about writing to the Free Software Foundation's mailing address from the sample GPL notice. The FSF has changed addresses in the past, and may do so again. Linux already includes a copy of the GPL.", c.vet()...)
	}
}

// spdxTag checks the licence tag on the first line of a new file (the
// second after a #! line).
func spdxTag(c *checker) {
	if c.realline != c.licenseLine {
		return
	}
	if shebang.MatchString(c.rawline) {
		c.licenseLine = 2
		return
	}
	if !strings.HasPrefix(c.rawline, "+") {
		return
	}
	comment := ""
	switch {
	case extH.MatchString(c.realfile):
		comment = "/*"
	case extC.MatchString(c.realfile):
		comment = "//"
	case c.licenseLine == 2 || extScript.MatchString(c.realfile):
		comment = "#"
	case strings.HasSuffix(c.realfile, ".rst"):
		comment = ".."
	}
	if extChsS.MatchString(c.realfile) && spdxIdent.MatchString(c.rawline) &&
		!regexp.MustCompile(`^\+\s*`+regexp.QuoteMeta(comment)+`\s*`).MatchString(c.rawline) {
		c.report(LevelWarning, "SPDX_LICENSE_TAG", "Improper SPDX comment style for '"+c.realfile+"', please use '"+comment+"' instead", c.curr()...)
	}
	if comment != "" && !strings.HasPrefix(c.rawline, "+"+comment+" SPDX-License-Identifier: ") {
		c.report(LevelWarning, "SPDX_LICENSE_TAG", "Missing or malformed SPDX-License-Identifier tag in line "+strconv.Itoa(c.licenseLine), c.curr()...)
	} else if m := spdxValue.FindStringSubmatch(c.rawline); m != nil {
		if strings.HasPrefix(c.realfile, "Documentation/devicetree/bindings/") && !spdxDTOK.MatchString(m[1]) {
			c.report(LevelWarning, "SPDX_LICENSE_TAG", "DT binding documents should be licensed (GPL-2.0-only OR BSD-2-Clause)", c.curr()...)
		}
	}
}

func embeddedFilename(c *checker) {
	if c.realfile != "" && strings.HasPrefix(c.rawline, "+") && strings.Contains(c.rawline[1:], c.realfile) {
		c.report(LevelWarning, "EMBEDDED_FILENAME", "It's generally not useful to have the filename in the file", c.curr()...)
	}
}

func misplacedSPDX(c *checker) {
	if c.realline != c.licenseLine && strings.Contains(c.rawline, "SPDX-License-Identifier:") && spdxWord.MatchString(c.rawline) {
		c.report(LevelWarning, "SPDX_LICENSE_TAG", "Misplaced SPDX-License-Identifier tag - use line "+strconv.Itoa(c.licenseLine)+" instead", c.curr()...)
	}
}

// longLine reports added lines over the limit, except those checkpatch lets
// run long: a logging call or a line that ends in a string which starts
// within the limit, #define'd strings, EFI GUIDs, per-cpu definitions and
// URLs. A comment or string that starts within the limit gets its own type.
func longLine(c *checker) {
	if !strings.HasPrefix(c.line, "+") || c.length <= c.maxLen {
		return
	}
	if typ := longLineType(c); typ != "" && (c.show("LONG_LINE") || c.show(typ)) {
		c.report(LevelWarning, typ, "line length of "+strconv.Itoa(c.length)+" exceeds "+strconv.Itoa(c.maxLen)+" columns", c.curr()...)
	}
}

// longLineType classifies an over-long added line: "" when checkpatch lets
// it pass, else LONG_LINE, LONG_LINE_COMMENT or LONG_LINE_STRING.
func longLineType(c *checker) string {
	within := func(tail string) bool {
		return len(expandTabs(c.line[1:len(c.line)-len(tail)])) <= c.maxLen
	}
	if m := longLogFunc.FindStringSubmatch(c.line); m != nil && within(m[1]) {
		return ""
	}
	if longString.MatchString(c.line) || longSpecial.MatchString(c.line) || longURL.MatchString(c.rawline) {
		return ""
	}
	if m := longComment.FindStringSubmatch(c.line); m != nil && within(m[1]) {
		return "LONG_LINE_COMMENT"
	}
	if m := longStrTail.FindStringSubmatch(c.sline); m != nil && within(m[1]) {
		return "LONG_LINE_STRING"
	}
	return "LONG_LINE"
}

func missingEOFNewline(c *checker) {
	if next, ok := c.lineAt(c.n + 1); ok && strings.HasPrefix(c.line, "+") && strings.HasPrefix(next, `\ No newline at end of file`) {
		c.report(LevelWarning, "MISSING_EOF_NEWLINE", "adding a line without newline at end of file", c.curr()...)
	}
}

func codeIndent(c *checker) {
	if codeIndentRe.MatchString(c.rawline) {
		c.report(LevelError, "CODE_INDENT", "code indent should use tabs where possible", c.vet()...)
	}
}

func spaceBeforeTab(c *checker) {
	if strings.HasPrefix(c.rawline, "+") && strings.Contains(c.rawline, " \t") {
		c.report(LevelWarning, "SPACE_BEFORE_TAB", "please, no space before tabs", c.vet()...)
	}
}

func assignmentContinuation(c *checker) {
	if m := assignStart.FindStringSubmatch(c.sline); m != nil {
		c.report(LevelCheck, "ASSIGNMENT_CONTINUATIONS", "Assignment operator '"+m[1]+"' should be on the previous line", c.prev()...)
	}
}

func logicalContinuation(c *checker) {
	if logicalStart.MatchString(c.rawline) {
		c.report(LevelCheck, "LOGICAL_CONTINUATIONS", "Logical continuations should be on the previous line", c.prev()...)
	}
}

func tabstop(c *checker) {
	// The pattern starts with "+", tabs and a space.
	if t := strings.TrimLeft(c.sline[min(1, len(c.sline)):], "\t"); !strings.HasPrefix(c.sline, "+\t") || !strings.HasPrefix(t, " ") {
		return
	}
	if m := tabstopRe.FindStringSubmatch(c.mask(c.sline)); m != nil && len(m[1])%tabSize != 0 {
		c.report(LevelWarning, "TABSTOP", "Statements should start on a tabstop", c.curr()...)
	}
}

// parenthesisAlignment checks that the line after an added line which
// leaves a call, condition or declaration open (ending in ',', '&&' or
// '||') starts under the column after the open parenthesis. The line
// checked may be context: an edit that moves the parenthesis misaligns the
// unchanged lines below it.
func parenthesisAlignment(c *checker) {
	if !strings.HasPrefix(c.prevline, "+") || !opensContinuation(c.prevline) || !opensCall(c.prevline) && !alignOpener.MatchString(c.prevline) {
		return
	}
	oldIndent := c.prevline[1 : 1+len(c.prevline[1:])-len(strings.TrimLeft(c.prevline[1:], "\t"))]
	pos := lastOpenParen(c.prevline[1+len(oldIndent):])
	if pos < 0 {
		return
	}
	body := ""
	if c.line != "" {
		body = c.line[1:]
	}
	newIndent := body[:len(body)-len(strings.TrimLeft(body, " \t"))]
	goodTab := oldIndent + strings.Repeat("\t", pos/tabSize) + strings.Repeat(" ", pos%tabSize)
	goodSpace := oldIndent + strings.Repeat(" ", pos)
	if newIndent != goodTab && newIndent != goodSpace {
		c.report(LevelCheck, "PARENTHESIS_ALIGNMENT", "Alignment should match open parenthesis", c.prev()...)
	}
}

// lastOpenParen returns the column just after the last parenthesis left
// open on a line (tabs expanded), or -1 when every parenthesis closes. It
// mirrors checkpatch's pos_last_openparen: balanced groups are skipped as
// a whole.
func lastOpenParen(s string) int {
	if opens, closes := strings.Count(s, "("), strings.Count(s, ")"); opens == 0 || closes >= opens {
		return -1
	}
	last := 0
	for pos := 0; pos < len(s); pos++ {
		if n := funcArgOrGroup(s[pos:]); n > 0 {
			pos += n - 1
		} else if s[pos] == '(' {
			last = pos
		} else if !strings.Contains(s[pos:], "(") {
			break
		}
	}
	return len(expandTabs(s[:last])) + 1
}

// funcArgOrGroup returns the length of the argument-like expression
// ($FuncArg) or balanced parenthesised group at the start of s, or 0.
func funcArgOrGroup(s string) int {
	if n := funcArg(s); n > 0 {
		return n
	}
	if n := balancedParen(s); n > 0 {
		return n
	}
	return 0
}

var (
	typecast      = lazyRegexp{expr: `^\s*(?:\(\s*$NonptrType\s*\))?\s*`}
	lvalStart     = lazyRegexp{expr: `^(?:[&*]\s*)?$Lval`}
	constantStart = lazyRegexp{expr: `^(?:$Constant)`}
	stringStart   = lazyRegexp{expr: `^$String`}
	spaces        = lazyRegexp{expr: `^\s*`}
)

// funcArg returns the length of checkpatch's $FuncArg at the start of s: an
// optional cast, then an lvalue or call (trailing space included), a
// constant or a string; 0 when there is none.
func funcArg(s string) int {
	off := skipRE2Space(s, 0) // what typecast matches without a cast
	if off < len(s) && s[off] == '(' && mayStartType(s[skipRE2Space(s, off+1):]) {
		off = typecast.FindStringIndex(s)[1]
	}
	rest := s[off:]
	if m := lvalStart.FindStringIndex(rest); m != nil {
		n := m[1]
		n += len(spaces.FindString(rest[n:]))
		if g := balancedParen(rest[n:]); g > 0 {
			n += g
		}
		n += len(spaces.FindString(rest[n:]))
		return off + n
	}
	if m := constantStart.FindStringIndex(rest); m != nil {
		return off + m[1]
	}
	if m := stringStart.FindStringIndex(rest); m != nil {
		return off + m[1]
	}
	return 0
}

// spaceAfterCast flags "(int) x" (a CHECK); the last cast on the line that
// is followed by something other than '=', '{', an attribute or a line
// continuation decides.
func spaceAfterCast(c *checker) {
	if !strings.HasPrefix(c.line, "+") {
		return
	}
	line := c.mask(c.line)
	for i := len(line) - 1; i >= 1; i-- {
		if line[i] != '(' {
			continue
		}
		if !mayStartType(line[skipRE2Space(line, i+1):]) {
			continue
		}
		m := castPrefix.FindStringIndex(line[i:])
		if m == nil || castNotAfter.MatchString(line[i+m[1]:]) {
			continue
		}
		if !sizeofBefore.MatchString(line[1:i]) {
			c.report(LevelCheck, "SPACING", "No space is necessary after a cast", c.curr()...)
		}
		return
	}
}

func networkingBlockComment(c *checker) {
	if netFile.MatchString(c.realfile) && openComment.MatchString(c.prevraw) && starLead.MatchString(c.rawline) && c.realline > 3 {
		c.report(LevelWarning, "NETWORKING_BLOCK_COMMENT_STYLE", "networking block comments don't use an empty /* line, use /* Comment...", c.prev()...)
	}
}

func blockCommentStyle(c *checker) {
	if endsComment.MatchString(c.prevline) && hasOpen.MatchString(c.prevraw) && !closesLine.MatchString(c.prevraw) &&
		strings.HasPrefix(c.rawline, "+") && !starLead.MatchString(c.rawline) {
		c.report(LevelWarning, "BLOCK_COMMENT_STYLE", "Block comments use * on subsequent lines", c.prev()...)
	}
	if !lonelyClose.MatchString(c.rawline) && !inlineBlock.MatchString(c.rawline) && !starsClose.MatchString(c.rawline) &&
		textClose.MatchString(c.rawline) {
		c.report(LevelWarning, "BLOCK_COMMENT_STYLE", "Block comments use a trailing */ on a separate line", c.curr()...)
	}
	if endsComment.MatchString(c.prevline) && leadComment.MatchString(c.line) && starLead.MatchString(c.rawline) &&
		((hasOpen.MatchString(c.prevraw) && !closesLine.MatchString(c.prevraw)) || starLead.MatchString(c.prevraw)) {
		m := starIndent1.FindStringSubmatch(c.prevraw)
		if m == nil {
			m = starIndent2.FindStringSubmatch(c.prevraw)
		}
		old := ""
		if m != nil {
			old = expandTabs(m[1])
		}
		cur := ""
		if m := starIndentC.FindStringSubmatch(c.rawline); m != nil {
			cur = expandTabs(m[1])
		}
		if len(old) != len(cur) {
			c.report(LevelWarning, "BLOCK_COMMENT_STYLE", "Block comments should align the * on each line", c.prev()...)
		}
	}
}

func lineSpacing(c *checker) {
	if closeBrace.MatchString(c.prevline) && strings.HasPrefix(c.line, "+") && !afterDecl.MatchString(c.line) {
		c.report(LevelCheck, "LINE_SPACING", "Please use a blank line after function/struct/union/enum declarations", c.prev()...)
	}
	if blankCtx.MatchString(c.prevline) && blankAdded.MatchString(c.line) && c.lastBlankLine != c.n-1 {
		c.report(LevelCheck, "LINE_SPACING", "Please don't use multiple blank lines", c.prev()...)
		c.lastBlankLine = c.n
	}
	m := declIndent.FindStringSubmatch(c.prevline)
	if m == nil || !strings.HasPrefix(c.sline, "+"+m[1]) || len(c.sline) <= len(m[1])+1 || isSpace(c.sline[len(m[1])+1]) {
		return
	}
	sl := attrSparse.ReplaceAllString(c.mask(c.sline), "")
	pl := attrSparse.ReplaceAllString(c.mask(c.prevline), "")
	if declLike.MatchString(pl) && !declNotEnd.MatchString(pl) && !declLike.MatchString(sl) && !declFollow.MatchString(sl) {
		c.report(LevelWarning, "LINE_SPACING", "Missing a blank line after declarations", c.prev()...)
	}
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

func leadingSpace(c *checker) {
	if strings.HasPrefix(c.rawline, "+ ") && !leadingOK.MatchString(c.line) {
		c.report(LevelWarning, "LEADING_SPACE", "please, no spaces at the start of a line", c.vet()...)
	}
}

// opensContinuation is a cheap test for a line ending in ',', '&&' or '||'
// (then white space), the lines PARENTHESIS_ALIGNMENT follows.
func opensContinuation(l string) bool {
	t := strings.TrimRight(l, " \t\n\r\f\v")
	return strings.HasSuffix(t, ",") || strings.HasSuffix(t, "&&") || strings.HasSuffix(t, "||")
}

// endsInSpace reports whether s ends in a byte of RE2's \s, which every
// line trailingWS matches does; most lines are spared the regexp.
func endsInSpace(s string) bool {
	return s != "" && strings.IndexByte(" \t\n\f\r", s[len(s)-1]) >= 0
}

// opensCall reports whether l is an added line that starts with a call
// and ends in a ',', '&&' or '||' after its '(': the common case of what
// alignOpener matches, which it matches without the regexp. (False says
// nothing.)
func opensCall(l string) bool {
	if !strings.HasPrefix(l, "+") {
		return false
	}
	i := 1
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	n := identAt(l[i:])
	if n == 0 {
		return false
	}
	open := skipRE2Space(l, i+n)
	if open >= len(l) || l[open] != '(' {
		return false
	}
	// the rest: \(.*(?:&&|\|\||,)\s*$, where '.' is not a newline
	end := len(l)
	for end > open && isRE2Space(l[end-1]) {
		end--
	}
	t := l[:end]
	op := 0
	switch {
	case strings.HasSuffix(t, ","):
		op = 1
	case strings.HasSuffix(t, "&&"), strings.HasSuffix(t, "||"):
		op = 2
	}
	return op > 0 && !strings.Contains(l[open:end-op], "\n")
}
