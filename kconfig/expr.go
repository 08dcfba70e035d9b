package kconfig

import (
	"strconv"
	"strings"
)

// Tristate is a Kconfig truth value. The order n < m < y is what makes
// && a minimum and || a maximum.
type Tristate int8

// The three tristate values.
const (
	No  Tristate = 0
	Mod Tristate = 1
	Yes Tristate = 2
)

// String returns "n", "m" or "y".
func (t Tristate) String() string {
	switch t {
	case Yes:
		return "y"
	case Mod:
		return "m"
	}
	return "n"
}

func triAnd(a, b Tristate) Tristate { return min(a, b) }
func triOr(a, b Tristate) Tristate  { return max(a, b) }
func triNot(a Tristate) Tristate    { return Yes - a }

// Op is the kind of an expression node.
type Op uint8

// Expression node kinds, in the order the C printer ranks them for
// parenthesisation (scripts/kconfig/expr.c expr_compare_type).
const (
	OpNone Op = iota
	OpSymbol
	OpNot
	OpAnd
	OpOr
	OpEqual
	OpUnequal
	OpLess
	OpLessEqual
	OpGreater
	OpGreaterEqual
	OpRange
)

// Expr is a dependency expression. Comparisons and ranges hold two
// symbols (Sym, Sym2); Not holds L; And/Or hold L and R.
type Expr struct {
	Op        Op
	L, R      *Expr
	Sym, Sym2 *Symbol
}

func symExpr(s *Symbol) *Expr { return &Expr{Op: OpSymbol, Sym: s} }

// and builds a && b, treating nil as "no condition" the way
// expr_alloc_and does.
func and(a, b *Expr) *Expr {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return &Expr{Op: OpAnd, L: a, R: b}
}

// or builds a || b with the same nil convention as and.
func or(a, b *Expr) *Expr {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return &Expr{Op: OpOr, L: a, R: b}
}

// containsSymbol mirrors expr_contains_symbol (scripts/kconfig/expr.c).
func (e *Expr) containsSymbol(s *Symbol) bool {
	if e == nil {
		return false
	}
	switch e.Op {
	case OpAnd, OpOr:
		return e.L.containsSymbol(s) || e.R.containsSymbol(s)
	case OpSymbol:
		return e.Sym == s
	case OpEqual, OpUnequal, OpLess, OpLessEqual, OpGreater, OpGreaterEqual:
		return e.Sym == s || e.Sym2 == s
	case OpNot:
		return e.L.containsSymbol(s)
	}
	return false
}

// dependsOn mirrors expr_depends_symbol: true when e cannot be true
// unless s is.
func (e *Expr) dependsOn(s *Symbol, c *Config) bool {
	if e == nil {
		return false
	}
	switch e.Op {
	case OpAnd:
		return e.L.dependsOn(s, c) || e.R.dependsOn(s, c)
	case OpSymbol:
		return e.Sym == s
	case OpEqual:
		return e.Sym == s && (e.Sym2 == c.yes || e.Sym2 == c.mod)
	case OpUnequal:
		return e.Sym == s && e.Sym2 == c.no
	}
	return false
}

// eval computes the tristate value of e; nil is y.
// mirrors expr_calc_value (scripts/kconfig/expr.c, v6.1)
func (c *Config) eval(e *Expr) Tristate {
	if e == nil {
		return Yes
	}
	switch e.Op {
	case OpSymbol:
		c.calc(e.Sym)
		return e.Sym.curr.tri
	case OpAnd:
		return triAnd(c.eval(e.L), c.eval(e.R))
	case OpOr:
		return triOr(c.eval(e.L), c.eval(e.R))
	case OpNot:
		return triNot(c.eval(e.L))
	case OpEqual, OpUnequal, OpLess, OpLessEqual, OpGreater, OpGreaterEqual:
	default:
		return No
	}
	c.calc(e.Sym)
	c.calc(e.Sym2)
	s1, s2 := c.stringValue(e.Sym), c.stringValue(e.Sym2)
	k1, k2 := kindString, kindString
	var v1, v2 numValue
	if e.Sym.Type != TypeString || e.Sym2.Type != TypeString {
		k1, v1 = parseCompareOperand(s1, e.Sym.Type)
		k2, v2 = parseCompareOperand(s2, e.Sym2.Type)
	}
	var res int
	switch {
	case k1 == kindString || k2 == kindString:
		res = strings.Compare(s1, s2)
	case k1 == kindUnsigned || k2 == kindUnsigned:
		res = cmp3(v1.u, v2.u)
	default:
		res = cmp3(v1.s, v2.s)
	}
	var ok bool
	switch e.Op {
	case OpEqual:
		ok = res == 0
	case OpUnequal:
		ok = res != 0
	case OpLess:
		ok = res < 0
	case OpLessEqual:
		ok = res <= 0
	case OpGreater:
		ok = res > 0
	case OpGreaterEqual:
		ok = res >= 0
	}
	if ok {
		return Yes
	}
	return No
}

func cmp3[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type valueKind uint8

const (
	kindString valueKind = iota
	kindSigned
	kindUnsigned
)

// numValue mirrors the C union string_value: one 64-bit value seen as
// signed or unsigned, so that an int compared with a hex is reinterpreted
// rather than converted.
type numValue struct {
	s int64
	u uint64
}

func signedValue(n int64) numValue    { return numValue{s: n, u: uint64(n)} }
func unsignedValue(n uint64) numValue { return numValue{s: int64(n), u: n} }

// parseCompareOperand mirrors expr_parse_string: how a comparison operand
// is read depends on its symbol's type.
func parseCompareOperand(str string, t Type) (valueKind, numValue) {
	switch t {
	case TypeBool, TypeTristate:
		switch str {
		case "n":
			return kindSigned, signedValue(0)
		case "m":
			return kindSigned, signedValue(1)
		case "y":
			return kindSigned, signedValue(2)
		}
		return kindSigned, signedValue(-1)
	case TypeInt:
		n, used, ok := strtoll(str, 10)
		return numKind(str, used, ok, kindSigned), signedValue(n)
	case TypeHex:
		n, used, ok := strtoull(str, 16)
		return numKind(str, used, ok, kindUnsigned), unsignedValue(n)
	}
	n, used, ok := strtoll(str, 0)
	return numKind(str, used, ok, kindSigned), signedValue(n)
}

// numKind applies expr_parse_string's acceptance test: no overflow, the
// whole string consumed, and the last character a hex digit.
func numKind(str string, used int, ok bool, k valueKind) valueKind {
	if ok && used == len(str) && used > 0 && isHexDigit(str[used-1]) {
		return k
	}
	return kindString
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isSpaceC(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// strtoull mimics C strtoull: leading space, optional sign (a minus
// negates modulo 2^64), base prefix for bases 0 and 16. It returns the
// value, how many bytes were consumed (0 if no digits) and false on
// overflow.
func strtoull(s string, base int) (uint64, int, bool) {
	i := 0
	for i < len(s) && isSpaceC(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if (base == 0 || base == 16) && i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && i+2 < len(s) && isHexDigit(s[i+2]) {
		i += 2
		base = 16
	} else if base == 0 {
		if i < len(s) && s[i] == '0' {
			base = 8
		} else {
			base = 10
		}
	}
	start := i
	var n uint64
	ok := true
	for i < len(s) {
		d := digitVal(s[i])
		if d >= base {
			break
		}
		hi := n * uint64(base)
		if n != 0 && hi/uint64(base) != n || hi+uint64(d) < hi {
			ok = false
		}
		n = hi + uint64(d)
		i++
	}
	if i == start {
		return 0, 0, true
	}
	if !ok {
		n = ^uint64(0)
	} else if neg {
		n = -n
	}
	return n, i, ok
}

// strtoll mimics C strtoll, with the same conventions as strtoull.
func strtoll(s string, base int) (int64, int, bool) {
	j := 0
	for j < len(s) && isSpaceC(s[j]) {
		j++
	}
	neg := j < len(s) && s[j] == '-'
	u, used, ok := strtoull(s, base)
	if used == 0 {
		return 0, 0, true
	}
	if neg {
		m := -u // magnitude
		if !ok || m > 1<<63 {
			return -1 << 63, used, false
		}
		return -int64(m), used, true
	}
	if !ok || u > 1<<63-1 {
		return 1<<63 - 1, used, false
	}
	return int64(u), used, true
}

func digitVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// needParens reports whether a child of kind child printed inside a
// parent of kind parent needs parentheses, as expr_compare_type decides:
// only an || below && or !, and an && below !.
func needParens(parent, child Op) bool {
	switch parent {
	case OpNot:
		return child == OpAnd || child == OpOr
	case OpAnd:
		return child == OpOr
	}
	return false
}

// String prints e in Kconfig syntax, as expr_fprint does.
func (e *Expr) String() string {
	var b strings.Builder
	e.print(&b, OpNone, nil)
	return b.String()
}

// print writes e; when annotate is non-nil it is called after every
// symbol, so callers can add values (" [=y]") the way menuconfig does.
func (e *Expr) print(b *strings.Builder, parent Op, annotate func(*Symbol) string) {
	if e == nil {
		b.WriteString("y")
		return
	}
	paren := needParens(parent, e.Op)
	if paren {
		b.WriteString("(")
	}
	sym := func(s *Symbol) {
		if s.Name == "" && s.flags&flagChoice != 0 {
			b.WriteString("<choice>")
		} else {
			b.WriteString(s.Name)
		}
		if annotate != nil {
			b.WriteString(annotate(s))
		}
	}
	switch e.Op {
	case OpSymbol:
		sym(e.Sym)
	case OpNot:
		b.WriteString("!")
		e.L.print(b, OpNot, annotate)
	case OpEqual, OpUnequal, OpLess, OpLessEqual, OpGreater, OpGreaterEqual:
		sym(e.Sym)
		b.WriteString(opText[e.Op])
		sym(e.Sym2)
	case OpOr:
		e.L.print(b, OpOr, annotate)
		b.WriteString(" || ")
		e.R.print(b, OpOr, annotate)
	case OpAnd:
		e.L.print(b, OpAnd, annotate)
		b.WriteString(" && ")
		e.R.print(b, OpAnd, annotate)
	case OpRange:
		b.WriteString("[")
		sym(e.Sym)
		b.WriteString(" ")
		sym(e.Sym2)
		b.WriteString("]")
	default:
		b.WriteString("<unknown type " + strconv.Itoa(int(e.Op)) + ">")
	}
	if paren {
		b.WriteString(")")
	}
}

var opText = map[Op]string{
	OpEqual: "=", OpUnequal: "!=", OpLess: "<", OpLessEqual: "<=",
	OpGreater: ">", OpGreaterEqual: ">=",
}

// rewriteM turns every bare m into (m && MODULES), so that m means n
// while modules are disabled. mirrors rewrite_m (scripts/kconfig/menu.c)
func (c *Config) rewriteM(e *Expr) *Expr {
	if e == nil {
		return nil
	}
	switch e.Op {
	case OpNot:
		e.L = c.rewriteM(e.L)
	case OpAnd, OpOr:
		e.L = c.rewriteM(e.L)
		e.R = c.rewriteM(e.R)
	case OpSymbol:
		if e.Sym == c.mod {
			return &Expr{Op: OpAnd, L: e, R: symExpr(c.modules)}
		}
	}
	return e
}

// copyExpr returns a deep copy of the expression tree (symbols shared).
func copyExpr(e *Expr) *Expr {
	if e == nil {
		return nil
	}
	n := *e
	n.L = copyExpr(e.L)
	n.R = copyExpr(e.R)
	return &n
}
