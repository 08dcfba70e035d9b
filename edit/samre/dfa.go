package samre

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"unicode/utf8"
)

// A dfa caches the steps of sam's machine. sam's machine is not a plain
// leftmost-longest matcher: which thread survives when two reach the same
// instruction depends on the order of the threads in the list and on which
// of them started first (see threadList.add). But nothing else about the
// starts matters, only their order. So a step of the machine is a function
// of the list of (instruction, rank of start) pairs, the rune read and the
// assertions that hold: a dfa state is such a list, and a transition
// records the next list, the threads that reached a match, and where each
// rank of the next list came from. Running the dfa is running sam's machine
// exactly, without submatches, at the cost of a few table lookups a rune.
type dfa struct {
	prog     *prog
	backward bool
	useFlag  bool // the program has the assertion the flag input decides
	max      int  // the machine's bound on a thread list

	tests  []*inst        // the instructions that read a rune
	ascii  [128]int32     // class of each ASCII rune
	eof    int32          // class of "no rune" (-1)
	other  map[rune]int32 // classes of the other runes seen
	sigs   map[string]int32
	rep    []rune // a rune of each class
	states map[string]*dstate
	empty  *dstate

	// overflows counts the runs that gave up because the cache filled;
	// after a few, the machine runs without the dfa.
	overflows int

	// scratch for computing a step
	tl, nl []dthread
	ends   []int32
}

// dthread is a thread of the abstract machine: key is the rank of its start
// among the starts of the list (the new thread's is the largest).
type dthread struct {
	pc  int32
	key int32
}

type dstate struct {
	threads []dthread
	nkeys   int32 // keys are 0..nkeys-1; a new thread gets nkeys
	next    []*dtrans
}

type dtrans struct {
	to   *dstate
	ends []int32 // keys of the threads that reached the end, in order
	from []int32 // for each key of to, the key it had here
	keep keepKind
}

// keepKind says how the keys of a transition's target relate to those of
// its source, for the common cases that need no renumbering.
type keepKind uint8

const (
	keepSame   keepKind = iota // from is 0, 1, ..., nkeys-1
	keepAppend                 // from is 0, 1, ..., nkeys: the new thread lives on
	keepOther
)

// maxStates bounds a dfa's cache; past it the cache starts over.
const maxStates = 4096

// maxOtherRunes bounds the cache of the classes of runes past ASCII.
const maxOtherRunes = 4096

func newDFA(p *prog, backward bool, max int) *dfa {
	d := &dfa{prog: p, backward: backward, max: max}
	for i := range p.inst {
		in := &p.inst[i]
		switch in.op {
		case iRune, iAny, iClass:
			d.tests = append(d.tests, in)
		case iBol:
			d.useFlag = d.useFlag || !backward
		case iEol:
			d.useFlag = d.useFlag || backward
		}
	}
	d.reset()
	return d
}

func (d *dfa) reset() {
	d.other = map[rune]int32{}
	d.sigs = map[string]int32{}
	d.rep = d.rep[:0]
	d.states = map[string]*dstate{}
	for c := range rune(utf8.RuneSelf) {
		d.ascii[c] = d.classOf(c)
	}
	d.eof = d.classOf(-1)
	d.empty = d.intern(nil)
}

// classOf returns the class of c: runes of one class pass the same tests.
func (d *dfa) classOf(c rune) int32 {
	sig := make([]byte, 0, len(d.tests)+2)
	for _, in := range d.tests {
		sig = append(sig, b2u(consumes(in, c)))
	}
	sig = append(sig, b2u(c == '\n'), b2u(c < 0))
	if id, ok := d.sigs[string(sig)]; ok {
		return id
	}
	id := int32(len(d.rep))
	d.sigs[string(sig)] = id
	d.rep = append(d.rep, c)
	return id
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// class returns the class of the rune c.
func (d *dfa) class(c rune) int32 {
	if c >= 0 && c < utf8.RuneSelf {
		return d.ascii[c]
	}
	if c < 0 {
		return d.eof
	}
	if id, ok := d.other[c]; ok {
		return id
	}
	if len(d.other) >= maxOtherRunes {
		clear(d.other) // text in many scripts: keep the memory bounded
	}
	id := d.classOf(c)
	d.other[c] = id
	return id
}

// consumes reports whether the rune-reading instruction in takes c, as the
// machine's step decides it.
func consumes(in *inst, c rune) bool {
	switch in.op {
	case iRune:
		return in.r == c
	case iAny:
		return c != '\n'
	default:
		return c >= 0 && in.class.match(c)
	}
}

func (d *dfa) intern(threads []dthread) *dstate {
	key := make([]byte, 0, 8*len(threads))
	for _, t := range threads {
		key = binary.AppendUvarint(key, uint64(t.pc))
		key = binary.AppendUvarint(key, uint64(t.key))
	}
	if st, ok := d.states[string(key)]; ok {
		return st
	}
	st := &dstate{threads: slices.Clone(threads)}
	for _, t := range threads {
		st.nkeys = max(st.nkeys, t.key+1)
	}
	d.states[string(key)] = st
	return st
}

// transition returns the step from st on a rune of class cls, with the
// flag assertion (forward ^, backward $) holding or not, and a new thread
// injected or not.
func (d *dfa) transition(st *dstate, cls int32, flag, inject bool) *dtrans {
	i := int(cls)<<2 | int(b2u(flag))<<1 | int(b2u(inject))
	if i < len(st.next) {
		if tr := st.next[i]; tr != nil {
			return tr
		}
	} else {
		st.next = append(st.next, make([]*dtrans, i+1-len(st.next))...)
	}
	tr := d.step(st, d.rep[cls], flag, inject)
	st.next[i] = tr
	return tr
}

// add is threadList.add on abstract threads.
func (d *dfa) add(l []dthread, pc, key int32, from int) []dthread {
	for i := len(l) - 1; i >= from; i-- {
		if l[i].pc == pc {
			if key < l[i].key {
				l[i].key = key
			}
			return l
		}
	}
	if len(l) >= d.max {
		return l
	}
	return append(l, dthread{pc, key})
}

// step is one step of machine.forward or machine.backward on abstract
// threads; the two must stay in agreement.
func (d *dfa) step(st *dstate, c rune, flag, inject bool) *dtrans {
	prog := d.prog.inst
	tl := append(d.tl[:0], st.threads...)
	nl := d.nl[:0]
	ends := d.ends[:0]
	if inject {
		tl = d.add(tl, d.prog.start, st.nkeys, 0)
	}
	for i := 0; i < len(tl); i++ {
		pc := tl[i].pc
	step:
		key := tl[i].key
		in := &prog[pc]
		switch in.op {
		case iRune, iAny, iClass:
			if consumes(in, c) {
				nl = d.add(nl, in.next, key, 0)
			}
		case iBol:
			if d.backward && (c == '\n' || c < 0) || !d.backward && flag {
				pc = in.next
				goto step
			}
		case iEol:
			if d.backward && flag || !d.backward && c == '\n' {
				pc = in.next
				goto step
			}
		case iOr:
			from := 0
			if d.backward {
				from = i
			}
			tl = d.add(tl, in.right, key, from)
			pc = in.next
			goto step
		case iLparen, iRparen:
			pc = in.next
			goto step
		case iEnd:
			ends = append(ends, key)
		}
	}
	// Renumber the keys of the next list 0, 1, ... in the order of the
	// starts they stand for.
	var keys []int32
	for _, t := range nl {
		if !slices.Contains(keys, t.key) {
			keys = append(keys, t.key)
		}
	}
	slices.Sort(keys)
	for i := range nl {
		nl[i].key = int32(slices.Index(keys, nl[i].key))
	}
	tr := &dtrans{to: d.intern(nl), from: keys, keep: keepOther}
	ident := true
	for i, k := range keys {
		ident = ident && k == int32(i)
	}
	switch {
	case ident && len(keys) == int(st.nkeys):
		tr.keep = keepSame
	case ident && len(keys) == int(st.nkeys)+1:
		tr.keep = keepAppend
	}
	if len(ends) > 0 {
		tr.ends = slices.Clone(ends)
	}
	d.tl, d.nl, d.ends = tl, nl, ends
	return tr
}

// run runs the dfa as machine.forward (or machine.backward) would run,
// with the same arguments, and leaves the match in m.best[0:2]. It also
// returns the last position at which the machine had no live thread before
// the match: running the machine from there gives the same match, with its
// submatches. ok is false when the cache overflowed; the caller must then
// run the machine itself.
func (d *dfa) run(m *machine, re *Regexp, buf []byte, from, end, lim int, incl bool) (matched bool, restart int, ok bool) {
	if len(d.states) > maxStates {
		d.reset()
	}
	if d.backward {
		return d.runBackward(m, re, buf, from, end, lim, incl)
	}
	return d.runForward(m, re, buf, from, end, lim, incl)
}

// next returns the transition from st, computing it if need be; nil when
// the cache overflowed.
func (d *dfa) next(st *dstate, cls int32, flag, inject bool) *dtrans {
	i := int(cls)<<2 | int(b2u(flag))<<1 | int(b2u(inject))
	if i < len(st.next) {
		if tr := st.next[i]; tr != nil {
			return tr
		}
	}
	tr := d.transition(st, cls, flag, inject)
	if len(d.states) > maxStates {
		d.overflows++
		return nil
	}
	return tr
}

func (d *dfa) runForward(m *machine, re *Regexp, buf []byte, from, end, lim int, incl bool) (matched bool, restart int, ok bool) {
	startEnd := lim // threads start below startEnd
	if incl {
		startEnd++
	}
	m.litAt = -1 // not looked for yet
	lineLits := re.lineLits
	if end-from < minLineSkip {
		lineLits = nil
	}
	st := d.empty
	starts, next := m.starts[:0], m.starts2[:0]
	best := m.best
	restart = from
	for p := from; p <= end; {
		if len(st.threads) == 0 {
			if matched || p >= startEnd {
				break
			}
			if lineLits != nil {
				if p = m.nextLine(lineLits, buf, p, end); p < 0 || p >= startEnd {
					break
				}
			}
			if re.fpre != nil {
				if p = re.fpre.next(buf, p, min(startEnd, end)); p < 0 {
					break
				}
			}
			restart = p
		}
		c, w := rune(-1), 1
		if p < len(buf) {
			if b := buf[p]; b < utf8.RuneSelf {
				c = rune(b)
			} else {
				c, w = decodeRune(buf[p:])
			}
		}
		var cls int32
		if c >= 0 && c < utf8.RuneSelf {
			cls = d.ascii[c]
		} else {
			cls = d.class(c)
		}
		flag := d.useFlag && (p == 0 || buf[p-1] == '\n')
		inject := !matched && p < startEnd
		var tr *dtrans
		if i := int(cls)<<2 | int(b2u(flag))<<1 | int(b2u(inject)); i < len(st.next) {
			tr = st.next[i]
		}
		if tr == nil {
			if tr = d.next(st, cls, flag, inject); tr == nil {
				return false, 0, false
			}
		}
		for _, k := range tr.ends {
			s := p
			if k < st.nkeys {
				s = starts[k]
			}
			if !matched || s < best[0] || s == best[0] && p > best[1] {
				best[0], best[1] = s, p
			}
			matched = true
		}
		if tr.keep != keepSame {
			starts, next = tr.remap(starts, next, st.nkeys, p)
		}
		st = tr.to
		p += w
	}
	m.starts, m.starts2 = starts, next
	return matched, restart, true
}

func (d *dfa) runBackward(m *machine, re *Regexp, buf []byte, from, end, lim int, incl bool) (matched bool, restart int, ok bool) {
	startEnd := lim // threads start above startEnd
	if incl {
		startEnd--
	}
	m.litAt = math.MaxInt // not looked for yet
	lineLits := re.lineLits
	if from-end < minLineSkip {
		lineLits = nil
	}
	st := d.empty
	starts, next := m.starts[:0], m.starts2[:0]
	best := m.best
	restart = from
	for p := from; p >= end; {
		if len(st.threads) == 0 {
			if matched || p <= startEnd {
				break
			}
			if lineLits != nil {
				if p = m.prevLine(lineLits, buf, p, end); p < 0 || p <= startEnd {
					break
				}
			}
			if re.bpre != nil {
				if p = re.bpre.prev(buf, p, max(startEnd, end)); p < 0 {
					break
				}
			}
			restart = p
		}
		c, w := rune(-1), 1
		if p > 0 {
			if b := buf[p-1]; b < utf8.RuneSelf {
				c = rune(b)
			} else {
				c, w = decodeLastRune(buf[:p])
			}
		}
		var cls int32
		if c >= 0 && c < utf8.RuneSelf {
			cls = d.ascii[c]
		} else {
			cls = d.class(c)
		}
		flag := d.useFlag && (p == len(buf) || buf[p] == '\n')
		inject := !matched && p > startEnd
		var tr *dtrans
		if i := int(cls)<<2 | int(b2u(flag))<<1 | int(b2u(inject)); i < len(st.next) {
			tr = st.next[i]
		}
		if tr == nil {
			if tr = d.next(st, cls, flag, inject); tr == nil {
				return false, 0, false
			}
		}
		for _, k := range tr.ends {
			s := p
			if k < st.nkeys {
				s = starts[k]
			}
			if !matched || s > best[1] || s == best[1] && p < best[0] {
				best[0], best[1] = p, s
			}
			matched = true
		}
		if tr.keep != keepSame {
			starts, next = tr.remap(starts, next, st.nkeys, p)
		}
		st = tr.to
		p -= w
	}
	m.starts, m.starts2 = starts, next
	return matched, restart, true
}

// remap gives the starts of the ranks of tr's target, from those of its
// source (nkeys of them) and the position p of the new thread.
func (tr *dtrans) remap(starts, next []int, nkeys int32, p int) ([]int, []int) {
	if tr.keep == keepAppend {
		return append(starts, p), next
	}
	next = next[:0]
	for _, k := range tr.from {
		if k < nkeys {
			next = append(next, starts[k])
		} else {
			next = append(next, p)
		}
	}
	return next, starts
}

// Line skipping. When an expression cannot match a newline, each match
// lies within a line and holds one of the expression's literals. Lines
// without any literal need not be looked at: no thread lives across a
// newline, so the machine is empty at the start of every line, and threads
// started in such a line never reach a match (so, as for prefilters, they
// cannot change one that does).

// maxLineLits bounds the literals line skipping looks for.
const maxLineLits = 8

// minLineSkip is the length of text below which line skipping is not
// worth its setting up.
const minLineSkip = 256

// lineLiterals returns the literals to skip lines by, or nil.
func lineLiterals(p *prog, lits [][]byte) [][]byte {
	if lits == nil || len(lits) > maxLineLits {
		return nil
	}
	for i := range p.inst {
		in := &p.inst[i]
		if (in.op == iRune || in.op == iClass) && consumes(in, '\n') {
			return nil
		}
	}
	return lits
}

// The literal search looks through windows that double in size, so that
// a search costs what the distance to the nearest occurrence of any literal
// costs, not the distance to the end of the text.
const firstWindow = 1 << 10

// nextLine returns the start of the first line, at or after p, that holds
// a literal ending by end (or p, if p's line does), or -1. m.litAt caches
// the first occurrence of a literal at or after the previous p, or -1.
func (m *machine) nextLine(lits [][]byte, buf []byte, p, end int) int {
	q := m.litAt
	if q < p {
		q = math.MaxInt
		longest := 0
		for _, lit := range lits {
			longest = max(longest, len(lit))
		}
		for a, w := p, firstWindow; a < end && q == math.MaxInt; a, w = a+w, 2*w {
			b := min(end, a+w)
			for _, lit := range lits {
				if j := bytes.Index(buf[a:min(end, b+longest-1)], lit); j >= 0 && a+j < b {
					q = min(q, a+j)
				}
			}
		}
		m.litAt = q
	}
	if q == math.MaxInt {
		return -1
	}
	return p + bytes.LastIndexByte(buf[p:q], '\n') + 1
}

// prevLine is nextLine backward: the end of the last line, at or before
// p, that holds a literal starting at or after end (or p, if p's line
// does), or -1. m.litAt caches the end of the last occurrence of a literal
// at or before the previous p, or math.MaxInt.
func (m *machine) prevLine(lits [][]byte, buf []byte, p, end int) int {
	q := m.litAt
	if q > p {
		q = -1
		longest := 0
		for _, lit := range lits {
			longest = max(longest, len(lit))
		}
		for b, w := p, firstWindow; b > end && q < 0; b, w = b-w, 2*w {
			a := max(end, b-w)
			lo := max(end, a-longest+1)
			for _, lit := range lits {
				if j := lastIndex(buf, lo, b, lit); j >= 0 && j+len(lit) > a {
					q = max(q, j+len(lit))
				}
			}
		}
		m.litAt = q
	}
	if q < 0 {
		return -1
	}
	if j := bytes.IndexByte(buf[q:p], '\n'); j >= 0 {
		return q + j
	}
	return p
}
