package checkpatch

import (
	"strings"
)

var (
	includeAny    = lazyRegexp{expr: `#\s*include`}
	openBefore    = lazyRegexp{expr: `(?:\)|!|~|\*|-|&|\||\+\+|--|\{)$`}
	emailAfter    = lazyRegexp{expr: `^\S+@\S+>`}
	emailOpen     = lazyRegexp{expr: `<\S+@\S+$`}
	argAfter      = lazyRegexp{expr: `^\s*[,)]`}
	contAfter     = lazyRegexp{expr: `^\s*\\$`}
	modifierAfter = lazyRegexp{expr: `^\s*$Modifier\b`}
)

// annotateLine picks up the current line's annotation, made for every C
// line of a hunk (context included) by the ordered walk (prepare).
func annotateLine(c *checker) {
	a := c.ann[c.n-1]
	c.values, c.vars = a.values, a.vars
}

// operatorSpacing checks the space around operators, as checkpatch's
// "Check operator spacing" block does. Each operator gets a context
// "AxC": what is before it (A) and after it (C): W white space, E the line
// edge, B a bracket, C a comment, O another operator, V anything else.
//
// Whether an operator is unary or binary, and what a ':' belongs to, come
// from the annotation of the line (annotateLine).
func operatorSpacing(c *checker) {
	if includeAny.MatchString(c.line) || c.line == "" {
		return
	}
	opline := " " + c.line[1:]
	ops := operatorIndexes(opline)
	for k, o := range ops {
		prevEnd := 0
		if k > 0 {
			prevEnd = ops[k-1][1]
		}
		before := opline[prevEnd:o[0]]
		op := opline[o[0]:o[1]]
		after, hasAfter := "", true
		if k+1 < len(ops) {
			after = opline[o[1]:ops[k+1][0]]
		} else {
			after = opline[o[1]:]
			// split drops a trailing empty field
			hasAfter = after != ""
		}
		ca, cc := opline[:o[0]], opline[o[1]:]

		a := ""
		if before != "" {
			a = "V"
		}
		if strings.HasSuffix(before, " ") || strings.HasSuffix(before, "\t") {
			a = "W"
		}
		if strings.HasSuffix(before, commentChar) {
			a = "C"
		}
		if strings.HasSuffix(before, "[") || strings.HasSuffix(before, "(") {
			a = "B"
		}
		if before == "" {
			a = "O"
		}
		if strings.TrimLeft(ca, " \t") == "" {
			a = "E"
		}
		cx := "E"
		if hasAfter {
			cx = ""
			if after != "" {
				cx = "V"
			}
			if after != "" && isSpace(after[0]) {
				cx = "W"
			}
			if strings.HasPrefix(after, commentChar) {
				cx = "C"
			}
			if after != "" && strings.ContainsRune(")];", rune(after[0])) {
				cx = "B"
			}
			if after == "" {
				cx = "O"
			}
			if contAfter.MatchString(after) {
				cx = "E"
			}
		}
		ctx := a + "x" + cx
		opType := byte(0)
		if o[0]+1 < len(c.values) {
			opType = c.values[o[0]+1]
		}
		opv := op
		if o[0] < len(c.vars) {
			opv += c.vars[o[0] : o[0]+1]
		}
		spaced := func(set string, b byte) bool { return strings.IndexByte(set, b) >= 0 }
		report := func(l Level, msg string) { c.reportSpacing(l, msg, op, ctx, opline[:o[0]]) }

		switch {
		case opType != 'V' && (strings.HasSuffix(ca, " ") || strings.HasSuffix(ca, "\t")) && argAfter.MatchString(cc):
			// an operator passed as a parameter
		case op == ";":
			if !spaced("WEBC", cx[0]) && !strings.HasPrefix(cc, `\`) && !strings.HasPrefix(cc, ";") {
				report(LevelError, "space required after that")
			}
		case op == "->":
			if a == "W" || cx == "W" {
				report(LevelError, "spaces prohibited around that")
			}
		case op == ",":
			if a == "W" {
				report(LevelError, "space prohibited before that")
			}
			if !spaced("WEC", cx[0]) && !strings.HasPrefix(cc, "}") {
				report(LevelError, "space required after that")
			}
		case opv == ":B" || opv == "*_":
			// a bit-field, or a '*' that is part of a type
		case op == "!" || op == "~" || opv == "*U" || opv == "-U" || opv == "&U" || opv == "&&U":
			if !spaced("WEBC", a[0]) && !openBefore.MatchString(ca) {
				report(LevelError, "space required before that")
			}
			if op == "*" && modifierAfter.MatchString(cc) {
				// a unary '*' may be const
			} else if cx == "W" {
				report(LevelError, "space prohibited after that")
			}
		case op == "++" || op == "--":
			if !(spaced("WEOBC", a[0]) && cx != "W") && !(a != "W" && spaced("WOBEC", cx[0])) {
				report(LevelError, "space required one side of that")
			}
			if a == "W" && (cx == "B" || cx == "E" || strings.HasPrefix(cc, ";")) {
				report(LevelError, "space prohibited before that")
			}
			if a == "E" && cx == "W" {
				report(LevelError, "space prohibited after that")
			}
		case op == "<<" || op == ">>" || op == "&" || op == "^" || op == "|" || op == "+" || op == "-" || op == "*" || op == "/" || op == "%":
			if c.check {
				if hasAfter && !(spaced("EW", a[0]) && spaced("EW", cx[0])) {
					report(LevelCheck, "spaces preferred around that")
				} else if !hasAfter && !(a == "W" && spaced("OE", cx[0])) {
					report(LevelCheck, "space preferred before that")
				}
			} else if (a == "W" && !spaced("WCE", cx[0])) || (!spaced("WCE", a[0]) && cx == "W") {
				report(LevelError, "need consistent spacing around")
			}
		case opv == ":C" || opv == ":L":
			if a == "W" && !strings.HasSuffix(c.realfile, ".lds.h") {
				report(LevelError, "space prohibited before that")
			}
		default:
			if spaced("EWC", a[0]) && spaced("CWE", cx[0]) {
				continue
			}
			if (op == "<" && emailAfter.MatchString(cc)) || (op == ">" && emailOpen.MatchString(ca)) ||
				(op == ":" && (strings.HasSuffix(ca, ":") || strings.HasPrefix(cc, ":"))) {
				continue
			}
			level := LevelError
			if (op == "?:" || op == "?" || op == ":") && ctx == "VxV" {
				level = LevelCheck
			}
			report(level, "spaces required around that")
		}
	}
}

// reportSpacing reports a SPACING finding about op, whose line runs up to
// it in before; msg names what is wrong. It is called from many places in
// operatorSpacing, and builds the message in one.
func (c *checker) reportSpacing(l Level, msg, op, ctx, before string) {
	c.report(l, "SPACING", msg+" '"+op+"' (ctx:"+ctx+")", c.rawline, copySpacing(before)+"^")
}

// operators are the tokens operator spacing looks at, longest first where
// one is a prefix of another: checkpatch's $ops alternation, in its order.
var operators = []string{"<<=", ">>=", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "^=", "|=", "&=",
	"=>", "->", "<<", ">>", "<", ">", "=", "!", "~", "&&", "||", ",", "^", "++", "--", "&", "|", "+", "-", "*",
	"/", "%", "?:", "?", ":", ";"}

// operatorIndexes finds the operators of s from left to right, taking at
// each position the first of operators that matches, as a regexp
// alternation of them does, but without a regexp: this runs on every
// line of a patch.
func operatorIndexes(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		if !strings.ContainsRune("<>=!+-*/%^|&~,?:;", rune(s[i])) {
			i++
			continue
		}
		n := 0
		for _, op := range operators {
			if strings.HasPrefix(s[i:], op) {
				n = len(op)
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		out = append(out, []int{i, i + n})
		i += n
	}
	return out
}
