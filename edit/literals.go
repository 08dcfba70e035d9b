package edit

import "bytes"

// Literals reports byte strings such that, when ok, a buffer containing
// none of them is guaranteed to produce no change, no print and no error
// under Options{InLoop: true}. Tree mode uses it to skip files without
// running the script. ok is false when the program has a top-level command
// that could act on any buffer (p, a bare address, v, y, ...).
func (p *Program) Literals() (lits [][]byte, ok bool) {
	return p.lits, p.litsOK
}

// literals computes Literals at parse time. A command is guarded when it
// can do nothing on a buffer lacking all of its literals: a loop or g whose
// regexp must match one of the literals before anything runs, an s whose
// regexp must (with InLoop, replacing nothing is no error), or a group or
// loop whose every subcommand is guarded. Its address must be one that
// cannot fail, because address errors happen on any buffer.
func literals(cmds []*cmd) ([][]byte, bool) {
	var all [][]byte
	for _, c := range cmds {
		lits, ok := guard(c)
		if !ok {
			return nil, false
		}
		for _, l := range lits {
			if !containsBytes(all, l) {
				all = append(all, l)
			}
		}
	}
	return all, true
}

func containsBytes(list [][]byte, b []byte) bool {
	for _, l := range list {
		if bytes.Equal(l, b) {
			return true
		}
	}
	return false
}

// guard returns the literals guarding c, or ok=false if c is unguarded.
func guard(c *cmd) (lits [][]byte, ok bool) {
	if !safeAddr(c.addr) {
		return nil, false
	}
	switch c.name {
	case '{':
		var all [][]byte
		for _, sub := range c.group {
			l, ok := guard(sub)
			if !ok {
				return nil, false
			}
			all = append(all, l...)
		}
		return all, true
	case 'x', 'g', 's':
		if c.re != nil && c.re.err != nil {
			return nil, false // fails on any buffer
		}
		var own [][]byte
		ownOK := false
		if c.re != nil {
			own, ownOK = patternLiterals(c.re)
		}
		if c.name != 'x' {
			return own, ownOK
		}
		// A loop is also harmless when its subcommand is; use whichever
		// guard is more selective.
		sub, subOK := guard(c.sub)
		switch {
		case ownOK && subOK:
			if shortest(sub) > shortest(own) {
				return sub, true
			}
			return own, true
		case subOK:
			return sub, true
		}
		return own, ownOK
	case 'X', 'Y':
		if c.re != nil && c.re.err != nil {
			return nil, false
		}
		return guard(c.sub)
	}
	return nil, false
}

// patternLiterals returns the literals one of which every match of the
// pattern contains, when the pattern compiled and has such literals.
func patternLiterals(pat *pattern) ([][]byte, bool) {
	if pat.err != nil || pat.re == nil {
		return nil, false
	}
	lits := pat.re.Literals()
	if len(lits) == 0 {
		return nil, false
	}
	for _, l := range lits {
		if len(l) == 0 {
			return nil, false
		}
	}
	return lits, true
}

// safeAddr reports whether an address can be evaluated on any buffer and
// any dot and mark without error: no address, ".", "$", "'", "0", "#0",
// and "," or ";" compounds of those whose ends cannot be out of order.
func safeAddr(a *addr) bool {
	if a == nil {
		return true
	}
	switch a.kind {
	case ',', ';':
		if !safeSimple(a.left) || !safeSimple(a.next) {
			return false
		}
		// a2 cannot end before a1 starts when a1 is the start of the
		// buffer or a2 its end (or both are dot).
		return isStart(a.left) || isEnd(a.next) || isKind(a.left, '.') && isKind(a.next, '.')
	}
	return safeSimple(a)
}

func safeSimple(a *addr) bool {
	if a == nil {
		return true
	}
	if a.next != nil {
		return false
	}
	switch a.kind {
	case '.', '$', '\'':
		return true
	case 'l', '#':
		return a.num == 0
	}
	return false
}

func isKind(a *addr, k rune) bool { return a != nil && a.kind == k && a.next == nil }

func isStart(a *addr) bool { return a == nil || (a.kind == 'l' || a.kind == '#') && a.num == 0 }

func isEnd(a *addr) bool { return a == nil || a.kind == '$' }

// shortest is the length of the shortest literal, a rough measure of how
// rarely a set of literals occurs.
func shortest(lits [][]byte) int {
	n := -1
	for _, l := range lits {
		if n < 0 || len(l) < n {
			n = len(l)
		}
	}
	return n
}
