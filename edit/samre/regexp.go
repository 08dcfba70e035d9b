package samre

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"
)

// Regexp is a compiled sam regular expression. It is safe for concurrent
// use by many goroutines.
type Regexp struct {
	expr  string
	tree  *node
	nsub  int
	ncap  int   // ints per submatch record: 2 × (groups reported + 1)
	fwd   *prog // forward machine
	bwd   *prog // backward machine
	fpre  *prefilter
	bpre  *prefilter
	lits  [][]byte
	pool  sync.Pool // of *machine
	ninst int
	// lit is the whole expression when it is a plain string: then a search
	// is a bytes.Index.
	lit []byte
	// lineLits are the literals by which the dfa skips lines that cannot
	// hold a match (see lineLiterals), or nil.
	lineLits [][]byte
	// useDFA runs searches on the cached steps of the machine (see dfa);
	// tests turn it off to compare with the plain machine.
	useDFA bool
}

// Compile parses a sam regular expression. Syntax errors are *Error.
func Compile(expr string) (*Regexp, error) {
	tree, nsub, err := parse(expr)
	if err != nil {
		return nil, err
	}
	re := &Regexp{
		expr: expr,
		tree: tree,
		nsub: nsub,
		ncap: 2 * (min(nsub, 9) + 1),
		fwd:  compileProg(tree, false),
		bwd:  compileProg(tree, true),
	}
	re.ninst = max(len(re.fwd.inst), len(re.bwd.inst))
	re.fpre = newPrefilter(re.fwd, false)
	re.bpre = newPrefilter(re.bwd, true)
	re.lits = literals(tree)
	re.lit = plainString(tree)
	re.lineLits = lineLiterals(re.fwd, re.lits)
	re.useDFA = true
	return re, nil
}

// MustCompile is Compile for expressions known to be valid; it panics on
// an error.
func MustCompile(expr string) *Regexp {
	re, err := Compile(expr)
	if err != nil {
		panic(err)
	}
	return re
}

// String returns the expression re was compiled from.
func (re *Regexp) String() string { return re.expr }

// NumSubexp returns the number of parenthesised groups in re. Only the
// first nine are reported in matches, as in sam.
func (re *Regexp) NumSubexp() int { return re.nsub }

// plainString returns the text n matches when n is a concatenation of
// literal runes, all valid UTF-8, else nil. Such an expression has one
// match at each place its text occurs, and sam's machine finds the first.
func plainString(n *node) []byte {
	var lit []byte
	var walk func(n *node) bool
	walk = func(n *node) bool {
		switch {
		case n == nil:
			return false
		case n.op == nLit && n.r < rawRune:
			lit = utf8.AppendRune(lit, n.r)
			return true
		case n.op == nCat:
			return walk(n.x) && walk(n.y)
		}
		return false
	}
	if !walk(n) {
		return nil
	}
	return lit
}

// maxOverflows is how many times a machine's dfa may fill its cache before
// the machine stops using it: expressions that need that many states are
// rare, and building states costs more than running the plain machine.
const maxOverflows = 3

// forward runs the forward machine (see machine.forward), on the dfa when
// it can.
func (re *Regexp) forward(mc *machine, buf []byte, from, end, lim int, incl bool) bool {
	if re.useDFA && (mc.fdfa == nil || mc.fdfa.overflows < maxOverflows) {
		if mc.fdfa == nil {
			mc.fdfa = newDFA(re.fwd, false, mc.max)
		}
		if matched, restart, ok := mc.fdfa.run(mc, re, buf, from, end, lim, incl); ok {
			if !matched || re.ncap == 2 {
				return matched
			}
			from = restart
		}
	}
	return mc.forward(re, buf, from, end, lim, incl)
}

// backward is forward for the backward machine.
func (re *Regexp) backward(mc *machine, buf []byte, from, end, lim int, incl bool) bool {
	if re.useDFA && (mc.bdfa == nil || mc.bdfa.overflows < maxOverflows) {
		if mc.bdfa == nil {
			mc.bdfa = newDFA(re.bwd, true, mc.max)
		}
		if matched, restart, ok := mc.bdfa.run(mc, re, buf, from, end, lim, incl); ok {
			if !matched || re.ncap == 2 {
				return matched
			}
			from = restart
		}
	}
	return mc.backward(re, buf, from, end, lim, incl)
}

// litResult returns the match of the plain string at i, or nil if i < 0.
func (re *Regexp) litResult(i int, m []int) []int {
	if i < 0 {
		return nil
	}
	if cap(m) < 2 {
		m = make([]int, 2)
	}
	m = m[:2]
	m[0], m[1] = i, i+len(re.lit)
	return m
}

// index and lastIndex find the plain string in buf[lo:hi].
func (re *Regexp) index(buf []byte, lo, hi int) int {
	if i := bytes.Index(buf[lo:hi], re.lit); i >= 0 {
		return lo + i
	}
	return -1
}

func (re *Regexp) lastIndex(buf []byte, lo, hi int) int {
	return lastIndex(buf, lo, hi, re.lit)
}

func (re *Regexp) get() *machine {
	if m, ok := re.pool.Get().(*machine); ok {
		return m
	}
	return newMachine(re.ninst, re.ncap)
}

// result copies the machine's match into m, reusing m's storage.
func (re *Regexp) result(mc *machine, m []int) []int {
	if cap(m) < re.ncap {
		m = make([]int, re.ncap)
	}
	m = m[:re.ncap]
	copy(m, mc.best)
	return m
}

func checkBounds(buf []byte, lo, hi, from int) {
	if lo < 0 || lo > from || from > hi || hi > len(buf) {
		panic(fmt.Sprintf("samre: bad bounds lo=%d from=%d hi=%d len=%d", lo, from, hi, len(buf)))
	}
}

// Find returns the match sam's forward search finds in buf[lo:hi] from
// from (execute in sam's regexp.c, bounded by hi): the leftmost match
// starting at or after from, the longest of those (as far as sam's machine
// goes: see the package doc), lying wholly before hi.
// A match may start at hi only when from == hi (so an x loop sees an empty
// match at the end of its range once, as sam's does). ^ and $ test the real
// bytes of buf around a position, also outside [lo,hi): ^ holds at 0 and
// after a newline, $ before a newline (never at len(buf) in this direction).
//
// The result holds the match in m[0], m[1] and group k in m[2k], m[2k+1]
// for k up to min(NumSubexp(), 9); -1 marks a group that took no part in the
// match. Find reuses m's storage when it is large enough. It returns nil
// when there is no match. It panics unless 0 <= lo <= from <= hi <= len(buf).
func (re *Regexp) Find(buf []byte, lo, hi, from int, m []int) []int {
	checkBounds(buf, lo, hi, from)
	if re.lit != nil {
		return re.litResult(re.index(buf, from, hi), m)
	}
	mc := re.get()
	defer re.pool.Put(mc)
	if !re.forward(mc, buf, from, hi, hi, from == hi) {
		return nil
	}
	return re.result(mc, m)
}

// FindBackward returns the match sam's backward search finds in
// buf[lo:hi] from from (bexecute in sam's regexp.c, bounded by lo, which
// sam's own never is): the match whose end is nearest before from, the
// longest of those (as far as sam's machine goes), lying wholly at or after
// lo. The expression runs reversed, from from toward lo, so
// among matches ending at the same place the one reaching furthest back
// wins. A match may end at lo only when from == lo. ^ holds at 0 and after a
// newline, $ before a newline and at len(buf). Results are as for Find.
func (re *Regexp) FindBackward(buf []byte, lo, hi, from int, m []int) []int {
	checkBounds(buf, lo, hi, from)
	if re.lit != nil {
		return re.litResult(re.lastIndex(buf, lo, from), m)
	}
	mc := re.get()
	defer re.pool.Put(mc)
	if !re.backward(mc, buf, from, lo, lo, from == lo) {
		return nil
	}
	return re.result(mc, m)
}

// Search is sam's forward address search /re/ from from (execute with no
// bound): the first match starting in [from, len(buf)), or else, wrapping
// around, the first starting in [0, from). A match never starts at
// len(buf), as in sam: in "a\n", /^/ from 1 finds the empty match at 0.
// Skipping an empty match exactly at from (sam's nextmatch) is the caller's
// business. Results are as for Find.
func (re *Regexp) Search(buf []byte, from int, m []int) []int {
	checkBounds(buf, 0, len(buf), from)
	if re.lit != nil {
		i := re.index(buf, from, len(buf))
		if i < 0 {
			i = re.index(buf, 0, min(len(buf), from-1+len(re.lit)))
		}
		return re.litResult(i, m)
	}
	mc := re.get()
	defer re.pool.Put(mc)
	if !re.forward(mc, buf, from, len(buf), len(buf), false) &&
		!re.forward(mc, buf, 0, len(buf), from, false) {
		return nil
	}
	return re.result(mc, m)
}

// SearchBackward is sam's backward address search ?re? from from
// (bexecute): the match ending nearest before from, ending in (0, from],
// or else, wrapping around, the one ending nearest before len(buf) in
// (from, len(buf)]. A match never ends at 0, as in sam. Results are as for
// Find.
func (re *Regexp) SearchBackward(buf []byte, from int, m []int) []int {
	checkBounds(buf, 0, len(buf), from)
	if re.lit != nil {
		i := re.lastIndex(buf, 0, from)
		if i < 0 {
			i = re.lastIndex(buf, max(0, from+1-len(re.lit)), len(buf))
		}
		return re.litResult(i, m)
	}
	mc := re.get()
	defer re.pool.Put(mc)
	if !re.backward(mc, buf, from, 0, 0, false) &&
		!re.backward(mc, buf, len(buf), 0, from, false) {
		return nil
	}
	return re.result(mc, m)
}

// Literals returns byte strings at least one of which every match of re
// contains, or nil when no such set is known (as for .* or a|.). Callers
// use it to skip whole files that cannot match. The strings are shared: do
// not modify them.
func (re *Regexp) Literals() [][]byte { return re.lits }
