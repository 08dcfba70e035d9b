package kconfig

import (
	"fmt"
	"strings"
	"unsafe"
)

// parser builds the menu tree the way the actions of
// scripts/kconfig/parser.y do (menu_add_entry, menu_add_prompt, ...).
// The grammar, one statement per line:
//
//	input      = [ "mainmenu" STRING EOL ] { stmt } .
//	stmt       = assignment | config | menuconfig | choice | comment
//	           | menu | if | source .
//	assignment = WORD ( "=" | ":=" | "+=" ) [ VALUE ] EOL .
//	config     = "config" WORD EOL { option | depends | help } .
//	option     = type [ STRING [ "if" expr ] ] EOL
//	           | "prompt" STRING [ "if" expr ] EOL
//	           | ( "default" | "def_bool" | "def_tristate" ) expr [ "if" expr ] EOL
//	           | ( "select" | "imply" ) WORD [ "if" expr ] EOL
//	           | "range" symbol symbol [ "if" expr ] EOL
//	           | "modules" EOL .
//	choice     = "choice" [ WORD ] EOL { choiceopt | depends | help }
//	             { config | comment | if-in-choice } "endchoice" EOL .
//	menu       = "menu" STRING EOL { "visible" [ "if" expr ] EOL | depends }
//	             { stmt } "endmenu" EOL .
//	if         = "if" expr EOL { stmt } "endif" EOL .
//	comment    = "comment" STRING EOL { depends } .
//	source     = "source" STRING EOL .
//	depends    = "depends" "on" expr EOL .
//	expr       = and { "||" and } .
//	and        = unary { "&&" unary } .
//	unary      = "!" unary | "(" expr ")" | symbol [ cmp symbol ] .
type parser struct {
	c       *Config
	env     *Env
	pp      *preprocessor
	lx      *lexer
	peek    token
	hasPeek bool
	errs    ErrorList

	currentEntry *Menu
	currentMenu  *Menu
	lastEntry    **Menu
	stack        []string // files being read, for recursion checks
}

// bailout aborts the whole parse (preprocessor errors, missing files).
type bailout struct{}

func (p *parser) next() token {
	if p.hasPeek {
		p.hasPeek = false
		return p.peek
	}
	return p.lx.next()
}

func (p *parser) look() token {
	if !p.hasPeek {
		p.peek = p.lx.next()
		p.hasPeek = true
	}
	return p.peek
}

func (p *parser) errorf(line, col int, code Code, format string, args ...any) {
	p.errs.add(&Error{File: p.lx.file, Line: line, Col: col, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) warnf(file string, line int, format string, args ...any) {
	p.c.Warnings = append(p.c.Warnings, fmt.Sprintf("%s:%d:warning: %s", file, line, fmt.Sprintf(format, args...)))
}

// skipLine recovers from a syntax error: drop tokens up to the end of
// the line, as the grammar's `error T_EOL` rules do.
func (p *parser) skipLine() {
	for {
		t := p.look()
		if t.kind == tEOF {
			return
		}
		p.next()
		if t.kind == tEOL {
			return
		}
	}
}

func (p *parser) syntax(t token, want string) {
	got := t.kind.String()
	if t.kind == tWord {
		got = "'" + t.text + "'"
	}
	p.errorf(t.line, t.col, CodeSyntax, "syntax error: unexpected %s, expecting %s", got, want)
	p.skipLine()
}

// eol consumes the end of a statement; end of file also ends one.
func (p *parser) eol() bool {
	t := p.look()
	switch t.kind {
	case tEOL:
		p.next()
		return true
	case tEOF:
		return true
	}
	p.syntax(t, "end of line")
	return false
}

// parseFile reads a Kconfig file (name relative to srctree, as written in
// the source statement) and parses its statements into the current menu.
func (p *parser) parseFile(name string, at token) {
	for _, f := range p.stack {
		if f == name {
			p.errorf(at.line, at.col, CodeRecursiveSource, "recursive inclusion detected: %s (included from %s)", name, strings.Join(p.stack, " -> "))
			panic(bailout{})
		}
	}
	src, err := p.env.readFile(name)
	if err != nil {
		if p.lx != nil {
			p.errorf(at.line, at.col, CodeSourceMissing, "can't open file %q", name)
		} else {
			p.errs.add(&Error{File: name, Code: CodeSourceMissing, Msg: "can't find file " + name})
		}
		panic(bailout{})
	}
	p.c.Files = append(p.c.Files, name)
	saved, savedPeek, savedHas := p.lx, p.peek, p.hasPeek
	p.lx = newLexer(name, bytesToString(src), p.pp, func(f string, l int, m string) { p.warnf(f, l, "%s", m) })
	p.hasPeek = false
	p.stack = append(p.stack, name)
	top := saved == nil
	if top && p.look().kind == tMainmenu {
		p.next()
		t := p.next()
		if t.kind != tQuote {
			p.syntax(t, "string")
		} else {
			p.currentEntry = p.c.Root
			p.addPrompt(PropMenu, t.text, nil)
			p.eol()
		}
	}
	if end := p.stmtList(false); end.kind != tEOF {
		p.errorf(end.line, end.col, CodeBlockMismatch, "unexpected '%s' outside of a block", end.text)
	}
	p.stack = p.stack[:len(p.stack)-1]
	p.lx, p.peek, p.hasPeek = saved, savedPeek, savedHas
}

// bytesToString views a file's contents as a string without copying:
// the buffer is never written after reading, and strings cut from it
// (symbol names, prompts) keep it alive only as long as they are used.
func bytesToString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// stmtList parses statements until an end keyword (returned, consumed
// with its line) or the end of the file.
func (p *parser) stmtList(inChoice bool) token {
	for {
		t := p.look()
		switch t.kind {
		case tEOF:
			return t
		case tEndmenu, tEndchoice, tEndif:
			p.next()
			p.eol()
			return t
		case tConfig:
			p.config(false)
		case tComment:
			p.comment()
		case tIf:
			p.ifBlock(inChoice)
		case tMenuconfig, tChoice, tMenu, tSource:
			if inChoice {
				p.errorf(t.line, t.col, CodeInvalidStatement, "invalid statement")
				p.skipLine()
				continue
			}
			switch t.kind {
			case tMenuconfig:
				p.config(true)
			case tChoice:
				p.choice()
			case tMenu:
				p.menu()
			case tSource:
				p.source()
			}
		case tWord:
			if inChoice {
				p.errorf(t.line, t.col, CodeInvalidStatement, "invalid statement")
				p.skipLine()
				continue
			}
			p.next()
			op := p.look()
			var flavor varFlavor
			switch op.kind {
			case tEqual:
				flavor = varRecursive
			case tColonEqual:
				flavor = varSimple
			case tPlusEqual:
				flavor = varAppend
			default:
				p.errorf(t.line, t.col, CodeUnknownStatement, "unknown statement \"%s\"", t.text)
				p.skipLine()
				continue
			}
			p.next()
			val := ""
			if v := p.look(); v.kind == tAssignVal {
				p.next()
				val = v.text
			}
			if p.eol() {
				p.pp.addVariable(t.text, val, flavor)
			}
		default:
			p.errorf(t.line, t.col, CodeInvalidStatement, "invalid statement")
			p.skipLine()
		}
	}
}

// addEntry mirrors menu_add_entry.
func (p *parser) addEntry(sym *Symbol) *Menu {
	m := &Menu{Sym: sym, Parent: p.currentMenu, File: p.lx.file, Line: p.lx.stmtLine}
	*p.lastEntry = m
	p.lastEntry = &m.Next
	p.currentEntry = m
	if sym != nil {
		sym.nodes = append(sym.nodes, m)
	}
	return m
}

// addMenu makes the current entry the parent of what follows.
func (p *parser) addMenu() *Menu {
	p.lastEntry = &p.currentEntry.List
	p.currentMenu = p.currentEntry
	return p.currentMenu
}

func (p *parser) endMenu() {
	p.lastEntry = &p.currentMenu.Next
	p.currentMenu = p.currentMenu.Parent
}

func (p *parser) addProp(kind PropKind, e, cond *Expr) *Property {
	pr := &Property{Kind: kind, Expr: e, Cond: cond, Menu: p.currentEntry, File: p.lx.file, Line: p.lx.stmtLine}
	if s := p.currentEntry.Sym; s != nil {
		s.props = append(s.props, pr)
	}
	return pr
}

// addPrompt mirrors menu_add_prompt: the visibility of every enclosing
// menu is ANDed into a prompt's condition.
func (p *parser) addPrompt(kind PropKind, text string, cond *Expr) *Property {
	pr := p.addProp(kind, nil, cond)
	if strings.TrimLeft(text, " \t\n\v\f\r") != text {
		p.warnf(pr.File, pr.Line, "leading whitespace ignored")
		text = strings.TrimLeft(text, " \t\n\v\f\r")
	}
	if p.currentEntry.Prompt != nil {
		p.warnf(pr.File, pr.Line, "prompt redefined")
	}
	if kind == PropPrompt {
		for m := p.currentEntry.Parent; m != nil; m = m.Parent {
			if m.Visibility != nil {
				pr.Cond = and(pr.Cond, copyExpr(m.Visibility))
			}
		}
	}
	p.currentEntry.Prompt = pr
	pr.Text = text
	return pr
}

func (p *parser) setType(t Type) {
	s := p.currentEntry.Sym
	if s.Type == t {
		return
	}
	if s.Type == TypeUnknown {
		s.Type = t
		return
	}
	name := s.Name
	if name == "" {
		name = "<choice>"
	}
	p.warnf(p.currentEntry.File, p.currentEntry.Line, "ignoring type redefinition of '%s' from '%s' to '%s'", name, typeWord(s.Type), typeWord(t))
}

// typeWord is sym_type_name, which says "integer" for int.
func typeWord(t Type) string {
	if t == TypeInt {
		return "integer"
	}
	return t.String()
}

func (p *parser) symbolName() (token, bool) {
	t := p.next()
	if t.kind != tWord {
		p.syntax(t, "symbol name")
		return t, false
	}
	return t, true
}

func (p *parser) config(menuconfig bool) {
	p.next()
	t, ok := p.symbolName()
	if !ok {
		return
	}
	sym := p.c.lookup(t.text, false)
	sym.flags |= flagOptional
	p.addEntry(sym)
	p.eol()
	entry := p.currentEntry
	p.options(false)
	if menuconfig {
		if entry.Prompt != nil {
			entry.Prompt.Kind = PropMenu
		} else {
			p.warnf(entry.File, entry.Line, "menuconfig statement without prompt")
		}
	}
}

var typeTokens = map[tokKind]Type{tBool: TypeBool, tTristate: TypeTristate, tInt: TypeInt, tHex: TypeHex, tString: TypeString}

// options parses the attribute lines of a config or choice entry.
func (p *parser) options(choice bool) {
	for {
		t := p.look()
		switch t.kind {
		case tBool, tTristate, tInt, tHex, tString:
			p.next()
			if choice && t.kind != tBool && t.kind != tTristate {
				p.errorf(t.line, t.col, CodeSyntax, "syntax error: %s type is not allowed for a choice", t.text)
				p.skipLine()
				continue
			}
			p.setType(typeTokens[t.kind])
			if q := p.look(); q.kind == tQuote {
				p.next()
				p.addPrompt(PropPrompt, q.text, p.ifExpr())
			}
			p.eol()
		case tPrompt:
			p.next()
			q := p.next()
			if q.kind != tQuote {
				p.syntax(q, "string")
				continue
			}
			p.addPrompt(PropPrompt, q.text, p.ifExpr())
			p.eol()
		case tDefault, tDefBool, tDefTristate:
			p.next()
			if choice {
				if t.kind != tDefault {
					p.errorf(t.line, t.col, CodeInvalidStatement, "invalid statement")
					p.skipLine()
					continue
				}
				s, ok := p.symbolName()
				if !ok {
					continue
				}
				p.addProp(PropDefault, symExpr(p.c.lookup(s.text, false)), p.ifExpr())
				p.eol()
				continue
			}
			e := p.expr()
			if e == nil {
				continue
			}
			p.addProp(PropDefault, e, p.ifExpr())
			switch t.kind {
			case tDefBool:
				p.setType(TypeBool)
			case tDefTristate:
				p.setType(TypeTristate)
			}
			p.eol()
		case tSelect, tImply:
			if choice {
				return
			}
			p.next()
			s, ok := p.symbolName()
			if !ok {
				continue
			}
			kind := PropSelect
			if t.kind == tImply {
				kind = PropImply
			}
			p.addProp(kind, symExpr(p.c.lookup(s.text, false)), p.ifExpr())
			p.eol()
		case tRange:
			if choice {
				return
			}
			p.next()
			a := p.symbol()
			b := p.symbol()
			if a == nil || b == nil {
				continue
			}
			p.addProp(PropRange, &Expr{Op: OpRange, Sym: a, Sym2: b}, p.ifExpr())
			p.eol()
		case tModules:
			if choice {
				return
			}
			p.next()
			if p.c.modules != nil {
				p.errorf(t.line, t.col, CodeModulesRedefined, "symbol '%s' redefines option 'modules' already defined by symbol '%s'", p.currentEntry.Sym.Name, p.c.modules.Name)
			} else {
				p.c.modules = p.currentEntry.Sym
			}
			p.eol()
		case tOptional:
			if !choice {
				return
			}
			p.next()
			p.currentEntry.Sym.flags |= flagOptional
			p.eol()
		case tDepends:
			p.depends()
		case tHelp:
			p.help()
		default:
			return
		}
	}
}

func (p *parser) depends() {
	p.next()
	if t := p.next(); t.kind != tOn {
		p.syntax(t, "'on'")
		return
	}
	e := p.expr()
	if e == nil {
		return
	}
	if p.eol() {
		p.currentEntry.Dep = and(p.currentEntry.Dep, e)
	}
}

func (p *parser) help() {
	p.next()
	if t := p.look(); t.kind != tEOL {
		p.syntax(t, "end of line")
		return
	}
	p.lx.startHelp()
	p.next()
	t := p.next()
	e := p.currentEntry
	name := "<choice>"
	if e.Sym != nil && e.Sym.Name != "" {
		name = e.Sym.Name
	}
	if e.helpRaw != "" {
		p.warnf(p.lx.file, p.lx.stmtLine, "warning: '%s' defined with more than one help text -- only the last one will be used", name)
	}
	e.helpRaw = t.text
}

func (p *parser) ifExpr() *Expr {
	if p.look().kind != tIf {
		return nil
	}
	p.next()
	return p.expr()
}

func (p *parser) choice() {
	p.next()
	name := ""
	if t := p.look(); t.kind == tWord {
		p.next()
		name = t.text
	}
	sym := p.c.newChoice(name)
	p.addEntry(sym)
	p.eol()
	p.options(true)
	block := p.addMenu()
	end := p.stmtList(true)
	p.closeBlock(block, end, tEndchoice, "choice")
}

// closeBlock checks that a block ends with its own end keyword, in the
// file it started in.
func (p *parser) closeBlock(block *Menu, end token, want tokKind, what string) {
	switch {
	case end.kind == tEOF:
		p.errs.add(&Error{File: block.File, Line: block.Line, Code: CodeMissingEnd, Msg: "missing end statement for this entry"})
	case end.kind != want:
		p.errorf(end.line, end.col, CodeBlockMismatch, "unexpected '%s' within %s block", end.text, what)
	}
	p.endMenu()
}

func (p *parser) ifBlock(inChoice bool) {
	p.next()
	e := p.expr()
	if e == nil {
		return
	}
	p.addEntry(nil).isIf = true
	p.currentEntry.Dep = and(p.currentEntry.Dep, e)
	p.eol()
	block := p.addMenu()
	end := p.stmtList(inChoice)
	p.closeBlock(block, end, tEndif, "if")
}

func (p *parser) menu() {
	p.next()
	q := p.next()
	if q.kind != tQuote {
		p.syntax(q, "string")
		return
	}
	p.addEntry(nil)
	p.addPrompt(PropMenu, q.text, nil)
	p.eol()
	for {
		t := p.look()
		if t.kind == tVisible {
			p.next()
			e := p.ifExpr()
			if p.eol() {
				p.currentEntry.Visibility = and(p.currentEntry.Visibility, e)
			}
			continue
		}
		if t.kind == tDepends {
			p.depends()
			continue
		}
		break
	}
	block := p.addMenu()
	end := p.stmtList(false)
	p.closeBlock(block, end, tEndmenu, "menu")
}

func (p *parser) comment() {
	p.next()
	q := p.next()
	if q.kind != tQuote {
		p.syntax(q, "string")
		return
	}
	p.addEntry(nil)
	p.addPrompt(PropComment, q.text, nil)
	p.eol()
	for p.look().kind == tDepends {
		p.depends()
	}
}

func (p *parser) source() {
	at := p.next()
	q := p.next()
	if q.kind != tQuote {
		p.syntax(q, "string")
		return
	}
	if !p.eol() {
		return
	}
	p.parseFile(q.text, at)
}

func (p *parser) symbol() *Symbol {
	t := p.next()
	switch t.kind {
	case tWord:
		return p.c.lookup(t.text, false)
	case tQuote:
		return p.c.lookup(t.text, true)
	}
	p.syntax(t, "symbol")
	return nil
}

var compareOps = map[tokKind]Op{tEqual: OpEqual, tUnequal: OpUnequal, tLess: OpLess,
	tLessEqual: OpLessEqual, tGreater: OpGreater, tGreaterEqual: OpGreaterEqual}

// expr parses an expression; nil means a syntax error (already reported
// and the line skipped).
func (p *parser) expr() *Expr {
	e := p.andExpr()
	for e != nil && p.look().kind == tOr {
		p.next()
		r := p.andExpr()
		if r == nil {
			return nil
		}
		e = &Expr{Op: OpOr, L: e, R: r}
	}
	return e
}

func (p *parser) andExpr() *Expr {
	e := p.unary()
	for e != nil && p.look().kind == tAnd {
		p.next()
		r := p.unary()
		if r == nil {
			return nil
		}
		e = &Expr{Op: OpAnd, L: e, R: r}
	}
	return e
}

func (p *parser) unary() *Expr {
	t := p.look()
	switch t.kind {
	case tNot:
		p.next()
		e := p.unary()
		if e == nil {
			return nil
		}
		return &Expr{Op: OpNot, L: e}
	case tOpen:
		p.next()
		e := p.expr()
		if e == nil {
			return nil
		}
		if c := p.next(); c.kind != tClose {
			p.syntax(c, "')'")
			return nil
		}
		return e
	case tWord, tQuote:
		s := p.symbol()
		if op, ok := compareOps[p.look().kind]; ok {
			p.next()
			s2 := p.symbol()
			if s2 == nil {
				return nil
			}
			return &Expr{Op: op, Sym: s, Sym2: s2}
		}
		return symExpr(s)
	}
	p.next()
	p.syntax(t, "expression")
	return nil
}

// Parse reads the Kconfig tree described by env (starting at
// env.Kconfig), finalises the menu tree and checks for dependency loops.
// Values are not computed yet: call ReadConfig or Reset.
func Parse(env *Env) (*Config, error) {
	c, err := readTree(env)
	if err != nil {
		return nil, err
	}
	return c.complete()
}

// complete finishes a tree readTree built: finalisation, the dependency
// loop check and default values.
func (c *Config) complete() (*Config, error) {
	if c.modules == nil {
		c.modules = c.no
	}
	if c.Root.Prompt == nil {
		c.Root.Prompt = &Property{Kind: PropMenu, Text: "Main menu", Menu: c.Root}
	}
	c.finalize(c.Root)
	if err := c.checkDeps(); err != nil {
		return nil, err
	}
	c.Reset()
	return c, nil
}

// readTree reads and preprocesses every file and builds the raw menu
// tree, without finalising it.
func readTree(env *Env) (*Config, error) {
	c := newConfig()
	p := &parser{c: c, env: env}
	p.pp = &preprocessor{vars: map[string]*variable{}, env: env, envUsed: map[string]string{},
		pos: func() (string, int) {
			if p.lx == nil {
				return "", 0
			}
			return p.lx.file, p.lx.line
		},
		warn: func(msg string) { c.Warnings = append(c.Warnings, msg) }}
	p.currentEntry, p.currentMenu = c.Root, c.Root
	p.lastEntry = &c.Root.List
	top := env.Kconfig
	if top == "" {
		top = "Kconfig"
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				switch r := r.(type) {
				case bailout:
				case ppError:
					p.errs.add(r.err)
				default:
					panic(r)
				}
			}
		}()
		p.parseFile(top, token{})
	}()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}
