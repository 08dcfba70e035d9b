package checkpatch

import (
	"strings"
)

// annotator classifies the tokens of C lines the way checkpatch's
// annotate_values does, so that operator spacing knows a unary '*' from a
// binary one, a label's ':' from a conditional's. Its state runs across the
// lines of a hunk.
//
// Each byte of a line gets a value type: 'E' (start of an expression),
// 'V' (a value: identifier, constant, call), 'N' (an operator or keyword
// expecting a value), 'T' (a type), 'C' (after a comma) or 'c' (a cast).
// Operators also get a variant: 'U' unary or 'B' binary for - + * & &&,
// and for ':' the kind the statement makes it: 'C' case, 'L' label,
// 'B' bit-field, 'O' other.
type annotator struct {
	preprocessor bool
	pending      byte   // type to restore when the next '(' closes
	parenType    []byte // types to restore at each ')'
	pendColon    byte   // what the next ':' is
	prev         byte   // type at the end of the previous line

	declarations map[string][]int // avDeclare's matches (see declaration)
}

// reset starts a hunk.
func (a *annotator) reset() {
	*a = annotator{pending: '_', parenType: []byte{'E'}, pendColon: 'O', prev: 'E', declarations: a.declarations}
}

var (
	avCast     = lazyRegexp{expr: `^\(\s*(?:$Type)\s*\)`}
	avDeclare  = lazyRegexp{expr: `^($Type)\s*(?:$Ident|,|\)|\(|\s*$)`}
	avModifier = lazyRegexp{expr: `^($Modifier)\s*`}
	avDefine   = lazyRegexp{expr: `^(#\s*define\s*$Ident)(\(?)`}
	avUndef    = lazyRegexp{expr: `^(#\s*(?:undef\s*$Ident|include\b))`}
	avIf       = lazyRegexp{expr: `^(#\s*(?:ifdef|ifndef|if))`}
	avElse     = lazyRegexp{expr: `^(#\s*(?:else|elif))`}
	avEndif    = lazyRegexp{expr: `^(#\s*(?:endif))`}
	avValue    = lazyRegexp{expr: `^($Ident|$Constant)`}
)

// annotate returns the value types (one per byte of line plus one for the
// implied newline, preceded by the previous line's last type) and the
// operator variants (one per byte, '_' where none) of a sanitised line
// whose diff marker has been replaced by a space.
func (a *annotator) annotate(line string) (values, vars string) {
	stream := line + "\n"
	// One buffer, one string: this runs on every C line of a patch.
	buf := make([]byte, 1+2*len(stream))
	buf[0] = a.prev
	types, vb := buf[1:1+len(stream)], buf[1+len(stream):]
	for i := range vb {
		vb[i] = '_'
	}
	typ := a.prev
	for off := 0; off < len(stream); {
		if len(a.parenType) == 0 {
			a.parenType = append(a.parenType, 'E')
		}
		n := a.token(stream[off:], &typ, vb, off)
		for i := off; i < off+n; i++ {
			types[i] = typ
		}
		off += n
	}
	a.prev = types[len(types)-1]
	both := string(buf)
	return both[:1+len(stream)], both[1+len(stream):]
}

// token classifies the token at the start of cur, updating the type and
// the annotator's state, records an operator variant in vb at off, and
// returns the token's length. The cases are tried in checkpatch's order;
// cheap tests on the first byte or word keep the costly patterns for the
// tokens they can match.
func (a *annotator) token(cur string, typ *byte, vb []byte, off int) int {
	c0 := cur[0]
	word := ""
	if isWordByte(c0) && !(c0 >= '0' && c0 <= '9') {
		w := 1
		for w < len(cur) && isWordByte(cur[w]) {
			w++
		}
		word = cur[:w]
	}
	var m []int
	switch {
	case isSpace(c0):
		n := 1
		for n < len(cur) && isSpace(cur[n]) {
			n++
		}
		if strings.Contains(cur[:n], "\n") && a.preprocessor {
			*typ = a.pop()
			a.preprocessor = false
		}
		return n
	case a.pending == '_' && c0 == '(' && mayStartType(strings.TrimLeft(cur[1:], " \t")) && found(&m, avCast.FindStringIndex(cur)):
		a.parenType = append(a.parenType, *typ)
		*typ = 'c'
		return m[1] - 1 // the cast up to its ')'
	case word != "" && mayStartType(cur) && found(&m, a.declaration(cur)):
		*typ = 'T'
		return m[3]
	case word != "" && mayStartType(cur) && found(&m, avModifier.FindStringSubmatchIndex(cur)):
		*typ = 'T'
		return m[3]
	case c0 == '#' && found(&m, avDefine.FindStringSubmatchIndex(cur)):
		a.preprocessor = true
		a.parenType = append(a.parenType, *typ)
		if m[5] > m[4] {
			a.pending = 'N'
		}
		*typ = 'E'
		return m[3]
	case c0 == '#' && avUndef.MatchString(cur):
		a.preprocessor = true
		a.parenType = append(a.parenType, *typ)
		return len(avUndef.FindString(cur))
	case c0 == '#' && avIf.MatchString(cur):
		a.preprocessor = true
		a.parenType = append(a.parenType, *typ, *typ)
		*typ = 'E'
		return len(avIf.FindString(cur))
	case c0 == '#' && avElse.MatchString(cur):
		a.preprocessor = true
		a.parenType = append(a.parenType, a.parenType[len(a.parenType)-1])
		*typ = 'E'
		return len(avElse.FindString(cur))
	case c0 == '#' && avEndif.MatchString(cur):
		a.preprocessor = true
		a.pop()
		a.parenType = append(a.parenType, *typ)
		*typ = 'E'
		return len(avEndif.FindString(cur))
	case strings.HasPrefix(cur, "\\\n"):
		return 2
	case strings.HasPrefix(cur, "__attribute__"):
		a.pending = *typ
		*typ = 'N'
		return len("__attribute__")
	case strings.HasPrefix(cur, "sizeof"):
		if strings.HasPrefix(strings.TrimLeft(cur[6:], " \t\n\r\f\v"), "(") {
			a.pending = 'V'
		}
		*typ = 'N'
		return 6
	case word == "if" || word == "while" || word == "for":
		a.pending = 'E'
		*typ = 'N'
		return len(word)
	case strings.HasPrefix(cur, "case"):
		a.pendColon = 'C'
		*typ = 'N'
		return 4
	case word == "return" || word == "else" || word == "goto" || word == "typeof" || word == "__typeof__":
		*typ = 'N'
		return len(word)
	case c0 == '(':
		a.parenType = append(a.parenType, a.pending)
		a.pending = '_'
		*typ = 'N'
		return 1
	case c0 == ')':
		if t := a.pop(); t != '_' {
			*typ = t
		}
		return 1
	case word != "":
		n := identAt(cur)
		rest := strings.TrimLeft(cur[n:], " \t\n\r\f\v")
		switch {
		case strings.HasPrefix(rest, "("):
			*typ = 'V'
			a.pending = 'V'
			return n
		case strings.HasPrefix(rest, ":"):
			if (bitfieldAfter.MatchString(rest[1:]) && *typ == 'C') || *typ == 'T' {
				a.pendColon = 'B'
			} else if *typ == 'E' {
				a.pendColon = 'L'
			}
			*typ = 'V'
			return len(cur) - len(rest)
		}
		*typ = 'V'
		return n
	case c0 >= '0' && c0 <= '9' || c0 == '.':
		if n := plainNumber(cur); n > 0 {
			*typ = 'V'
			return n
		}
		if k := avValue.FindString(cur); k != "" {
			*typ = 'V'
			return len(k)
		}
	}
	if !strings.ContainsRune("*/%+-<>&^|=!~;{},?:[", rune(c0)) {
		return 1
	}
	if n := leadingOp(cur, assignmentOps[:]); n > 0 {
		*typ = 'N'
		return n
	}
	switch {
	case c0 == ';' || c0 == '{' || c0 == '}':
		*typ = 'E'
		a.pendColon = 'O'
		return 1
	case c0 == ',':
		*typ = 'C'
		return 1
	case c0 == '?':
		*typ = 'N'
		return 1
	case c0 == ':':
		vb[off] = a.pendColon
		if a.pendColon == 'C' || a.pendColon == 'L' {
			*typ = 'E'
		} else {
			*typ = 'N'
		}
		a.pendColon = 'O'
		return 1
	case c0 == '[':
		*typ = 'N'
		return 1
	}
	if n := leadingOp(cur, unaryOps[:]); n > 0 && !strings.HasPrefix(cur, "->") && !strings.HasPrefix(cur, "--") && !strings.HasPrefix(cur, "++") {
		if *typ == 'V' {
			vb[off] = 'B'
		} else {
			vb[off] = 'U'
		}
		*typ = 'N'
		return n
	}
	if n := leadingOp(cur, valueOps[:]); n > 0 {
		if op := cur[:n]; op != "++" && op != "--" {
			*typ = 'N'
		}
		return n
	}
	return 1
}

// declaration returns avDeclare's match at the start of cur. The same
// declarations ("int ret;", "struct device *dev = ...") come up again and
// again, and the pattern is a large one, so the annotator keeps the
// matches of the part of cur the pattern can read: up to a character it
// cannot take, unless a typeof, whose parentheses may hold anything, comes
// first.
func (a *annotator) declaration(cur string) []int {
	i := strings.IndexAny(cur, ";={\"")
	if i < 0 || strings.Contains(cur[:i], "typeof") {
		return avDeclare.FindStringSubmatchIndex(cur)
	}
	key := cur[:i+1]
	m, ok := a.declarations[key]
	if !ok {
		m = avDeclare.FindStringSubmatchIndex(key)
		if a.declarations == nil {
			a.declarations = map[string][]int{}
		}
		a.declarations[key] = m
	}
	return m
}

// found stores a match's indexes in *m and reports whether there was one,
// so that a case of token's switch runs its pattern once.
func found(m *[]int, idx []int) bool {
	*m = idx
	return idx != nil
}

// The operators token tells apart, each list in the order of the
// alternation checkpatch matches it with: $Assignment, the operators that
// may be unary, and $Operators.
var (
	assignmentOps = [...]string{"*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|=", "="}
	unaryOps      = [...]string{"-", "+", "*", "&&", "&"}
	valueOps      = [...]string{"<=", ">=", "==", "!=", "=>", "->", "<<", ">>", "<", ">", "!", "~", "&&", "||", ",",
		"^", "++", "--", "&", "|", "+", "-", "*", "/", "%"}
)

// leadingOp returns the length of the first of ops that s starts with, or
// 0: what an anchored alternation of them matches.
func leadingOp(s string, ops []string) int {
	for _, op := range ops {
		if strings.HasPrefix(s, op) {
			return len(op)
		}
	}
	return 0
}

var bitfieldAfter = lazyRegexp{expr: `^\s*\d+\s*(?:,|=|;)`}

func (a *annotator) pop() byte {
	if len(a.parenType) == 0 {
		return 0
	}
	t := a.parenType[len(a.parenType)-1]
	a.parenType = a.parenType[:len(a.parenType)-1]
	return t
}

// typeWord reports whether w is a word a type or modifier of the built-in
// lists can start with, besides the shapes mayStartType tests. (A switch,
// not a map: a map literal costs code and time at initialisation.)
func typeWord(w string) bool {
	switch w {
	case "const", "volatile", "typeof", "void", "char", "short", "int", "long", "signed", "unsigned", "float",
		"double", "bool", "struct", "union", "enum", "fastcall", "FILE", "atomic_t":
		return true
	}
	return false
}

// kernelTypedef matches the kernel's and BSD's integer typedef names
// (u8, __le32, u_long, uint ...).
func kernelTypedef(w string) bool {
	switch w {
	case "u_char", "u_short", "u_int", "u_long", "uchar", "ushort", "uint", "ulong":
		return true
	}
	w = strings.TrimPrefix(w, "__")
	for _, p := range []string{"be", "le", "u", "s"} {
		if r, ok := strings.CutPrefix(w, p); ok && (r == "8" || r == "16" || r == "32" || r == "64") {
			return true
		}
	}
	return false
}

// mayStartType is a cheap test that s cannot start with $Type or
// $Modifier when it returns false, so the costly patterns run only when
// they might match.
func mayStartType(s string) bool {
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	if n == 0 || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	w := s[:n]
	return typeWord(w) || strings.HasPrefix(w, "__") && underscoreStart(w) || strings.HasSuffix(w, "_t") ||
		strings.Contains(w, "_handler") || kernelTypedef(w) || startsPasted(s)
}

// startsPasted reports whether s may start with a name pasted together
// with ##, which $Ident reads as one name: only words and blanks come
// before its first ##. (Macros that pass "## args" on are common, and
// every word before the "##" of one would otherwise pass.)
func startsPasted(s string) bool {
	i := 0
	for i < len(s) && (isWordByte(s[i]) || isRE2Space(s[i])) {
		i++
	}
	return strings.HasPrefix(s[i:], "##")
}

// underscoreStarts are the starts of the modifiers and types of the
// built-in lists that begin with "__", besides the shapes mayStartType
// tests. $Modifier matches the start of a word ("__user" in
// "__username"), so these are prefixes. "__func__", the most common
// such word in kernel code, starts none.
var underscoreStarts = [...]string{
	"__percpu", "__nocast", "__safe", "__bitwise", "__packed", "__naked", "__maybe_unused",
	"__always_unused", "__noreturn", "__used", "__cold", "__pure", "__noclone", "__deprecated",
	"__read_mostly", "__ro_after_init", "__kprobes", "__init", "__meminit", "__cpuinit",
	"__devinit", "__net_init", "____cacheline_", "__weak", "__alloc_size", "__user", "__kernel",
	"__force", "__iomem", "__must_check", "__ref", "__rcu", "__private", "__typeof__",
}

func underscoreStart(w string) bool {
	for _, p := range underscoreStarts {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// plainNumber returns the length of the decimal number without suffix
// that s starts with (0, or digits that do not start with 0), when what
// follows cannot continue a constant; otherwise 0, and avValue decides.
func plainNumber(s string) int {
	n := leadingDigits(s)
	if n == 0 || n > 1 && s[0] == '0' {
		return 0
	}
	if n < len(s) && (isWordByte(s[n]) || s[n] == '.') {
		return 0
	}
	return n
}
