package bpf

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/go-edit/go-edit/patch"
)

// A Pos is a place in the patched (post-image) file: 1-based line, and
// 1-based byte column (0 when only the line is known).
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	if p.Col == 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// A Func is a C function whose body the patch changes.
type Func struct {
	Name string
	// Pos is the definition line when the hunk shows it, else the first
	// changed line of the function.
	Pos Pos
	// Params are the parameter declarations as the patched definition
	// writes them ("struct sk_buff *skb"); nil when the hunk does not show
	// the whole parameter list.
	Params []string
	// Added is set when the patch adds the definition itself: the
	// function does not exist in the unpatched kernel.
	Added bool
	// FromHeader is set when the name came from the hunk header's
	// function context rather than a definition inside the hunk.
	FromHeader bool
	// Static is set for a definition with internal linkage: the
	// compiler may inline it away, leaving nothing to probe.
	Static bool
}

// A Call is a call the patch adds to a function it does not define.
type Call struct {
	Name string
	Pos  Pos
	// Args is the number of arguments, -1 when the call runs past the
	// end of the hunk.
	Args int
}

// A FieldRef is a struct member the patch's added lines use: a member
// access through a variable of known struct type (dev->mtu,
// skb->dev->name) or a designated initialiser (.ndo_open = ...).
type FieldRef struct {
	Struct string   // "net_device", without the "struct" keyword
	Path   []string // member names from the struct outwards: [dev name]
	Pos    Pos      // the first member name
	// Init is set for ".member =" in an initialiser of the struct.
	Init bool
}

// A Plan is what a patch asks of the kernel it is meant for: the
// functions it changes, the functions it calls, and the members it uses.
// It is built from the patch text alone; Check compares it with BTF.
type Plan struct {
	Funcs  []Func
	Calls  []Call
	Fields []FieldRef
}

// ParsePlan parses a unified diff and analyses it (see Analyze).
func ParsePlan(data []byte) (*Plan, error) {
	files, err := patch.Parse(data)
	if err != nil {
		return nil, err
	}
	return Analyze(files), nil
}

// Analyze finds, in the C files (.c and .h) of a patch, the functions
// whose bodies change, the calls and member accesses the added lines
// make. It reads nothing but the patch: the enclosing definition of a
// change is looked for in the hunk's post-image, and the hunk header's
// function context stands in when the hunk does not reach back to it.
// Results are sorted by position and deduplicated per file.
func Analyze(files []*patch.FilePatch) *Plan {
	pl := &Plan{}
	for _, fp := range files {
		name := fp.Path()
		if fp.Binary || fp.Deleted || !(strings.HasSuffix(name, ".c") || strings.HasSuffix(name, ".h")) {
			continue
		}
		a := &fileAnalysis{file: name, defined: map[string]bool{}, replaced: map[string]bool{}, seenFunc: map[string]int{}, seenCall: map[string]bool{}, seenField: map[string]bool{}}
		for _, h := range fp.Hunks {
			a.collectDefinitions(h)
		}
		for _, h := range fp.Hunks {
			a.hunk(h)
		}
		pl.Funcs = append(pl.Funcs, a.funcs...)
		pl.Calls = append(pl.Calls, a.calls...)
		pl.Fields = append(pl.Fields, a.fields...)
	}
	less := func(a, b Pos) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	}
	sort.SliceStable(pl.Funcs, func(i, j int) bool { return less(pl.Funcs[i].Pos, pl.Funcs[j].Pos) < 0 })
	sort.SliceStable(pl.Calls, func(i, j int) bool { return less(pl.Calls[i].Pos, pl.Calls[j].Pos) < 0 })
	sort.SliceStable(pl.Fields, func(i, j int) bool { return less(pl.Fields[i].Pos, pl.Fields[j].Pos) < 0 })
	return pl
}

// Dump prints the plan one item a line, the form the golden tests compare.
func (pl *Plan) Dump() string {
	var b strings.Builder
	for _, f := range pl.Funcs {
		fmt.Fprintf(&b, "func %s %s", f.Pos, f.Name)
		if f.Params != nil {
			fmt.Fprintf(&b, "(%s)", strings.Join(f.Params, ", "))
		}
		if f.Static {
			b.WriteString(" static")
		}
		if f.Added {
			b.WriteString(" added")
		}
		if f.FromHeader {
			b.WriteString(" from-header")
		}
		b.WriteByte('\n')
	}
	for _, c := range pl.Calls {
		args := fmt.Sprint(c.Args)
		if c.Args < 0 {
			args = "?"
		}
		fmt.Fprintf(&b, "call %s %s/%s\n", c.Pos, c.Name, args)
	}
	for _, f := range pl.Fields {
		kind := "use"
		if f.Init {
			kind = "init"
		}
		fmt.Fprintf(&b, "field %s struct %s.%s %s\n", f.Pos, f.Struct, strings.Join(f.Path, "."), kind)
	}
	return b.String()
}

// postLine is one line of a hunk's post-image, or a removed line that
// sits before the post-image line at the same index.
type postLine struct {
	text    string // without the line terminator; comments and literals blanked
	raw     string
	line    int  // new-file line number; for removed lines, the next one's
	added   bool // '+'
	removed bool // '-'
}

type fileAnalysis struct {
	file string
	// defined holds the functions and function-like macros the patched
	// file defines in any hunk: calls to them are not calls into the
	// kernel.
	defined map[string]bool
	// replaced holds the functions whose definition lines the patch
	// removes: a "+" definition of one of them changes it, not adds it.
	replaced  map[string]bool
	funcs     []Func
	calls     []Call
	fields    []FieldRef
	seenFunc  map[string]int // name -> index in funcs
	seenCall  map[string]bool
	seenField map[string]bool
}

// lines turns a hunk into post-image lines, with removed lines kept in
// place (they count as changes to the function around them) and C
// comments, string and character literals blanked so that the scans
// below see only code.
func lines(h *patch.Hunk) []postLine {
	var out []postLine
	inComment := false
	next := h.NewStart
	for _, l := range h.Lines {
		raw := strings.TrimRight(string(l.Text), "\r\n")
		var text string
		text, inComment = scrub(raw, inComment)
		pl := postLine{text: text, raw: raw, added: l.Op == '+', removed: l.Op == '-'}
		if l.New > 0 {
			next = l.New
		}
		pl.line = next
		if l.Op != '-' {
			next++
		}
		out = append(out, pl)
	}
	return out
}

// scrub blanks comments and the insides of string and character literals
// with spaces, keeping byte columns. inComment carries a /* comment over
// line ends.
func scrub(s string, inComment bool) (string, bool) {
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		switch {
		case inComment:
			if b[i] == '*' && i+1 < len(b) && b[i+1] == '/' {
				b[i], b[i+1] = ' ', ' '
				i++
				inComment = false
			} else {
				b[i] = ' '
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			b[i], b[i+1] = ' ', ' '
			i++
			inComment = true
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '/':
			for ; i < len(b); i++ {
				b[i] = ' '
			}
		case b[i] == '"' || b[i] == '\'':
			q := b[i]
			for i++; i < len(b) && b[i] != q; i++ {
				if b[i] == '\\' && i+1 < len(b) {
					b[i] = ' '
					i++
				}
				b[i] = ' '
			}
		}
	}
	return string(b), inComment
}

var (
	// identParen finds "name(" (with blanks allowed before the paren).
	identParen = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\s*\(`)
	// defineFunc finds function-like macro definitions.
	defineFunc = regexp.MustCompile(`^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)\(`)
	// structVar finds "struct name *var" declarations (parameters,
	// locals, globals); pointers and arrays alike.
	structVar = regexp.MustCompile(`\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)\s*((?:\*\s*(?:const\s+)?)*)([A-Za-z_][A-Za-z0-9_]*)\s*[,;)=\[]`)
	// structInit finds the start of an initialiser of a struct object.
	structInit = regexp.MustCompile(`\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)\s+[A-Za-z_][A-Za-z0-9_]*\s*(?:\[[^]]*\]\s*)?(?:__[a-z_]+\s*)*=\s*\{`)
	// member finds ".name =" in an initialiser.
	member = regexp.MustCompile(`^\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*=`)
	// access finds "var->a.b->c" chains.
	access     = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)((?:\s*(?:->|\.)\s*[A-Za-z_][A-Za-z0-9_]*)+)`)
	accessStep = regexp.MustCompile(`(?:->|\.)\s*([A-Za-z_][A-Za-z0-9_]*)`)
	// syscallDefine matches the kernel's SYSCALL_DEFINEn(name, ...).
	syscallDefine = regexp.MustCompile(`^(?:COMPAT_)?SYSCALL_DEFINE[0-6]\(\s*([A-Za-z0-9_]+)`)
)

// notCalls are C keywords and compiler built-ins that take parentheses.
var notCalls = map[string]bool{
	"if": true, "for": true, "while": true, "switch": true, "return": true, "sizeof": true,
	"typeof": true, "__typeof__": true, "__typeof": true, "_Alignof": true, "alignof": true,
	"__alignof__": true, "_Static_assert": true, "static_assert": true, "__attribute__": true,
	"asm": true, "__asm__": true, "asm_volatile_goto": true, "defined": true, "_Generic": true,
	"do": true, "else": true, "case": true, "goto": true, "__builtin_expect": true,
	"offsetof": true, "__must_be_array": true,
}

// isMacroName reports names that kernel style reserves for macros:
// upper case, digits and underscores only.
func isMacroName(s string) bool {
	return strings.ToUpper(s) == s
}

// collectDefinitions records the functions and function-like macros the
// post-image of h defines, so added calls to them are not reported.
func (a *fileAnalysis) collectDefinitions(h *patch.Hunk) {
	ls := lines(h)
	for i, l := range ls {
		if l.removed {
			if name := headerName(l.raw); name != "" {
				a.replaced[name] = true
			}
			continue
		}
		if m := defineFunc.FindStringSubmatch(l.raw); m != nil {
			a.defined[m[1]] = true
		}
		if name, _, ok := definitionAt(ls, i); ok {
			a.defined[name] = true
		}
	}
}

// definitionAt reports whether post-image line i starts a function
// definition: a line in column 0 that names a function before its first
// parenthesis and whose declarator is followed by "{", not ";", before
// the hunk ends. It returns the name and the line where the parameter
// list closes (-1 when the hunk ends first).
func definitionAt(ls []postLine, i int) (name string, end int, ok bool) {
	l := ls[i]
	if l.removed || l.text == "" || !(isIdentStart(l.text[0])) {
		return "", 0, false
	}
	if m := syscallDefine.FindStringSubmatch(l.text); m != nil {
		name = "__x64_sys_" + m[1] // the x86-64 syscall entry, what kprobes and BTF see
	} else {
		open := strings.IndexByte(l.text, '(')
		if open < 0 || strings.Contains(l.text[:open], "=") {
			return "", 0, false
		}
		head := strings.TrimRight(l.text[:open], " \t")
		j := len(head)
		for j > 0 && isIdentByte(head[j-1]) {
			j--
		}
		name = head[j:]
		if name == "" || notCalls[name] {
			return "", 0, false
		}
		if j == 0 {
			// "name(" alone in column 0 is a macro use such as
			// module_init(foo) or a K&R-less call; kernel definitions
			// put the return type first (possibly on the line above,
			// which we do not require).
			if i == 0 || ls[i-1].removed || !looksLikeReturnType(ls[i-1].text) {
				return "", 0, false
			}
		}
	}
	// Find the parenthesis that closes the parameter list, then the
	// "{" of the body before any ";".
	endLine, endCol := closeParen(ls, i)
	if endLine < 0 {
		return "", 0, false
	}
	rest := strings.TrimSpace(ls[endLine].text[endCol:])
	switch {
	case strings.HasSuffix(rest, "{"):
		return name, endLine, true
	case rest != "":
		return "", 0, false
	}
	for k := endLine + 1; k < len(ls); k++ {
		if ls[k].removed {
			continue
		}
		return name, endLine, strings.HasPrefix(strings.TrimSpace(ls[k].text), "{")
	}
	// The hunk ends right after the declarator: the body's "{" is on the
	// next, unseen line.
	return name, endLine, true
}

// closeParen finds the parenthesis that closes the first one opened on
// post-image line i: its line, and the column just after it; -1 when
// the hunk ends first.
func closeParen(ls []postLine, i int) (line, col int) {
	depth := 0
	for k := i; k < len(ls); k++ {
		if ls[k].removed {
			continue
		}
		t := ls[k].text
		for c := 0; c < len(t); c++ {
			switch t[c] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					return k, c + 1
				}
			}
		}
	}
	return -1, 0
}

func looksLikeReturnType(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && isIdentStart(s[0]) && !strings.ContainsAny(s, ";{}()=")
}

// params splits the parameter list of the definition starting at line i.
func params(ls []postLine, i, end int) []string {
	var b strings.Builder
	for k := i; k <= end; k++ {
		if !ls[k].removed {
			b.WriteString(ls[k].text)
			b.WriteByte(' ')
		}
	}
	s := b.String()
	open := strings.IndexByte(s, '(')
	depth, last := 0, open+1
	var out []string
	for c := open; c < len(s); c++ {
		switch s[c] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				out = append(out, strings.Join(strings.Fields(s[last:c]), " "))
				if len(out) == 1 && (out[0] == "void" || out[0] == "") {
					return []string{}
				}
				return out
			}
		case ',':
			if depth == 1 {
				out = append(out, strings.Join(strings.Fields(s[last:c]), " "))
				last = c + 1
			}
		}
	}
	return nil
}

// headerName pulls the function name out of a hunk header's context
// line, when that line is the start of a definition.
func headerName(section string) string {
	if m := syscallDefine.FindStringSubmatch(section); m != nil {
		return "__x64_sys_" + m[1]
	}
	t, _ := scrub(section, false)
	if t == "" || !isIdentStart(t[0]) || strings.Contains(t, ";") {
		return ""
	}
	open := strings.IndexByte(t, '(')
	if open <= 0 || strings.Contains(t[:open], "=") {
		return ""
	}
	head := strings.TrimRight(t[:open], " \t")
	j := len(head)
	for j > 0 && isIdentByte(head[j-1]) {
		j--
	}
	if j == 0 || notCalls[head[j:]] {
		return ""
	}
	return head[j:]
}

// hunk attributes the changes of h to functions and scans its added
// lines for calls and member uses.
func (a *fileAnalysis) hunk(h *patch.Hunk) {
	ls := lines(h)
	// Which function is each line in? Walk forward, tracking the last
	// definition seen and whether a top-level "}" or non-function
	// top-level construct has ended it since.
	cur := headerName(h.Section)
	curPos := Pos{}
	curFromHeader := cur != ""
	var curParams []string
	curAdded := false
	curStatic := strings.HasPrefix(h.Section, "static")
	for i, l := range ls {
		if name, end, ok := definitionAt(ls, i); ok {
			cur, curFromHeader = name, false
			curPos = Pos{a.file, l.line, strings.Index(l.text, name) + 1}
			if strings.HasPrefix(l.text, "SYSCALL_DEFINE") || strings.HasPrefix(l.text, "COMPAT_SYSCALL_DEFINE") {
				curPos.Col = 1
			}
			curParams = nil
			if end >= 0 {
				curParams = params(ls, i, end)
			}
			curAdded = l.added && !a.replaced[name]
			curStatic = strings.Contains(l.text[:curPos.Col-1], "static") ||
				i > 0 && !ls[i-1].removed && looksLikeReturnType(ls[i-1].text) && strings.Contains(ls[i-1].text, "static")
		} else if !l.removed && l.text != "" && (l.text[0] == '}' || isIdentStart(l.text[0]) && strings.HasSuffix(strings.TrimSpace(l.text), "{") && !strings.Contains(l.text, "(")) {
			// A top-level "}" closes the function; "struct x {" and the
			// like open something that is not one.
			if cur != "" && l.text[0] == '}' && (l.added || l.removed) {
				a.addFunc(Func{Name: cur, Pos: curPos, Params: curParams, Added: curAdded, FromHeader: curFromHeader, Static: curStatic}, l)
			}
			cur = ""
			continue
		}
		if cur != "" && (l.added || l.removed) {
			a.addFunc(Func{Name: cur, Pos: curPos, Params: curParams, Added: curAdded, FromHeader: curFromHeader, Static: curStatic}, l)
		}
	}
	a.scanUses(h, ls)
}

func (a *fileAnalysis) addFunc(f Func, l postLine) {
	if i, ok := a.seenFunc[f.Name]; ok {
		seen := &a.funcs[i]
		if seen.Params == nil && f.Params != nil {
			seen.Params = f.Params
		}
		if !f.FromHeader && seen.FromHeader {
			seen.FromHeader, seen.Pos, seen.Static = false, f.Pos, f.Static
		}
		return
	}
	if f.FromHeader || f.Pos.Line == 0 {
		f.Pos = Pos{a.file, l.line, 0}
	}
	a.seenFunc[f.Name] = len(a.funcs)
	a.funcs = append(a.funcs, f)
}

// scanUses finds the calls and member uses on the added lines of a hunk.
// Variable types come from "struct x *v" declarations in the hunk's
// post-image and its header line, the latest one before the use winning.
func (a *fileAnalysis) scanUses(h *patch.Hunk, ls []postLine) {
	vars := map[string]string{}
	declare := func(text string) {
		for _, m := range structVar.FindAllStringSubmatch(text, -1) {
			vars[m[3]] = m[1]
		}
	}
	sec, _ := scrub(h.Section, false)
	declare(sec + ")")
	// init tracks the initialiser of a struct object the scan is inside:
	// its struct name and the brace depth within it.
	var initStruct string
	initDepth := 0
	if m := structInit.FindStringSubmatch(sec); m != nil {
		initStruct, initDepth = m[1], 1
	}
	for i, l := range ls {
		if l.removed {
			continue
		}
		t := l.text
		declare(t)
		// Initialisers: ".member =" at depth 1 of "struct x v = {".
		if initStruct != "" && initDepth == 1 && l.added {
			if m := member.FindStringSubmatchIndex(t); m != nil {
				a.addField(FieldRef{Struct: initStruct, Path: []string{t[m[2]:m[3]]}, Pos: Pos{a.file, l.line, m[2] + 1}, Init: true})
			}
		}
		if m := structInit.FindStringSubmatchIndex(t); m != nil {
			initStruct, initDepth = t[m[2]:m[3]], 0
			t = t[m[1]-1:] // count braces from the initialiser's "{"
		}
		if initStruct != "" {
			initDepth += strings.Count(t, "{") - strings.Count(t, "}")
			if initDepth <= 0 {
				initStruct, initDepth = "", 0
			}
		}
		if !l.added || strings.HasPrefix(strings.TrimSpace(l.text), "#") {
			continue
		}
		a.scanCalls(ls, i)
		for _, m := range access.FindAllStringSubmatchIndex(l.text, -1) {
			base := l.text[m[2]:m[3]]
			st, ok := vars[base]
			if !ok || m[2] > 0 && (l.text[m[2]-1] == '.' || l.text[m[2]-1] == '>') {
				continue
			}
			var path []string
			for _, s := range accessStep.FindAllStringSubmatch(l.text[m[4]:m[5]], -1) {
				path = append(path, s[1])
			}
			// A trailing "(" makes the last step a call through a
			// function pointer member, still a member use.
			a.addField(FieldRef{Struct: st, Path: path, Pos: Pos{a.file, l.line, m[2] + 1}})
		}
	}
}

// scanCalls finds "name(" on added line i, outside column 0 (where
// prototypes and definitions live) and not after "." or "->" (calls
// through function pointers), and counts the arguments.
func (a *fileAnalysis) scanCalls(ls []postLine, i int) {
	t := ls[i].text
	if t == "" || !(t[0] == ' ' || t[0] == '\t') {
		return
	}
	for _, m := range identParen.FindAllStringSubmatchIndex(t, -1) {
		name := t[m[2]:m[3]]
		if notCalls[name] || isMacroName(name) || a.defined[name] || strings.HasPrefix(name, "__builtin_") {
			continue
		}
		before := strings.TrimRight(t[:m[2]], " \t")
		if strings.HasSuffix(before, ".") || strings.HasSuffix(before, "->") {
			continue
		}
		// "struct foo (" cannot happen, but a declaration of a function
		// pointer variable "int (*fn)(" has "(" before the name.
		if strings.HasSuffix(before, "(*") {
			continue
		}
		key := name
		if a.seenCall[key] {
			continue
		}
		a.seenCall[key] = true
		a.calls = append(a.calls, Call{Name: name, Pos: Pos{a.file, ls[i].line, m[2] + 1}, Args: countArgs(ls, i, m[1]-1)})
	}
}

// countArgs counts the top-level commas of the call whose "(" is at
// line i, column c, following the call onto later post-image lines.
func countArgs(ls []postLine, i, c int) int {
	depth, commas, empty := 0, 0, true
	for k := i; k < len(ls); k++ {
		if ls[k].removed {
			continue
		}
		t := ls[k].text
		start := 0
		if k == i {
			start = c
		}
		for j := start; j < len(t); j++ {
			switch ch := t[j]; ch {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
				if depth == 0 {
					if empty {
						return 0
					}
					return commas + 1
				}
			case ',':
				if depth == 1 {
					commas++
				}
			case ' ', '\t':
			default:
				if depth >= 1 {
					empty = false
				}
			}
		}
	}
	return -1
}

func (a *fileAnalysis) addField(f FieldRef) {
	key := f.Struct + "." + strings.Join(f.Path, ".")
	if f.Init {
		key += "="
	}
	if a.seenField[key] {
		return
	}
	a.seenField[key] = true
	a.fields = append(a.fields, f)
}

func isIdentStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || '0' <= c && c <= '9' }
