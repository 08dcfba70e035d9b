package samre

// threadList is one of the machine's two lists of threads. Each thread is
// an instruction and its submatch record (se in sam), stored ncap ints apart
// in caps; caps[0] is the key that decides which of two threads reaching the
// same instruction survives: the start of the match, negated when running
// backward, smaller wins.
type threadList struct {
	pc   []int32
	caps []int
	// pos[pc] is the index of the latest thread at instruction pc, when
	// that thread is still in the list (a sparse set: checked against pc).
	pos []int32
}

// machine is the state of one search. Machines are pooled per Regexp.
type machine struct {
	ncap  int
	lists [2]threadList
	empty []int // the record of a new thread
	best  []int // the match so far (sel in sam), in text order
	max   int   // bound on the length of a thread list

	fdfa, bdfa      *dfa  // caches of the forward and backward machines' steps
	starts, starts2 []int // for the dfas: the start of each rank
	litAt           int   // for line skipping: where a literal occurs
}

func newMachine(ninst, ncap int) *machine {
	m := &machine{ncap: ncap}
	// A forward list holds each instruction at most once. sam's backward
	// machine can queue an instruction twice (it looks for duplicates only
	// from the current thread on), even without end for some expressions,
	// which sam reports as "reg. exp. list overflow" once a list holds 127
	// threads. Allow more than that, so that every search sam completes
	// runs here as it does in sam, and stop there.
	m.max = ninst + 128
	for i := range m.lists {
		l := &m.lists[i]
		l.pc = make([]int32, 0, m.max)
		l.caps = make([]int, 0, m.max*ncap)
		l.pos = make([]int32, ninst)
	}
	m.empty = make([]int, ncap)
	for i := range m.empty {
		m.empty[i] = -1 // groups not (yet) matched
	}
	m.best = make([]int, ncap)
	return m
}

func (l *threadList) reset() {
	l.pc = l.pc[:0]
	l.caps = l.caps[:0]
}

// add queues the thread (pc, se) unless a thread at pc is already queued at
// or after index from; then the queued thread takes se if se's key is
// smaller (sam's addinst, including its quirk of updating a thread that may
// already have run).
func (l *threadList) add(pc int32, se []int, from, ncap, max int) {
	if i := int(l.pos[pc]); i < len(l.pc) && i >= from && l.pc[i] == pc {
		if se[0] < l.caps[i*ncap] {
			copy(l.caps[i*ncap:i*ncap+ncap], se)
		}
		return
	}
	if len(l.pc) >= max {
		return
	}
	l.pos[pc] = int32(len(l.pc))
	l.pc = append(l.pc, pc)
	l.caps = append(l.caps, se...)
}

// forward runs the machine as sam's execute does, over positions from to
// end inclusive (the rune at end, if any, is read but cannot end up in a
// match). A thread starts at p, while there is no match yet, when p < lim,
// or p == lim and incl. It reports whether there was a match; m.best holds it.
func (m *machine) forward(re *Regexp, buf []byte, from, end, lim int, incl bool) bool {
	prog := re.fwd.inst
	start := re.fwd.start
	ncap, max := m.ncap, m.max
	tl, nl := &m.lists[0], &m.lists[1]
	tl.reset()
	nl.reset()
	matched := false
	startEnd := lim // starts are allowed below startEnd
	if incl {
		startEnd++
	}
	for p := from; p <= end; {
		if len(tl.pc) == 0 {
			// No live thread: skip to the next place a match can start.
			if matched || p >= startEnd {
				break
			}
			if re.fpre != nil {
				q := re.fpre.next(buf, p, min(startEnd, end))
				if q < 0 {
					break
				}
				p = q
			}
		}
		c, w := rune(-1), 1
		if p < len(buf) {
			c, w = decodeRune(buf[p:])
		}
		if !matched && p < startEnd {
			m.empty[0] = p
			tl.add(start, m.empty, 0, ncap, max)
		}
		nl.reset()
		for i := 0; i < len(tl.pc); i++ {
			se := tl.caps[i*ncap : i*ncap+ncap]
			pc := tl.pc[i]
		step:
			in := &prog[pc]
			switch in.op {
			case iRune:
				if in.r == c {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iAny:
				// As in sam, the end of text (c < 0) passes too; it is
				// harmless, as the machine stops there.
				if c != '\n' {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iClass:
				if c >= 0 && in.class.match(c) {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iBol:
				if p == 0 || buf[p-1] == '\n' {
					pc = in.next
					goto step
				}
			case iEol:
				if c == '\n' {
					pc = in.next
					goto step
				}
			case iOr:
				tl.add(in.right, se, 0, ncap, max)
				pc = in.next
				goto step
			case iLparen:
				if in.sub > 0 {
					se[2*int(in.sub)] = p
				}
				pc = in.next
				goto step
			case iRparen:
				if in.sub > 0 {
					se[2*int(in.sub)+1] = p
				}
				pc = in.next
				goto step
			case iEnd:
				se[1] = p
				if !matched || se[0] < m.best[0] || se[0] == m.best[0] && se[1] > m.best[1] {
					copy(m.best, se)
					matched = true
				}
			}
		}
		tl, nl = nl, tl
		p += w
	}
	return matched
}

// backward runs the reversed machine as sam's bexecute does, over positions
// from down to end inclusive; the rune before p is the one read at p. A
// thread starts at p, while there is no match yet, when p > lim, or p == lim
// and incl.
func (m *machine) backward(re *Regexp, buf []byte, from, end, lim int, incl bool) bool {
	prog := re.bwd.inst
	start := re.bwd.start
	ncap, max := m.ncap, m.max
	tl, nl := &m.lists[0], &m.lists[1]
	tl.reset()
	nl.reset()
	matched := false
	startEnd := lim // starts are allowed above startEnd
	if incl {
		startEnd--
	}
	for p := from; p >= end; {
		if len(tl.pc) == 0 {
			if matched || p <= startEnd {
				break
			}
			if re.bpre != nil {
				q := re.bpre.prev(buf, p, max0(startEnd, end))
				if q < 0 {
					break
				}
				p = q
			}
		}
		c, w := rune(-1), 1
		if p > 0 {
			c, w = decodeLastRune(buf[:p])
		}
		if !matched && p > startEnd {
			m.empty[0] = -p
			tl.add(start, m.empty, 0, ncap, max)
		}
		nl.reset()
		for i := 0; i < len(tl.pc); i++ {
			se := tl.caps[i*ncap : i*ncap+ncap]
			pc := tl.pc[i]
		step:
			in := &prog[pc]
			switch in.op {
			case iRune:
				if in.r == c {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iAny:
				if c != '\n' {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iClass:
				if c >= 0 && in.class.match(c) {
					nl.add(in.next, se, 0, ncap, max)
				}
			case iBol:
				if c == '\n' || p == 0 {
					pc = in.next
					goto step
				}
			case iEol:
				if p == len(buf) || buf[p] == '\n' {
					pc = in.next
					goto step
				}
			case iOr:
				// sam looks for a duplicate only from the current thread on.
				tl.add(in.right, se, i, ncap, max)
				pc = in.next
				goto step
			case iLparen:
				if in.sub > 0 {
					se[2*int(in.sub)] = p
				}
				pc = in.next
				goto step
			case iRparen:
				if in.sub > 0 {
					se[2*int(in.sub)+1] = p
				}
				pc = in.next
				goto step
			case iEnd:
				se[0] = -se[0]
				se[1] = p
				// The match whose end is nearest the start of the search
				// wins; of those, the longest.
				if !matched || se[0] > m.best[1] || se[0] == m.best[1] && se[1] < m.best[0] {
					for k := 0; k < ncap; k += 2 {
						m.best[k], m.best[k+1] = se[k+1], se[k]
					}
					matched = true
				}
			}
		}
		tl, nl = nl, tl
		p -= w
	}
	return matched
}

func max0(a, b int) int {
	if a > b {
		return a
	}
	return b
}
