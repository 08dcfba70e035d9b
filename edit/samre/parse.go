package samre

import (
	"fmt"
	"unicode/utf8"
)

// Error is a syntax error in a regular expression. Msg uses sam's own
// wording ("malformed regexp", "no operand for `*'", ...); Off is the byte
// offset in the expression of the token the error is about, and may equal
// len(expr) when the expression ended too early.
type Error struct {
	Off int
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("regexp: %s at offset %d", e.Msg, e.Off) }

// The messages of sam's regexp.c (plan9port src/cmd/sam/errors.h).
const (
	msgBadRegexp  = "malformed regexp"
	msgLeftParen  = "unmatched `('"
	msgRightParen = "unmatched `)'"
	msgBadClass   = "malformed `[]'"
	msgNoOperand  = "no operand for" // followed by the operator: "no operand for `*'"
)

// nodeOp is the kind of an expression node.
type nodeOp uint8

const (
	nLit   nodeOp = iota // one rune
	nAny                 // . : any rune but newline
	nBol                 // ^
	nEol                 // $
	nClass               // [set] or [^set]
	nCat                 // x y
	nAlt                 // x|y
	nStar                // x*
	nPlus                // x+
	nQuest               // x?
	nGroup               // (x)
)

// node is the parsed form of an expression. Its shape is exactly the one
// sam's operator-precedence parser builds, because sam's choice of
// submatches depends on it (a+? is (a?)+, not (a+)?).
type node struct {
	op    nodeOp
	r     rune   // nLit
	class *class // nClass
	sub   int    // nGroup: 1..9, or 0 for groups past the ninth (not recorded)
	x, y  *node  // operands; y only for nCat and nAlt
}

// Rune values outside Unicode, so that they compare unequal to every rune
// a text can hold.
const (
	// rawRune+b stands for the byte b where it is not part of valid UTF-8,
	// both in expressions and in text: such a byte only ever equals itself.
	rawRune = utf8.MaxRune + 1
	// quoted is the bit sam's class parser sets on a \-escaped rune. sam
	// strips it from single runes but keeps it in range bounds, so [a-\z]
	// spans from a to far beyond Unicode and [\a-z] matches nothing. We keep
	// that quirk: it is what sam does.
	quoted = 0x4000000
)

// decodeRune decodes the rune at the start of s the way text is decoded for
// matching: an invalid byte is one rune of its own, rawRune+b.
func decodeRune(s []byte) (rune, int) {
	c := s[0]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, w := utf8.DecodeRune(s)
	if r == utf8.RuneError && w == 1 {
		return rawRune + rune(c), 1
	}
	return r, w
}

// decodeLastRune is decodeRune for the rune that ends s.
func decodeLastRune(s []byte) (rune, int) {
	c := s[len(s)-1]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, w := utf8.DecodeLastRune(s)
	if r == utf8.RuneError && w == 1 {
		return rawRune + rune(c), 1
	}
	return r, w
}

func decodeRuneString(s string) (rune, int) {
	c := s[0]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, w := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && w == 1 {
		return rawRune + rune(c), 1
	}
	return r, w
}

// Operators, in sam's order of precedence: evaluation pops every pending
// operator whose precedence is at least that of the incoming one. The
// distinct values for *, + and ? matter: a+? parses as (a?)+.
type opKind int

const (
	opBottom opKind = iota // marks the bottom of the operator stack
	opStart                // reduce(opStart) applies every pending operator
	opRparen
	opLparen
	opAlt
	opCat
	opStar
	opPlus
	opQuest
)

// pendingOp is an operator on the parser's stack.
type pendingOp struct {
	kind opKind
	sub  int // opLparen: the group's number
	off  int // where it was written, for errors
}

// parser is sam's operator-precedence parser (realcompile in regexp.c),
// building nodes instead of machine code.
type parser struct {
	expr           string
	pos            int
	operands       []*node
	operators      []pendingOp
	lastWasOperand bool
	nsub           int   // groups opened so far
	open           []int // offsets of the parentheses not yet closed
}

func parse(expr string) (n *node, nsub int, err error) {
	defer func() {
		if e := recover(); e != nil {
			perr, ok := e.(*Error)
			if !ok {
				panic(e)
			}
			n, nsub, err = nil, 0, perr
		}
	}()
	p := &parser{expr: expr}
	p.operators = append(p.operators, pendingOp{kind: opBottom})
	for p.pos < len(expr) {
		off := p.pos
		c := expr[p.pos]
		p.pos++
		switch c {
		case '*':
			p.operator(opStar, off)
		case '+':
			p.operator(opPlus, off)
		case '?':
			p.operator(opQuest, off)
		case '|':
			p.operator(opAlt, off)
		case '(':
			p.operator(opLparen, off)
		case ')':
			p.operator(opRparen, off)
		case '.':
			p.operand(&node{op: nAny}, off)
		case '^':
			p.operand(&node{op: nBol}, off)
		case '$':
			p.operand(&node{op: nEol}, off)
		case '[':
			p.operand(&node{op: nClass, class: p.class(off)}, off)
		case '\\':
			r := rune('\\') // a trailing backslash stands for itself
			if p.pos < len(expr) {
				var w int
				r, w = decodeRuneString(expr[p.pos:])
				p.pos += w
				if r == 'n' {
					r = '\n'
				}
			}
			p.operand(&node{op: nLit, r: r}, off)
		default:
			r, w := decodeRuneString(expr[off:])
			p.pos = off + w
			p.operand(&node{op: nLit, r: r}, off)
		}
	}
	end := len(expr)
	p.reduce(opStart, end, false)
	// sam closes the expression by concatenating its END instruction; that
	// concatenation is what reports a dangling operand such as "a(b|)".
	if p.lastWasOperand {
		p.operator(opCat, end)
	}
	p.operands = append(p.operands, nil) // stands for END
	p.reduce(opStart, end, false)
	if len(p.open) > 0 {
		panic(&Error{p.open[len(p.open)-1], msgLeftParen})
	}
	// Without an error, the result is END alone (the empty expression) or
	// the expression concatenated with END.
	if root := p.operands[0]; root != nil {
		n = root.x
	}
	return n, p.nsub, nil
}

// operand pushes an operand, with an implicit concatenation before it.
func (p *parser) operand(n *node, off int) {
	if p.lastWasOperand {
		p.operator(opCat, off)
	}
	p.operands = append(p.operands, n)
	p.lastWasOperand = true
}

func (p *parser) operator(k opKind, off int) {
	switch k {
	case opRparen:
		if len(p.open) == 0 {
			panic(&Error{off, msgRightParen})
		}
		p.open = p.open[:len(p.open)-1]
		p.reduce(opRparen, off, true)
	case opLparen:
		p.nsub++
		p.open = append(p.open, off)
		if p.lastWasOperand {
			p.operator(opCat, off)
		}
		sub := p.nsub
		if sub > 9 {
			sub = 0
		}
		p.operators = append(p.operators, pendingOp{opLparen, sub, off})
	default:
		p.reduce(k, off, false)
		p.operators = append(p.operators, pendingOp{kind: k, off: off})
	}
	p.lastWasOperand = k == opStar || k == opPlus || k == opQuest || k == opRparen
}

// reduce applies pending operators of precedence at least pri; for a
// closing parenthesis (paren) it applies everything down to the matching
// opening one. Like sam's evaluntil, it also stops after reducing any
// opening parenthesis it meets, which is how an unclosed "(" at the end of
// the expression gets reported only after the rest has been reduced.
func (p *parser) reduce(pri opKind, off int, paren bool) {
	for paren || p.operators[len(p.operators)-1].kind >= pri {
		op := p.operators[len(p.operators)-1]
		p.operators = p.operators[:len(p.operators)-1]
		switch op.kind {
		case opLparen:
			x := p.pop('(', op.off)
			p.push(&node{op: nGroup, sub: op.sub, x: x})
			return
		case opAlt:
			y := p.pop('|', op.off)
			x := p.pop('|', op.off)
			p.push(&node{op: nAlt, x: x, y: y})
		case opCat:
			y := p.pop(0, op.off)
			x := p.pop(0, op.off)
			p.push(&node{op: nCat, x: x, y: y})
		case opStar:
			p.push(&node{op: nStar, x: p.pop('*', op.off)})
		case opPlus:
			p.push(&node{op: nPlus, x: p.pop('+', op.off)})
		case opQuest:
			p.push(&node{op: nQuest, x: p.pop('?', op.off)})
		default:
			panic("samre: operator stack underflow")
		}
	}
}

func (p *parser) push(n *node) { p.operands = append(p.operands, n) }

// pop takes the top operand; a missing one is "no operand for `c'", or,
// for the implicit concatenation, "malformed regexp".
func (p *parser) pop(c byte, off int) *node {
	if len(p.operands) == 0 {
		if c == 0 {
			panic(&Error{off, msgBadRegexp})
		}
		panic(&Error{off, fmt.Sprintf("%s `%c'", msgNoOperand, c)})
	}
	n := p.operands[len(p.operands)-1]
	p.operands = p.operands[:len(p.operands)-1]
	return n
}

// class parses a character class; the '[' at off has been read.
//
//	class = "[" ["^"] { item } "]"
//	item  = elem [ "-" elem ]
//	elem  = any rune but "-" and "]" | "\" rune
//
// A "-" that does not sit between two elements is an error, and so is a
// range whose second bound is "]". "\n" is a newline; any other "\x" is x.
// "[]" is an empty class, which matches nothing, and "[^]" matches any rune
// but newline: sam accepts both.
func (p *parser) class(off int) *class {
	cl := &class{}
	if p.pos < len(p.expr) && p.expr[p.pos] == '^' {
		cl.negate = true
		cl.runes = append(cl.runes, '\n') // a negated class never matches newline
		p.pos++
	}
	for {
		c1 := p.classRune(off)
		if c1 == ']' {
			break
		}
		if c1 == '-' {
			panic(&Error{off, msgBadClass})
		}
		if p.pos < len(p.expr) && p.expr[p.pos] == '-' {
			p.pos++
			c2 := p.classRune(off)
			if c2 == ']' {
				panic(&Error{off, msgBadClass})
			}
			cl.ranges = append(cl.ranges, c1, c2)
			continue
		}
		cl.runes = append(cl.runes, c1&^quoted)
	}
	cl.prepare()
	return cl
}

// classRune reads one element of a class: a rune, with the quoted bit set
// when it was escaped (so that "\]" and "\-" are not taken for syntax).
func (p *parser) classRune(off int) rune {
	if p.pos >= len(p.expr) || p.expr[p.pos] == '\\' && p.pos+1 == len(p.expr) {
		panic(&Error{off, msgBadClass})
	}
	if p.expr[p.pos] == '\\' {
		r, w := decodeRuneString(p.expr[p.pos+1:])
		p.pos += 1 + w
		if r == 'n' {
			return '\n'
		}
		return r | quoted
	}
	r, w := decodeRuneString(p.expr[p.pos:])
	p.pos += w
	return r
}
