package samre

// instOp is the kind of a machine instruction.
type instOp uint8

const (
	iRune   instOp = iota // match the rune r
	iAny                  // any rune but newline
	iClass                // a rune in class
	iBol                  // assert ^
	iEol                  // assert $
	iOr                   // fork: next is followed at once, right is queued
	iLparen               // record the start of group sub
	iRparen               // record the end of group sub
	iNop                  // joins branches; removed before running
	iEnd                  // a match
)

// inst is one instruction. The machine is laid out exactly as sam lays out
// its own (regexp.c): which branch of an iOr is followed first and which is
// queued decides the submatches sam reports.
type inst struct {
	op    instOp
	sub   int8 // iLparen, iRparen: group 1..9, 0 when not recorded
	r     rune
	class *class
	next  int32
	right int32
}

// prog is a compiled machine: forward, or reversed for backward search.
type prog struct {
	inst  []inst
	start int32
}

// compileProg lays out the machine for n, reversed when backward. sam
// builds both machines from the same parse, swapping the operands of every
// concatenation for the backward one.
func compileProg(n *node, backward bool) *prog {
	c := &progCompiler{backward: backward}
	end := c.emit(iEnd)
	start := end
	if n != nil {
		var last int32
		start, last = c.compile(n)
		c.p.inst[last].next = end
	}
	// Like sam's optimize, make every next skip the joining no-ops.
	for i := range c.p.inst {
		in := &c.p.inst[i]
		if in.op == iEnd {
			continue
		}
		for c.p.inst[in.next].op == iNop {
			in.next = c.p.inst[in.next].next
		}
	}
	for c.p.inst[start].op == iNop {
		start = c.p.inst[start].next
	}
	c.p.start = start
	return &c.p
}

type progCompiler struct {
	p        prog
	backward bool
}

func (c *progCompiler) emit(op instOp) int32 {
	c.p.inst = append(c.p.inst, inst{op: op, next: -1, right: -1})
	return int32(len(c.p.inst) - 1)
}

// compile emits n and returns its first instruction and its last one,
// whose next is still to be linked.
func (c *progCompiler) compile(n *node) (first, last int32) {
	in := &c.p.inst
	switch n.op {
	case nLit:
		i := c.emit(iRune)
		(*in)[i].r = n.r
		return i, i
	case nAny:
		i := c.emit(iAny)
		return i, i
	case nClass:
		i := c.emit(iClass)
		(*in)[i].class = n.class
		return i, i
	case nBol:
		i := c.emit(iBol)
		return i, i
	case nEol:
		i := c.emit(iEol)
		return i, i
	case nCat:
		x, y := n.x, n.y
		if c.backward {
			x, y = y, x
		}
		f1, l1 := c.compile(x)
		f2, l2 := c.compile(y)
		(*in)[l1].next = f2
		return f1, l2
	case nAlt:
		// The right operand is followed first; the left one is queued.
		f1, l1 := c.compile(n.x)
		f2, l2 := c.compile(n.y)
		join := c.emit(iNop)
		(*in)[l1].next = join
		(*in)[l2].next = join
		or := c.emit(iOr)
		(*in)[or].right = f1
		(*in)[or].next = f2
		return or, join
	case nStar:
		f, l := c.compile(n.x)
		or := c.emit(iOr)
		(*in)[l].next = or
		(*in)[or].right = f
		return or, or
	case nPlus:
		f, l := c.compile(n.x)
		or := c.emit(iOr)
		(*in)[l].next = or
		(*in)[or].right = f
		return f, or
	case nQuest:
		f, l := c.compile(n.x)
		or := c.emit(iOr)
		skip := c.emit(iNop)
		(*in)[or].next = skip
		(*in)[or].right = f
		(*in)[l].next = skip
		return or, skip
	case nGroup:
		f, l := c.compile(n.x)
		rp := c.emit(iRparen)
		(*in)[rp].sub = int8(n.sub)
		(*in)[l].next = rp
		lp := c.emit(iLparen)
		(*in)[lp].sub = int8(n.sub)
		(*in)[lp].next = f
		return lp, rp
	}
	panic("samre: unknown node")
}
