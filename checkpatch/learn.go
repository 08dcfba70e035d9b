package checkpatch

import (
	"strings"
	"unicode/utf8"
)

// Type learning. checkpatch does not know every type name: it learns them
// from the code it reads ("possible types"), from declarations such as
// "foo_info *info = ..." and casts such as "(foo_info *)", and from then on
// treats the name as a type in every pattern. Here the learned names are
// kept with the patch line they were learned at, and a line is matched
// with each known name replaced by a placeholder of the same length that
// the built-in type list accepts (masked), so that positions and lengths
// stay those of the real line.

var (
	learnLabel    = lazyRegexp{expr: `$Ident:\*$`}
	learnDecl     = lazyRegexp{expr: `^.\s*(?:(?:$Storage)\s+)?(?:(?:$Inline)\s+)?(?:const\s+)?((?:\s*$Ident)+?)\b(?:\s+(?:$Sparse))?\s*\**\s*(?:$Ident|\(\*[^\)]*\))(?:\s*$Modifier)?\s*(?:;|=|,|\()`}
	learnGlobal   = lazyRegexp{expr: `^.(?:(?:$Storage)\s+)?(?:(?:$Inline)\s+)?(?:const\s+)?($Ident)\b\s*`}
	learnCast     = lazyRegexp{expr: `\(($Ident)(?:\s+(?:$Sparse))*[\s*]+\s*\)`}
	notTypeWhole  = lazyRegexp{expr: `^(?:$Modifier|$Storage|$Type|DEFINE_\S+)$`}
	notTypeStart  = lazyRegexp{expr: `^(?:goto|return|case|else|asm|__asm__|do|#|##|)(?:\s|$)|^(?:typedef|struct|enum)\b`}
	learnFuncHead = lazyRegexp{expr: `^(.(?:typedef\s*)?(?:(?:$Storage|$Inline)\s*)*\s*$Type\s*(?:\b$Ident|\(\*\s*$Ident\))\s*)\(`}
	argSplit      = lazyRegexp{expr: `\s*,\s*`}
	learnArg      = lazyRegexp{expr: `^(?:const\s+)?($Ident)(?:\s+(?:$Sparse))*\s*\**\s*(?::?\b$Ident)?$`}
	learnArgIdent = lazyRegexp{expr: `^$Ident$`}
	storageWords  = lazyRegexp{expr: `\s*(?:$Storage)\s*`}
	sparseWords   = lazyRegexp{expr: `\s*(?:$Sparse)\s*`}
)

// learnTypes looks at a statement that starts on the current line for type
// names, as checkpatch does before it annotates the line.
func learnTypes(c *checker) {
	if c.stat == "" {
		return
	}
	s := c.mask(c.stat)
	if i := strings.IndexByte(s, '{'); i >= 0 {
		s = s[:i]
	}
	// Each pattern runs once: a match's groups come from the same call.
	switch {
	case strings.HasSuffix(s, ":*") && learnLabel.MatchString(s), // the pattern ends in :\*$
		startsCall(s), startsElse(s):
	default:
		if c.av.prev == 'E' && mayDeclare(s) && !startsKeyword(s) {
			if name, ok := c.declared(s); ok {
				c.possible(name)
				break
			}
		}
		if len(s) > 1 && isWordByte(s[1]) {
			if m := learnGlobal.FindStringSubmatchIndex(s); m != nil && !strings.HasPrefix(s[m[3]:], ":") {
				c.possible(s[m[2]:m[3]])
			}
		}
	}
	if strings.Contains(s, "*)") || strings.Contains(s, " )") || strings.Contains(s, "\t)") || strings.Contains(s, "\n)") {
		for _, m := range learnCast.FindAllStringSubmatch(s, -1) {
			c.possible(m[1])
		}
	}
	// the argument types of a function declaration or definition
	if c.av.prev != 'E' {
		return
	}
	s = c.mask(s) // with what this statement taught so far
	if !mayDeclareFunc(s) {
		return
	}
	head := learnFuncHead.FindStringSubmatch(s)
	if head == nil {
		return
	}
	args := s[len(head[1])+1:]
	if i := strings.LastIndexByte(args, ')'); i >= 0 {
		args = args[:i]
	}
	for _, arg := range argSplit.Split(args, -1) {
		if m := learnArg.FindStringSubmatch(arg); m != nil {
			c.possible(m[1])
		} else if learnArgIdent.MatchString(arg) {
			c.possible(arg)
		}
	}
}

// possible records name as a type unless it is a keyword, a known type or
// modifier, or more than one word (checkpatch learns modifiers from
// those; go-edit does not).
func (c *checker) possible(raw string) {
	name, ok := c.names[raw]
	if !ok {
		name = typeName(raw)
		if c.names == nil {
			c.names = map[string]string{}
		}
		c.names[raw] = name
	}
	if name == "" {
		return
	}
	if _, ok := c.types[name]; !ok {
		if c.types == nil {
			c.types = map[string]int{}
		}
		c.types[name] = c.n
	}
}

// declared returns the name learnDecl finds in the statement s, if it
// finds one. The same declarations ("int ret;") come up again and again,
// so the checker keeps the answers, keyed by the part of s the pattern
// can read: up to its first ';', '=', ',' or '(', unless that opens a
// "(*" or an __alloc_size() comes first, whose parentheses it reads on.
func (c *checker) declared(s string) (string, bool) {
	_, first := utf8.DecodeRuneInString(s) // '.' takes any character
	end := strings.IndexAny(s[first:], ";=,(") + first
	if end < first || strings.HasPrefix(s[end:], "(*") || strings.Contains(s[:end], "alloc_size") {
		if m := learnDecl.FindStringSubmatch(s); m != nil {
			return m[1], true
		}
		return "", false
	}
	key := s[:end+1]
	d, ok := c.decls[key]
	if !ok {
		if m := learnDecl.FindStringSubmatch(key); m != nil {
			d = declaration{m[1], true}
		}
		if c.decls == nil {
			c.decls = map[string]declaration{}
		}
		c.decls[key] = d
	}
	return d.name, d.found
}

// declaration is what learnDecl found in a statement.
type declaration struct {
	name  string
	found bool
}

// startsKeyword reports whether the statement s starts with a keyword
// that typeName turns away as the first word of a name: learnDecl would
// find "return x;" a declaration of x, and learn nothing from it.
func startsKeyword(s string) bool {
	i, ok := afterMarker(s)
	if !ok {
		return false
	}
	n := 0
	for i+n < len(s) && isWordByte(s[i+n]) {
		n++
	}
	switch s[i : i+n] {
	case "return", "goto", "case", "else", "do", "asm", "__asm__":
		return true
	}
	return false
}

// typeName returns the type name possible learns from name, or "". It
// depends on name alone, and the same few names (int, struct device)
// come up again and again, so possible keeps the answers.
func typeName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if notTypeWhole.MatchString(name) || notTypeStart.MatchString(name) {
		return ""
	}
	name = storageWords.ReplaceAllString(name, "")
	name = sparseWords.ReplaceAllString(name, "")
	if name == "" || strings.ContainsAny(name, " \t\n") || len(name) < 3 || strings.HasPrefix(name, "TTT") {
		return ""
	}
	return name
}

// mask returns s with every type name learned by the current line replaced
// by a placeholder of the same length ending in "_t".
func (c *checker) mask(s string) string {
	if len(c.types) == 0 {
		return s
	}
	var b []byte
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) || (i > 0 && isWordByte(s[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if at, ok := c.types[s[i:j]]; ok && at <= c.n {
			if b == nil {
				b = []byte(s)
			}
			copy(b[i:j], strings.Repeat("T", j-i-2)+"_t")
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

// annotation is one line's value types and operator variants.
type annotation struct{ values, vars string }

// prepare runs, on a C hunk line, what the rule walks need from the lines
// before it: type learning and the value annotation, which both carry
// state from line to line and so are computed in the ordered walk.
func (c *checker) prepare() {
	trackStatements(c)
	learnTypes(c)
	opline := ""
	if c.line != "" {
		opline = " " + c.line[1:]
	}
	v, vs := c.av.annotate(c.mask(opline))
	if c.ann == nil {
		c.ann = make([]annotation, len(c.lines))
		c.stmtsKept = make([]statement, len(c.lines))
	}
	c.ann[c.n-1] = annotation{v, vs}
	c.stmtsKept[c.n-1] = statement{c.stat, c.cond, c.statLines}
}

// mayDeclare is a cheap test that learnDecl cannot match s when false. Up
// to its first ';', '=', ',' or '(', a declaration holds only words (a
// type and a name at least), blanks, '*' and the '##' of pasted names,
// unless a function pointer "(*" comes first.
func mayDeclare(s string) bool {
	_, first := utf8.DecodeRuneInString(s) // the diff marker, as '.' reads it
	end := strings.IndexAny(s[first:], ";=,(")
	if end < 0 {
		return false
	}
	end += first
	if strings.HasPrefix(s[end:], "(*") {
		return true
	}
	words := 0
	for i := first; i < end; i++ {
		switch b := s[i]; {
		case isWordByte(b):
			if !isWordByte(s[i-1]) {
				words++
			}
		case b != '*' && b != '#' && !isRE2Space(b):
			return false
		}
	}
	return words >= 2
}

// isRE2Space reports whether b is one of the bytes \s matches in RE2.
func isRE2Space(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// declWord reports whether w may come before the type of a function head
// (a storage class, inline, typedef).
func declWord(w string) bool {
	switch w {
	case "typedef", "extern", "static", "asmlinkage", "inline", "__always_inline", "noinline", "__inline", "__inline__":
		return true
	}
	return false
}

// mayDeclareFunc is a cheap test that learnFuncHead cannot match s when
// false: after the storage words, a type must start.
func mayDeclareFunc(s string) bool {
	rest := strings.TrimLeft(s[min(1, len(s)):], " \t\n")
	for {
		n := 0
		for n < len(rest) && isWordByte(rest[n]) {
			n++
		}
		if n == 0 || !declWord(rest[:n]) {
			return mayStartType(rest)
		}
		rest = strings.TrimLeft(rest[n:], " \t\n")
	}
}

// startsCall reports whether s, after its first character (the diff
// marker), starts with a name and an opening parenthesis: what
// ^.\s*$Ident\s*\( matches, without a regexp, as it runs on every
// statement.
func startsCall(s string) bool {
	i, ok := afterMarker(s)
	if !ok {
		return false
	}
	n := identAt(s[i:])
	if n == 0 {
		return false
	}
	i = skipRE2Space(s, i+n)
	return i < len(s) && s[i] == '('
}

// startsElse reports whether s, after its first character, starts with
// the word else: what ^.\s*else\b matches.
func startsElse(s string) bool {
	i, ok := afterMarker(s)
	if !ok {
		return false
	}
	rest, ok := strings.CutPrefix(s[i:], "else")
	return ok && (rest == "" || !isWordByte(rest[0]))
}

// afterMarker returns the offset in s after its first character, as '.'
// reads it (a rune, not a newline), and the blanks after it.
func afterMarker(s string) (int, bool) {
	if s == "" || s[0] == '\n' {
		return 0, false
	}
	_, n := utf8.DecodeRuneInString(s)
	return skipRE2Space(s, n), true
}

// skipRE2Space returns the offset of the first byte at or after i that is
// not one of the blanks \s matches.
func skipRE2Space(s string, i int) int {
	for i < len(s) && isRE2Space(s[i]) {
		i++
	}
	return i
}

// identAt returns the length of the $Ident at the start of s: a word that
// starts with a letter or '_', and any words pasted to it with ##; 0 when
// s starts with none.
func identAt(s string) int {
	word := func(s string) int {
		if s == "" || !isWordByte(s[0]) || s[0] >= '0' && s[0] <= '9' {
			return 0
		}
		n := 1
		for n < len(s) && isWordByte(s[n]) {
			n++
		}
		return n
	}
	n := word(s)
	if n == 0 {
		return 0
	}
	for {
		j := skipRE2Space(s, n)
		if !strings.HasPrefix(s[j:], "##") {
			return n
		}
		j = skipRE2Space(s, j+2)
		w := word(s[j:])
		if w == 0 {
			return n
		}
		n = j + w
	}
}
