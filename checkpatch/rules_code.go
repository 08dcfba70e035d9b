package checkpatch

import (
	"regexp"
	"strings"
)

// Checks on C code: braces, labels, declarations, spacing of brackets and
// parentheses, conditions and returns.

var (
	funcOpen      = lazyRegexp{expr: `^\+\{\s*$`}
	funcProto     = lazyRegexp{expr: `^\+(?:(?:(?:$Storage|$Inline)\s*)*\s*$Type\s*)?($Ident)\(`}
	funcClose     = lazyRegexp{expr: `^\+\}\s*$`}
	bareElse      = lazyRegexp{expr: `^\+(\t+)(?:}[ \t]*)?else(?:[ \t]*\{)?\s*$`}
	bareBreak     = lazyRegexp{expr: `^\+(\t+)break\s*;\s*$`}
	cvsMarker     = lazyRegexp{expr: `^\+.*\$(Revision|Log|Id)`}
	hotplug       = lazyRegexp{expr: `\b(__dev(?:init|exit)(?:data|const|))\b`}
	blockKeyword  = lazyRegexp{expr: `\b(?:(?:if|while|for|switch|(?:[a-z_]+|)for_each[a-z_]+)\s*\(|do\b|else\b)`}
	preprocessor  = lazyRegexp{expr: `^.\s*#`}
	deepTabs      = lazyRegexp{expr: `^\+\t{6,}`}
	braceLine     = lazyRegexp{expr: `^.\s*\{`}
	assignEnd     = lazyRegexp{expr: `(?:^|[^=])=\s*$`}
	includeLine   = lazyRegexp{expr: `^.\s*#\s*include\s+[<"](.*)[">]`}
	typePtrCast   = lazyRegexp{expr: `\($NonptrType(\s*(?:$Modifier\b\s*|\*\s*)+)\)`}
	typePtrDecl   = lazyRegexp{expr: `\b$NonptrType(\s*(?:$Modifier\b\s*|\*\s*)+)($Ident)`}
	modifierOnly  = lazyRegexp{expr: `^(?:$Modifier)$`}
	modifierEnd   = lazyRegexp{expr: `\b(?:$Modifier)$`}
	starsSpaced   = lazyRegexp{expr: `\*\s+\*`}
	structOpener  = lazyRegexp{expr: `^.\s*(?:typedef\s+)?(enum|union|struct)(?:\s+$Ident)?\s*$`}
	structNoSpace = lazyRegexp{expr: `^.\s*(?:typedef\s+)?(enum|union|struct)(?:\s+$Ident){1,2}[={]`}
	funcDefHead   = lazyRegexp{expr: `(?:$Type)\s*(?:$Ident)\s*$`}
	defineDo      = lazyRegexp{expr: `#\s*define\b.*do\s*\{`}
	funcPtrDecl   = lazyRegexp{expr: `^.\s*($Declare)\((\s*)\*(\s*)($Ident)(\s*)\)(\s*)\(`}
	trailingSpace = lazyRegexp{expr: `(\s+)$`}
	typeEnd       = lazyRegexp{expr: `(?:$Type)\s+$`}
	typeAtEnd     = lazyRegexp{expr: `(?:$Type)$`}
	bracketLead   = lazyRegexp{expr: `^.\s+$`}
	listSep       = lazyRegexp{expr: `[{,:]\s+$`}
	nameParen     = lazyRegexp{expr: `($Ident)\s+\(`}
	spacedNames   = lazyRegexp{expr: `^(?:if|for|while|switch|return|case|volatile|__volatile__|__attribute__|format|__extension__|asm|__asm__|scoped_guard)$`}
	defineBefore  = lazyRegexp{expr: `^.\s*#\s*define\s*$`}
	elifBefore    = lazyRegexp{expr: `^.\s*#\s*elif\s*$`}
	labelLine     = lazyRegexp{expr: `^.\s+[A-Za-z_][A-Za-z\d_]*:`}
	labelOneSpace = lazyRegexp{expr: `^. [A-Za-z\d_][A-Za-z\d_]*:`}
	defaultLabel  = lazyRegexp{expr: `^.\s+default:`}
	digitsAfter   = lazyRegexp{expr: `^\s*\d`}
	returnParen   = lazyRegexp{expr: `^.\s*return(\s*)\(`}
	keywordParen  = lazyRegexp{expr: `\b(?:if|while|for|switch)\(`}
	condKeyword   = lazyRegexp{expr: `\b(?:if|while|for)\s*\(`}
	ifParen       = lazyRegexp{expr: `\bif\s*\(`}
	assignInCond  = lazyRegexp{expr: `[^<>!=]=[^=]`}
	closingBrace  = lazyRegexp{expr: `\}\s*$`}
	elseStart     = lazyRegexp{expr: `^.\s*else\s*`}
	defineCont    = lazyRegexp{expr: `#\s*define.*\\\s+$`}
)

func openEndedLine(c *checker) {
	if b := openEnd(c.line); b != "" {
		c.report(LevelCheck, "OPEN_ENDED_LINE", "Lines should not end with a '"+b+"'", c.curr()...)
	}
}

// trackFunction follows function bodies that open in the patch, so that
// EMBEDDED_FUNCTION_NAME knows the function a string is in.
func trackFunction(c *checker) {
	if funcOpen.MatchString(c.sline) {
		if m := funcProto.FindStringSubmatchIndex(c.mask(c.prevline)); m != nil {
			c.contextFunc = c.prevline[m[2]:m[3]]
		}
	}
	if funcClose.MatchString(c.sline) {
		c.contextFunc = ""
	}
}

func unnecessaryElse(c *checker) {
	m := bareElse.FindStringSubmatch(c.sline)
	if m == nil {
		return
	}
	tabs := strings.Repeat("\t", len(m[1])+1)
	next, ok := c.lineAt(c.n + 1)
	if startsWithTabsWord(c.prevline, "+", tabs, "break") ||
		(startsWithTabsWord(c.prevline, "+", tabs, "return") && ok && !startsWithTabsPrefix(next, tabs, "return")) {
		c.report(LevelWarning, "UNNECESSARY_ELSE", "else is not generally useful after a break or return", c.prev()...)
	}
}

// startsWithTabsWord matches lead+tabs+word\b where tabs is exact (the next
// byte is not another tab, as \t{n,n}word requires).
func startsWithTabsWord(s, lead, tabs, word string) bool {
	p := lead + tabs + word
	if !strings.HasPrefix(s, p) {
		return false
	}
	return len(s) == len(p) || !isWordByte(s[len(p)])
}

// startsWithTabsPrefix matches [ +]tabs+word (no word boundary).
func startsWithTabsPrefix(s, tabs, word string) bool {
	return len(s) > 0 && (s[0] == ' ' || s[0] == '+') && strings.HasPrefix(s[1:], tabs+word)
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func unnecessaryBreak(c *checker) {
	m := bareBreak.FindStringSubmatch(c.sline)
	if m == nil {
		return
	}
	for _, w := range []string{"goto", "return", "break"} {
		if startsWithTabsWord(c.prevline, "+", m[1], w) {
			c.report(LevelWarning, "UNNECESSARY_BREAK", "break is not useful after a "+w, c.prev()...)
			return
		}
	}
}

func cvsKeyword(c *checker) {
	if cvsMarker.MatchString(c.rawline) {
		c.report(LevelWarning, "CVS_KEYWORD", "CVS style keyword markers, these will _not_ be updated", c.curr()...)
	}
}

func hotplugSection(c *checker) {
	if !strings.Contains(c.line, "__dev") {
		return
	}
	if m := hotplug.FindStringSubmatch(c.line); m != nil {
		c.report(LevelWarning, "HOTPLUG_SECTION", "Using "+m[1]+" is unnecessary", c.curr()...)
	}
}

func deepIndentation(c *checker) {
	if blockKeyword.MatchString(c.line) && !preprocessor.MatchString(c.line) && deepTabs.MatchString(c.line) {
		c.report(LevelWarning, "DEEP_INDENTATION", "Too many leading tabs - consider code refactoring", c.curr()...)
	}
}

func aggregateOpenBrace(c *checker) {
	if braceLine.MatchString(c.line) && assignEnd.MatchString(c.prevline) {
		c.report(LevelError, "OPEN_BRACE", "that open brace { should be on the previous line", c.prev()...)
	}
}

func includePaths(c *checker) {
	m := includeLine.FindStringSubmatch(c.rawline)
	if m == nil {
		return
	}
	if strings.Contains(m[1], "//") {
		c.report(LevelError, "MALFORMED_INCLUDE", "malformed #include filename", c.curr()...)
	}
	if strings.HasPrefix(m[1], "uapi/") && regexp.MustCompile(`\binclude/uapi/`).MatchString(c.realfile) {
		c.report(LevelError, "UAPI_INCLUDE", "No #include in ...include/uapi/... should use a uapi/ path prefix", c.curr()...)
	}
}

// c99Comments reports // comments, which checkpatch only sees when its C99
// comment tolerance is ignored; afterwards the comment is dropped from the
// line for the checks that follow, as checkpatch does.
func c99Comments(c *checker) {
	if strings.Contains(c.line, "//") {
		c.report(LevelError, "C99_COMMENTS", "do not use C99 // comments", c.curr()...)
	}
	if i := strings.Index(c.line, "//"); i >= 0 {
		c.line = c.line[:i]
	}
}

// pointerLocation wants "char *p" and "(char *)": the star with the name,
// a space before it, none inside "**".
func pointerLocation(c *checker) {
	// the spelling can differ only around a star or a modifier
	if !strings.Contains(c.line, "*") && !hasUnderscoreModifier(c.line) && !strings.Contains(c.line, "const") &&
		!strings.Contains(c.line, "volatile") && !strings.Contains(c.line, "fastcall") {
		return
	}
	line := c.mask(c.line)
	for _, m := range typePtrCast.FindAllStringSubmatch(line, -1) {
		from := m[1]
		to := starSpacing(from)
		if from != to {
			c.report(LevelError, "POINTER_LOCATION", `"(foo`+from+`)" should be "(foo`+to+`)"`, c.curr()...)
		}
	}
	for _, m := range typePtrDecl.FindAllStringSubmatch(line, -1) {
		from, ident := m[1], m[2]
		to := starSpacing(from)
		if modifierEnd.MatchString(to) {
			to += " "
		}
		if from != to && !modifierOnly.MatchString(ident) {
			c.report(LevelError, "POINTER_LOCATION", `"foo`+from+`bar" should be "foo`+to+`bar"`, c.curr()...)
		}
	}
}

// starSpacing is the canonical spelling of the stars and modifiers between
// a type and a name: one leading space, no trailing space, "**" joined.
func starSpacing(s string) string {
	if s != "" && !isSpace(s[0]) {
		s = " " + s
	}
	s = strings.TrimRight(s, " \t\n\r\f\v")
	for starsSpaced.MatchString(s) {
		s = starsSpaced.ReplaceAllLiteralString(s, "**")
	}
	return s
}

// declarationBraces: a function's '{' goes on its own line, a struct's on
// the same line, and "struct foo{" needs a space.
func declarationBraces(c *checker) {
	if strings.Contains(c.sline, "{") && hasFunctionBrace(c.mask(c.sline)) && !defineDo.MatchString(c.sline) && !strings.Contains(c.sline, "}") {
		c.report(LevelError, "OPEN_BRACE", "open brace '{' following function definitions go on the next line", c.curr()...)
	}
	if braceLine.MatchString(c.line) {
		if m := structOpener.FindStringSubmatch(c.prevline); m != nil {
			c.report(LevelError, "OPEN_BRACE", "open brace '{' following "+m[1]+" go on the same line", c.prev()...)
		}
	}
	if m := structNoSpace.FindStringSubmatch(c.line); m != nil {
		c.report(LevelWarning, "SPACING", "missing space after "+m[1]+" definition", c.curr()...)
	}
}

// hasFunctionBrace matches "type name(args) {" with balanced arguments.
func hasFunctionBrace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '(' || !funcDefHead.MatchString(s[:i]) {
			continue
		}
		if n := balancedParen(s[i:]); n > 0 && strings.HasPrefix(strings.TrimLeft(s[i+n:], " \t"), "{") {
			return true
		}
	}
	return false
}

func functionPointerSpacing(c *checker) {
	if !strings.Contains(c.line, "*") {
		return
	}
	m := funcPtrDecl.FindStringSubmatch(c.mask(c.line))
	if m == nil {
		return
	}
	declare, prePtr, postPtr, postName, preArgs := m[1], m[2], m[3], m[5], m[6]
	post := ""
	if t := trailingSpace.FindStringSubmatch(declare); t != nil {
		post = t[1]
		declare = strings.TrimRight(declare, " \t\n\r\f\v")
	}
	if !strings.HasSuffix(declare, "*") && post == "" {
		c.report(LevelWarning, "SPACING", "missing space after return type", c.curr()...)
	}
	if prePtr != "" {
		c.report(LevelWarning, "SPACING", "Unnecessary space after function pointer open parenthesis", c.curr()...)
	}
	if postPtr != "" {
		c.report(LevelWarning, "SPACING", "Unnecessary space before function pointer name", c.curr()...)
	}
	if postName != "" {
		c.report(LevelWarning, "SPACING", "Unnecessary space after function pointer name", c.curr()...)
	}
	if preArgs != "" {
		c.report(LevelWarning, "SPACING", "Unnecessary space before function pointer arguments", c.curr()...)
	}
}

// bracketSpace reports a space before '[' except after a type, at the start
// of a line (array initialisers) or after '{', ',' or ':'.
func bracketSpace(c *checker) {
	where := 0
	for where < len(c.line) {
		rel := -1
		for i := where; i+1 < len(c.line); i++ {
			if isSpace(c.line[i]) && c.line[i+1] == '[' {
				rel = i
				break
			}
		}
		if rel < 0 {
			return
		}
		prefix := c.line[where : rel+1]
		if !typeEnd.MatchString(c.mask(prefix)) && (where != 0 || !bracketLead.MatchString(prefix)) && !listSep.MatchString(prefix) {
			c.report(LevelError, "BRACKET_SPACE", "space prohibited before open square bracket '['", c.curr()...)
		}
		where = rel + 2
	}
}

func functionNameSpace(c *checker) {
	if !strings.Contains(c.line, " (") && !strings.Contains(c.line, "\t(") {
		return
	}
	for _, m := range nameParen.FindAllStringSubmatchIndex(c.line, -1) {
		name := c.line[m[2]:m[3]]
		before := c.line[:m[2]]
		ctx := before + name
		if spacedNames.MatchString(name) || defineBefore.MatchString(before) || elifBefore.MatchString(ctx) || typeAtEnd.MatchString(c.mask(ctx)) {
			continue
		}
		c.report(LevelWarning, "SPACING", "space prohibited between function name and open parenthesis '('", c.curr()...)
	}
}

var (
	multiAssign    = lazyRegexp{expr: `^.\s*$Lval\s*=\s*$Lval\s*=`}
	parenBrace     = lazyRegexp{expr: `\(.*\)\{`}
	castBrace      = lazyRegexp{expr: `\($Type\)\{`}
	elseDoBrace    = lazyRegexp{expr: `\b(?:else|do)\{`}
	sqOpenSpace    = lazyRegexp{expr: `\[\s`}
	sqOpenEnd      = lazyRegexp{expr: `\[\s*$`}
	sqCloseSpace   = lazyRegexp{expr: `\s\]`}
	parenOpenSpace = lazyRegexp{expr: `\(\s`}
	parenOpenEnd   = lazyRegexp{expr: `\(\s*(?:\\)?$`}
	forEmptyInit   = lazyRegexp{expr: `for\s*\(\s+;`}
	spaceClose     = lazyRegexp{expr: `\s+\)`}
	closeLead      = lazyRegexp{expr: `^.\s*\)`}
	forEmptyStep   = lazyRegexp{expr: `for\s*\(.*;\s+\)`}
	colonClose     = lazyRegexp{expr: `:\s+\)`}
)

// punctuationSpacing covers the single-line SPACING rules around
// semicolons, braces, brackets and parentheses, and chained assignments.
func punctuationSpacing(c *checker) {
	l := c.line
	if spaceBeforeSemicolon(l) {
		c.report(LevelWarning, "SPACING", "space prohibited before semicolon", c.curr()...)
	}
	if m := multiAssign.FindStringIndex(l); m != nil && !strings.HasPrefix(l[m[1]:], "=") {
		c.report(LevelCheck, "MULTIPLE_ASSIGNMENTS", "multiple assignments should be avoided", c.curr()...)
	}
	if (parenBrace.MatchString(l) && !castBrace.MatchString(l)) || elseDoBrace.MatchString(l) {
		c.report(LevelError, "SPACING", "space required before the open brace '{'", c.curr()...)
	}
	if spaceAfterCloseBrace(l) {
		c.report(LevelError, "SPACING", "space required after that close brace '}'", c.curr()...)
	}
	if sqOpenSpace.MatchString(l) && !sqOpenEnd.MatchString(l) {
		c.report(LevelError, "SPACING", "space prohibited after that open square bracket '['", c.curr()...)
	}
	if sqCloseSpace.MatchString(l) {
		c.report(LevelError, "SPACING", "space prohibited before that close square bracket ']'", c.curr()...)
	}
	if parenOpenSpace.MatchString(l) && !parenOpenEnd.MatchString(l) && !forEmptyInit.MatchString(l) {
		c.report(LevelError, "SPACING", "space prohibited after that open parenthesis '('", c.curr()...)
	}
	if spaceClose.MatchString(l) && !closeLead.MatchString(l) && !forEmptyStep.MatchString(l) && !colonClose.MatchString(l) {
		c.report(LevelError, "SPACING", "space prohibited before that close parenthesis ')'", c.curr()...)
	}
}

// spaceAfterCloseBrace matches "}x" where x is neither space nor one of
// ",;)}".
func spaceAfterCloseBrace(l string) bool {
	for i := 0; i+1 < len(l); i++ {
		if l[i] == '}' && !isSpace(l[i+1]) && !strings.ContainsRune(",;)}", rune(l[i+1])) {
			return true
		}
	}
	return false
}

func indentedLabel(c *checker) {
	m := labelLine.FindStringIndex(c.sline)
	if m == nil || digitsAfter.MatchString(c.sline[m[1]:]) || labelOneSpace.MatchString(c.sline) || defaultLabel.MatchString(c.sline) {
		return
	}
	c.report(LevelWarning, "INDENTED_LABEL", "labels should not be indented", c.curr()...)
}

var (
	returnStmt = lazyRegexp{expr: `(?s)^.\s*return\s*(\(.*)$`}
	semiEnd    = lazyRegexp{expr: `^\s*;\s*$`}
	argEnd     = lazyRegexp{expr: `^\s*(?:\?|$)`}
)

// returnParentheses: "return (x);" needs no parentheses when x is a single
// value, and "return(" needs a space.
func returnParentheses(c *checker) {
	m := returnParen.FindStringSubmatch(c.stat)
	if m == nil {
		return
	}
	if r := returnStmt.FindStringSubmatch(c.stat); r != nil {
		if n := balancedParen(r[1]); n > 0 && semiEnd.MatchString(r[1][n:]) {
			v := deparenthesize(r[1][:n])
			if k := funcArg(v); k > 0 && argEnd.MatchString(v[k:]) {
				c.report(LevelError, "RETURN_PARENTHESES", "return is not a function, parentheses are not required", c.curr()...)
			}
			return
		}
	}
	if m[1] == "" {
		c.report(LevelError, "SPACING", "space required before the open parenthesis '('", c.curr()...)
	}
}

var (
	outerParens = lazyRegexp{expr: `^\s*\(.*\)\s*$`}
	openParen   = lazyRegexp{expr: `^\s*\(\s*`}
	closeParen  = lazyRegexp{expr: `\s*\)\s*$`}
	whiteRun    = lazyRegexp{expr: `\s+`}
)

// deparenthesize strips enclosing parentheses and squeezes white space.
func deparenthesize(s string) string {
	for outerParens.MatchString(s) {
		s = openParen.ReplaceAllString(s, "")
		s = closeParen.ReplaceAllString(s, "")
	}
	return whiteRun.ReplaceAllString(s, " ")
}

// conditionChecks: "if(" needs a space, and an if condition should not
// assign.
func conditionChecks(c *checker) {
	if keywordParen.MatchString(c.line) {
		c.report(LevelError, "SPACING", "space required before the open parenthesis '('", c.curr()...)
	}
	if c.stat == "" || !condKeyword.MatchString(c.line) || preprocessor.MatchString(c.line) {
		return
	}
	if m := ifParen.FindStringIndex(c.cond); m != nil && assignInCond.MatchString(c.cond[m[1]:]) {
		c.report(LevelError, "ASSIGN_IN_IF", "do not use assignment in if condition", c.curr()...)
	}
}

func elseAfterBrace(c *checker) {
	if closingBrace.MatchString(c.prevline) && elseStart.MatchString(c.line) && c.previndent == c.indent {
		c.report(LevelError, "ELSE_AFTER_BRACE", "else should follow close brace '}'", c.prev()...)
	}
}

func continuationWhitespace(c *checker) {
	if defineCont.MatchString(c.line) {
		c.report(LevelWarning, "WHITESPACE_AFTER_LINE_CONTINUATION", "Whitespace after \\ makes next lines useless", c.curr()...)
	}
}

// eachHunkLine calls f with the index (0-based) of the current line and of
// each line after it that remains in the hunk, skipping removed lines,
// until f returns false.
func (c *checker) eachHunkLine(f func(i int) bool) {
	remain := c.realcnt
	for i := c.n - 1; i < len(c.lines) && remain > 0; i++ {
		if strings.HasPrefix(c.raw[i], "-") {
			continue
		}
		remain--
		if !f(i) {
			return
		}
	}
}

// conditionContext returns the lines (indexes) of the condition that
// starts on the current line, up to the line that closes its first
// parenthesis, as checkpatch's ctx_statement_level collects them.
func (c *checker) conditionContext() []int {
	var out []int
	level := 0
	c.eachHunkLine(func(i int) bool {
		out = append(out, i)
	scan:
		for k := 0; k < len(c.lines[i]); k++ {
			switch c.lines[i][k] {
			case ')':
				if level > 0 {
					level--
					if level == 0 {
						break scan
					}
				}
			case '(':
				level++
			}
		}
		return level != 0
	})
	return out
}

var (
	conditionLine = lazyRegexp{expr: `\b(?:(?:if|while|for|switch|(?:[a-z_]+|)for_each[a-z_]+)\s*\(|do\b|else\b)`}
	braceNext     = lazyRegexp{expr: `^\+\s*\{`}
)

// conditionBrace: the { of an if, loop or switch goes on the line of its
// condition, not on a line of its own after it.
func conditionBrace(c *checker) {
	if !strings.Contains(c.line, "if") && !strings.Contains(c.line, "for") && !strings.Contains(c.line, "while") &&
		!strings.Contains(c.line, "switch") && !strings.Contains(c.line, "do") && !strings.Contains(c.line, "else") {
		return
	}
	if !conditionLine.MatchString(c.line) || preprocessor.MatchString(c.line) {
		return
	}
	ctx := c.conditionContext()
	var raw []string
	for _, i := range ctx {
		raw = append(raw, c.raw[i])
	}
	if strings.Contains(strings.Join(raw, "\n"), "{") || len(ctx) == 0 {
		return
	}
	for j := ctx[len(ctx)-1] + 1; j < len(c.lines); j++ {
		if strings.HasPrefix(c.raw[j], "-") {
			continue
		}
		if braceNext.MatchString(c.lines[j]) {
			c.report(LevelError, "OPEN_BRACE", "that open brace { should be on the previous line", append(raw, c.raw[j])...)
		}
		return
	}
}

var funcDefinition = lazyRegexp{expr: `^.\s*(?:(?:$Storage)\s+)?(?:$Type)\s*($Ident)\s*$`}

// functionDefinition follows function definitions whose head spans lines
// ("static int foo(int a,\n\t\tint b)\n{"), for EMBEDDED_FUNCTION_NAME.
func functionDefinition(c *checker) {
	if c.stat == "" {
		return
	}
	s := c.mask(c.stat)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return
	}
	if !mayStartFuncType(s[:open]) {
		return
	}
	m := funcDefinition.FindStringSubmatchIndex(s[:open])
	if m == nil {
		return
	}
	n := balancedParen(s[open:])
	if n < 0 || !strings.HasPrefix(strings.TrimLeft(s[open+n:], " \t\n"), "{") {
		return
	}
	c.contextFunc = c.stat[m[2]:m[3]] // masking keeps positions
}

var (
	defineIdent = lazyRegexp{expr: `^.\s*#\s*define\s*$Ident`}
	contPrev    = lazyRegexp{expr: `^..*\\$`}
	contPreproc = lazyRegexp{expr: `^\+\s*#.*\\$`}
	contAsm     = lazyRegexp{expr: `^\+.*\b(?:__asm__|asm)\b.*\\$`}
	contLine    = lazyRegexp{expr: `^\+.*\\$`}
)

// lineContinuations: a backslash at the end of a line is for macros,
// preprocessor lines and asm only.
func lineContinuations(c *checker) {
	if !strings.HasSuffix(c.line, `\`) || (defineIdent.MatchString(c.line) && !strings.HasSuffix(c.realfile, "/vmlinux.lds.h")) {
		return
	}
	if !contPrev.MatchString(c.prevline) && !contPreproc.MatchString(c.line) && !contAsm.MatchString(c.line) && contLine.MatchString(c.line) {
		c.report(LevelWarning, "LINE_CONTINUATIONS", "Avoid unnecessary line continuations", c.curr()...)
	}
}

// mayStartFuncType is a cheap test that funcDefinition cannot match s when
// false: after the diff marker, blanks and a storage class, a type must
// start.
func mayStartFuncType(s string) bool {
	i, ok := afterMarker(s)
	if !ok {
		return false
	}
	if mayStartType(s[i:]) {
		return true
	}
	for _, w := range [...]string{"extern", "static", "asmlinkage"} {
		if rest, ok := strings.CutPrefix(s[i:], w); ok && rest != "" && isRE2Space(rest[0]) {
			return mayStartType(rest[skipRE2Space(rest, 0):])
		}
	}
	return false
}

// openEnd returns the '(' or '[' an added line ends with, blanks aside, as
// ^\+.*([\[(])\s*$ finds it (its '.' passes no newline), or "".
func openEnd(l string) string {
	if !strings.HasPrefix(l, "+") {
		return ""
	}
	end := len(l)
	for end > 1 && isRE2Space(l[end-1]) {
		end--
	}
	if end < 2 || l[end-1] != '(' && l[end-1] != '[' || strings.Contains(l[1:end-1], "\n") {
		return ""
	}
	return l[end-1 : end]
}

// spaceBeforeSemicolon reports whether an added line ends with blanks and
// a ';' after something else: what ^\+.*\S\s+;\s*$ matches, whose '.'
// passes no newline.
func spaceBeforeSemicolon(l string) bool {
	if !strings.HasPrefix(l, "+") {
		return false
	}
	end := len(l)
	for end > 1 && isRE2Space(l[end-1]) {
		end--
	}
	if end < 2 || l[end-1] != ';' {
		return false
	}
	j := end - 1
	for j > 1 && isRE2Space(l[j-1]) {
		j--
	}
	return j < end-1 && j >= 2 && !strings.Contains(l[1:j-1], "\n")
}

// hasUnderscoreModifier reports whether a word of l starts like one of the
// modifiers that begin with "__" (and __func__, in every other kernel
// log line, does not).
func hasUnderscoreModifier(l string) bool {
	for i := strings.Index(l, "__"); i >= 0; {
		if (i == 0 || !isWordByte(l[i-1])) && underscoreStart(l[i:]) {
			return true
		}
		j := strings.Index(l[i+2:], "__")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}
