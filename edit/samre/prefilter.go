package samre

import (
	"bytes"
	"unicode/utf8"
)

// prefilter finds the places where a match can start (forward) or end
// (backward), so that the machine need not step through text in which no
// thread is alive. Skipping such text is exact, not an approximation: a
// thread started where no match can start never reaches a match, and it
// cannot change the submatches of one that does, since two threads at the
// same instruction and place have the same future.
//
// Every position a prefilter returns is one the machine would step on: it
// never lands inside a UTF-8 sequence (see usable).
type prefilter struct {
	lit  []byte // every match starts (ends, backward) with lit
	set  [256]bool
	one  int // the only byte in set, or -1
	nset int
}

// next returns the first q in [p, lim) where a match may start, or -1.
func (f *prefilter) next(buf []byte, p, lim int) int {
	if p >= lim {
		return -1
	}
	if f.lit != nil {
		hi := min(len(buf), lim-1+len(f.lit))
		if i := bytes.Index(buf[p:hi], f.lit); i >= 0 {
			return p + i
		}
		return -1
	}
	if f.one >= 0 {
		if i := bytes.IndexByte(buf[p:lim], byte(f.one)); i >= 0 {
			return p + i
		}
		return -1
	}
	for q := p; q < lim; q++ {
		if f.set[buf[q]] {
			return q
		}
	}
	return -1
}

// prev returns the last q in (lim, p] where a match may end, or -1.
func (f *prefilter) prev(buf []byte, p, lim int) int {
	if p <= lim {
		return -1
	}
	if f.lit != nil {
		if i := lastIndex(buf, max(0, lim+1-len(f.lit)), p, f.lit); i >= 0 {
			return i + len(f.lit)
		}
		return -1
	}
	if f.one >= 0 {
		if i := bytes.LastIndexByte(buf[lim:p], byte(f.one)); i >= 0 {
			return lim + i + 1
		}
		return -1
	}
	for q := p; q > lim; q-- {
		if f.set[buf[q-1]] {
			return q
		}
	}
	return -1
}

// newPrefilter analyses the start of prog: the forward machine, whose
// first instructions match the start of a match, or the backward one, whose
// first instructions match its end. It returns nil when it knows nothing
// useful (an expression that can match the empty string, or starts with .).
//
// A byte set must let the scan stop only where the machine steps. Forward,
// it either holds every byte from 0x80 up or no UTF-8 continuation byte, so
// that the first byte the scan stops at begins a rune; backward, it holds
// only ASCII or every byte from 0x80 up, so that the scan stops after the
// last byte of a rune. So any rune past ASCII adds every byte from 0x80 up,
// except, forward, a valid rune, which adds its leading byte.
func newPrefilter(prog *prog, backward bool) *prefilter {
	f := &prefilter{one: -1}
	if lit := literalEdge(prog, backward); len(lit) > 0 {
		f.lit = lit
		return f
	}
	// The bytes a match can start (end) with: those of every rune the
	// first consuming instructions accept.
	seen := make([]bool, len(prog.inst))
	stack := []int32{prog.start}
	high := false // any byte >= 0x80
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &prog.inst[pc]
		switch in.op {
		case iEnd, iAny:
			return nil
		case iOr:
			stack = append(stack, in.next, in.right)
		case iBol, iEol, iLparen, iRparen, iNop:
			stack = append(stack, in.next)
		case iRune:
			if in.r < utf8.RuneSelf {
				f.set[in.r] = true
			} else if in.r >= rawRune || backward {
				high = true
			} else {
				var b [utf8.UTFMax]byte
				utf8.EncodeRune(b[:], in.r)
				f.set[b[0]] = true
			}
		case iClass:
			cl := in.class
			for c := rune(0); c < utf8.RuneSelf; c++ {
				if cl.match(c) {
					f.set[c] = true
				}
			}
			high = high || cl.negate
			for i := 1; i < len(cl.ranges); i += 2 {
				high = high || cl.ranges[i] >= utf8.RuneSelf
			}
			for _, r := range cl.runes {
				high = high || r >= utf8.RuneSelf
			}
		}
	}
	if high {
		for b := 0x80; b < 0x100; b++ {
			f.set[b] = true
		}
	}
	for b, in := range f.set {
		if in {
			f.nset++
			f.one = b
		}
	}
	if f.nset != 1 {
		f.one = -1
	}
	if f.nset == 0 || f.nset > 200 {
		return nil
	}
	return f
}

// literalEdge returns the literal every match starts with (backward: ends
// with), in text order, or nil.
func literalEdge(prog *prog, backward bool) []byte {
	var lit []byte
	for pc := prog.start; ; {
		in := &prog.inst[pc]
		switch in.op {
		case iBol, iEol, iLparen, iRparen:
			pc = in.next
			continue
		case iRune:
			var b [utf8.UTFMax]byte
			var enc []byte
			if in.r >= rawRune {
				// A byte that is not valid UTF-8 may be the tail of a
				// sequence in the text: never let the literal's edge be one.
				if len(lit) == 0 {
					return nil
				}
				b[0] = byte(in.r - rawRune)
				enc = b[:1]
			} else {
				enc = b[:utf8.EncodeRune(b[:], in.r)]
			}
			if backward {
				for i := len(enc) - 1; i >= 0; i-- {
					lit = append(lit, enc[i])
				}
			} else {
				lit = append(lit, enc...)
			}
			pc = in.next
			continue
		}
		break
	}
	if backward {
		for i, j := 0, len(lit)-1; i < j; i, j = i+1, j-1 {
			lit[i], lit[j] = lit[j], lit[i]
		}
	}
	return lit
}

// lastIndex returns the start of the last occurrence of lit in buf[lo:hi],
// or -1. bytes.LastIndex has no vectorised form; searching windows that
// double in size, from hi down, with the vectorised bytes.Index keeps a
// backward search as fast as a forward one, and its cost proportional to
// the distance to the occurrence.
func lastIndex(buf []byte, lo, hi int, lit []byte) int {
	if len(lit) == 1 {
		if i := bytes.LastIndexByte(buf[lo:hi], lit[0]); i >= 0 {
			return lo + i
		}
		return -1
	}
	for b, w := hi, 256; b > lo; b, w = max(lo, b-w), 2*w {
		a := max(lo, b-w)
		// Occurrences that start before a but end after it belong to this
		// window too, so that none falls between two.
		s := max(lo, a-len(lit)+1)
		last := -1
		for i := s; i < b; {
			j := bytes.Index(buf[i:b], lit)
			if j < 0 {
				break
			}
			last = i + j
			i = last + 1
		}
		if last >= 0 {
			return last
		}
	}
	return -1
}
