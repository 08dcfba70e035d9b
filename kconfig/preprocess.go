package kconfig

import (
	"strconv"
	"strings"
)

// This file implements the Kconfig macro language
// (Documentation/kbuild/kconfig-macro-language.rst): $(VAR) references,
// recursive (=), simple (:=) and appending (+=) variables, user-defined
// functions called as $(name,arg,...), and the built-in functions shell,
// info, warning-if, error-if, filename and lineno. Expansion happens while
// lexing, once, in source order, exactly as scripts/kconfig/preprocess.c
// does it.

type varFlavor uint8

const (
	varRecursive varFlavor = iota
	varSimple
	varAppend
)

type variable struct {
	value    string
	flavor   varFlavor
	expCount int
}

// maxFunctionArgs is FUNCTION_MAX_ARGS of preprocess.c.
const maxFunctionArgs = 16

// preprocessor holds the variables of one parse and the hooks to the
// outside world (environment, shell, messages).
type preprocessor struct {
	vars    map[string]*variable
	env     *Env
	envUsed map[string]string
	// pos returns the file and line being lexed, for $(filename),
	// $(lineno) and messages.
	pos  func() (string, int)
	warn func(string)
}

// ppError aborts the parse: preprocess.c exits on these.
type ppError struct{ err *Error }

func (p *preprocessor) fail(code Code, msg string) {
	f, l := p.pos()
	panic(ppError{&Error{File: f, Line: l, Code: code, Msg: msg}})
}

// addVariable mirrors variable_add.
func (p *preprocessor) addVariable(name, val string, flavor varFlavor) {
	v := p.vars[name]
	appendTo := false
	if v != nil {
		if flavor == varAppend {
			flavor = v.flavor
			appendTo = true
		}
	} else {
		if flavor == varAppend {
			flavor = varRecursive
		}
		v = &variable{}
		p.vars[name] = v
	}
	v.flavor = flavor
	nv := val
	if flavor == varSimple {
		nv = p.expandString(val, nil)
	}
	if appendTo {
		v.value += " " + nv
	} else {
		v.value = nv
	}
}

// expandString expands every $(...) in s.
func (p *preprocessor) expandString(s string, args []string) string {
	out, _ := p.expand(s, args, func(byte) bool { return false })
	return out
}

// expandToken expands a token that contains '$': it stops at the first
// character that cannot be part of a word, outside references, and
// returns the expansion and the number of bytes consumed.
func (p *preprocessor) expandToken(s string) (string, int) {
	return p.expand(s, nil, func(c byte) bool { return !isWordChar(c) })
}

func isWordChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// expand mirrors __expand_string: copy s, replacing references, until
// isEnd says stop (or the string ends).
func (p *preprocessor) expand(s string, args []string, isEnd func(byte) bool) (string, int) {
	var b strings.Builder
	i, start := 0, 0
	for i < len(s) {
		if s[i] == '$' {
			b.WriteString(s[start:i])
			exp, n := p.expandDollar(s[i+1:], args)
			b.WriteString(exp)
			i += 1 + n
			start = i
			continue
		}
		if isEnd(s[i]) {
			break
		}
		i++
	}
	b.WriteString(s[start:i])
	return b.String(), i
}

// expandDollar expands the reference that follows a '$' and returns the
// expansion and the number of bytes consumed after the '$'. A '$' not
// followed by '(' stands for itself.
func (p *preprocessor) expandDollar(s string, args []string) (string, int) {
	if s == "" || s[0] != '(' {
		return "$", 0
	}
	nest := 0
	q := 1
	for ; q < len(s); q++ {
		if s[q] == '(' {
			nest++
		} else if s[q] == ')' {
			if nest == 0 {
				break
			}
			nest--
		}
	}
	if q >= len(s) {
		p.fail(CodeUnterminatedRef, "unterminated reference to '"+s[1:]+"': missing ')'")
	}
	return p.evalClause(s[1:q], args), q + 1
}

// evalClause mirrors eval_clause: $(1) style arguments, then variables
// (user functions), built-in functions and finally the environment.
func (p *preprocessor) evalClause(str string, args []string) string {
	if n, err := strconv.ParseUint(str, 10, 32); err == nil && n > 0 && int(n) <= len(args) {
		return args[n-1]
	}
	var parts []string
	nest, prev := 0, 0
	for i := 0; i < len(str); i++ {
		switch str[i] {
		case ',':
			if nest == 0 {
				if len(parts) >= maxFunctionArgs {
					p.fail(CodeFunctionArgs, "too many function arguments")
				}
				parts = append(parts, str[prev:i])
				prev = i + 1
			}
		case '(':
			nest++
		case ')':
			nest--
		}
	}
	if len(parts) >= maxFunctionArgs {
		p.fail(CodeFunctionArgs, "too many function arguments")
	}
	parts = append(parts, str[prev:])
	name := p.expandString(parts[0], args)
	newArgs := make([]string, len(parts)-1)
	for i, a := range parts[1:] {
		newArgs[i] = p.expandString(a, args)
	}
	if v, ok := p.expandVariable(name, newArgs); ok {
		return v
	}
	if v, ok := p.callBuiltin(name, newArgs); ok {
		return v
	}
	if len(newArgs) == 0 && name != "" {
		if v, ok := p.env.lookup(name); ok {
			p.envUsed[name] = v
			return v
		}
	}
	return ""
}

// expandVariable mirrors variable_expand.
func (p *preprocessor) expandVariable(name string, args []string) (string, bool) {
	v := p.vars[name]
	if v == nil {
		return "", false
	}
	if len(args) == 0 && v.expCount > 0 {
		p.fail(CodeRecursiveVariable, "Recursive variable '"+name+"' references itself (eventually)")
	}
	if v.expCount > 1000 {
		p.fail(CodeRecursiveVariable, "Too deep recursive expansion")
	}
	v.expCount++
	defer func() { v.expCount-- }()
	if v.flavor == varRecursive {
		return p.expandString(v.value, args), true
	}
	return v.value, true
}

type builtin struct {
	min, max int
	fn       func(p *preprocessor, args []string) string
}

var builtins = map[string]builtin{
	"error-if": {2, 2, func(p *preprocessor, a []string) string {
		if a[0] == "y" {
			p.fail(CodeErrorIf, a[1])
		}
		return ""
	}},
	"filename": {0, 0, func(p *preprocessor, _ []string) string {
		f, _ := p.pos()
		return f
	}},
	"info": {1, 1, func(p *preprocessor, a []string) string {
		p.env.info(a[0])
		return ""
	}},
	"lineno": {0, 0, func(p *preprocessor, _ []string) string {
		_, l := p.pos()
		return strconv.Itoa(l)
	}},
	"shell": {1, 1, func(p *preprocessor, a []string) string {
		return shellResult(p.env.shell(a[0]))
	}},
	"warning-if": {2, 2, func(p *preprocessor, a []string) string {
		if a[0] == "y" {
			f, l := p.pos()
			p.warn(f + ":" + strconv.Itoa(l) + ": " + a[1])
		}
		return ""
	}},
}

func (p *preprocessor) callBuiltin(name string, args []string) (string, bool) {
	f, ok := builtins[name]
	if !ok {
		return "", false
	}
	if len(args) < f.min {
		p.fail(CodeFunctionArgs, "too few function arguments passed to '"+name+"'")
	}
	if len(args) > f.max {
		p.fail(CodeFunctionArgs, "too many function arguments passed to '"+name+"'")
	}
	return f.fn(p, args), true
}

// shellResult post-processes a command's stdout as do_shell does: at most
// 4095 bytes, trailing newlines dropped, inner newlines turned to spaces.
func shellResult(out string) string {
	if len(out) >= 4096 {
		out = out[:4095]
	}
	out = strings.TrimRight(out, "\n")
	return strings.ReplaceAll(out, "\n", " ")
}
