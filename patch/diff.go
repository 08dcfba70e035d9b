package patch

import (
	"bytes"
	"hash/maphash"
	"sort"
)

// This file computes line differences the way git's xdiff library does
// (xdiff/xprepare.c, xdiff/xdiffi.c, git v2.39), so that Render prints the
// same hunks as `git diff`. Equal-cost diffs are common (a moved blank
// line, a duplicated closing brace), and which of them a tool picks is
// decided by details: the records xdiff discards before running Myers, the
// direction the middle snake is searched in, its cost cut-offs, and the
// sliding of change groups afterwards. Each step below mirrors the named
// xdiff function; the code is written afresh from the algorithm.

// Tuning constants of xdiff (xdiff/xdiffi.c and xdiff/xprepare.c).
const (
	maxCostMin    = 256  // XDL_MAX_COST_MIN: least edit cost before giving up on minimality
	heurMinCost   = 256  // XDL_HEUR_MIN_COST: edit cost from which snakes are sampled
	snakeCnt      = 20   // XDL_SNAKE_CNT: length of a snake worth keeping
	kHeur         = 4    // XDL_K_HEUR
	maxEqLimit    = 1024 // XDL_MAX_EQLIMIT: cap on "too many matches"
	simScanWindow = 100  // XDL_SIMSCAN_WINDOW
	kpDisRun      = 4    // XDL_KPDIS_RUN

	maxIndent  = 200 // MAX_INDENT of the indent heuristic
	maxBlanks  = 20  // MAX_BLANKS
	maxSliding = 100 // INDENT_HEURISTIC_MAX_SLIDING
)

// text is one side of a diff split into lines. A line keeps its "\n" (and
// any "\r" before it); the last line may lack one. Two lines are equal
// only when their bytes are, so "x" at end of file differs from "x\n",
// as in git.
type text struct {
	data   []byte
	starts []int  // starts[i] is where line i begins; starts[n] == len(data)
	chg    []byte // chg[i+1] is 1 when line i is changed; chg[0] and chg[n+1] stay 0
}

func newText(data []byte) *text {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	starts := make([]int, 0, n+1)
	for off := 0; off < len(data); {
		starts = append(starts, off)
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			off = len(data)
		} else {
			off += i + 1
		}
	}
	starts = append(starts, len(data))
	return &text{data: data, starts: starts, chg: make([]byte, n+2)}
}

// newTexts splits both sides of a diff into lines. The new side's line
// starts inside the byte prefix and suffix the two have in common are
// taken from the old side instead of being searched for again, which
// halves the cost for a large file with a small change.
func newTexts(a, b []byte) (x, y *text) {
	x = newText(a)
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	// Lines of a that start at or before p start at the same place in b:
	// the newlines before them are common.
	k := sort.SearchInts(x.starts, p+1) // x.starts[:k] <= p
	if k > 0 && x.starts[k-1] == len(a) {
		k-- // the end of a is not a line start of b
	}
	starts := make([]int, k, len(x.starts)+max(len(b)-len(a), 0)/16+1)
	copy(starts, x.starts[:k])
	off := 0
	if k > 0 {
		off = starts[k-1]
		starts = starts[:k-1]
	}
	shift := len(b) - len(a)
	for off < len(b) {
		// A line start after a newline of the common suffix is a
		// line start of a too, and so are all later ones.
		if off > 0 && off-1 >= len(b)-s {
			if m := sort.SearchInts(x.starts, off-shift); m < len(x.starts) && x.starts[m] == off-shift {
				for _, st := range x.starts[m : len(x.starts)-1] {
					starts = append(starts, st+shift)
				}
				break
			}
		}
		starts = append(starts, off)
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			off = len(b)
		} else {
			off += i + 1
		}
	}
	starts = append(starts, len(b))
	return x, &text{data: b, starts: starts, chg: make([]byte, len(starts)+1)}
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	const blk = 256
	i := 0
	for i+blk <= n && bytes.Equal(a[i:i+blk], b[i:i+blk]) {
		i += blk
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix is the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	const blk = 256
	i := 0
	for i+blk <= n && bytes.Equal(a[len(a)-i-blk:len(a)-i], b[len(b)-i-blk:len(b)-i]) {
		i += blk
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

func (t *text) nrec() int          { return len(t.starts) - 1 }
func (t *text) line(i int) []byte  { return t.data[t.starts[i]:t.starts[i+1]] }
func (t *text) changed(i int) bool { return t.chg[i+1] != 0 }

func (t *text) setChanged(i int, v bool) {
	t.chg[i+1] = 0
	if v {
		t.chg[i+1] = 1
	}
}

// nextChanged returns the first changed line at or after line i, or
// nrec when there is none.
func (t *text) nextChanged(i int) int {
	if i >= t.nrec() {
		return t.nrec()
	}
	if k := bytes.IndexByte(t.chg[i+1:t.nrec()+1], 1); k >= 0 {
		return i + k
	}
	return t.nrec()
}

// change is one block of the edit script: old lines [i1, i1+n1) are
// replaced by new lines [i2, i2+n2). Lines are 0-based.
type change struct {
	i1, i2, n1, n2 int
}

// lineDiff marks the changed lines of x and y and returns the edit script,
// as xdl_diff does for `git diff` (Myers with xdiff's heuristics, then
// xdl_change_compact with the indent heuristic on both sides).
func lineDiff(x, y *text, minimal bool) []change {
	prepareAndDiff(x, y, minimal)
	compact(x, y)
	compact(y, x)
	return buildScript(x, y)
}

// prepareAndDiff mirrors xdl_prepare_env, xdl_trim_ends,
// xdl_cleanup_records and xdl_do_diff. Unlike xdiff it classifies only the
// lines between the common prefix and suffix, which keeps a large file
// with a small change cheap; the prefix and suffix are still counted when
// deciding how many matches a line has, so the result is the same.
func prepareAndDiff(x, y *text, minimal bool) {
	n1, n2 := x.nrec(), y.nrec()
	pre, suf := trimEnds(x, y)
	end1, end2 := n1-suf, n2-suf
	if pre == end1 && pre == end2 {
		return
	}

	// Classify the middle lines: equal lines get the same id.
	cl := newClassifier(x, y, end1-pre)
	ha1 := make([]int32, end1-pre)
	for i := pre; i < end1; i++ {
		id := cl.classify(x, i, true)
		ha1[i-pre] = id
		cl.cnt1[id]++
	}
	// Most lines of y sit on a diagonal of x (the text between two
	// changes); comparing with the line there is cheaper than the table.
	// The diagonal follows the last line found that is unique in x.
	ha2 := make([]int32, end2-pre)
	delta := 0 // x line = y line + delta
	for i := pre; i < end2; i++ {
		var id int32 = -1
		if j := i + delta; j >= pre && j < end1 && bytes.Equal(y.line(i), x.line(j)) {
			id = ha1[j-pre]
		} else {
			id = cl.classify(y, i, true)
			if int(id) < cl.nx && cl.cnt1[id] == 1 {
				delta = int(cl.refs[id]) - i
			}
		}
		ha2[i-pre] = id
		cl.cnt2[id]++
	}
	// The prefix and suffix are the same in both files; a line there
	// counts once on each side for any middle line equal to it.
	// Only lines as long as some middle line can be equal to one.
	var lens bitset
	for i := pre; i < end1; i++ {
		lens.set(x.starts[i+1] - x.starts[i])
	}
	for i := pre; i < end2; i++ {
		lens.set(y.starts[i+1] - y.starts[i])
	}
	for _, r := range [...][2]int{{0, pre}, {end1, n1}} {
		for i := r[0]; i < r[1]; i++ {
			if !lens.has(x.starts[i+1] - x.starts[i]) {
				continue
			}
			if id := cl.classify(x, i, false); id >= 0 {
				cl.cnt1[id]++
				cl.cnt2[id]++
			}
		}
	}
	cnt1, cnt2 := cl.cnt1, cl.cnt2

	// xdl_cleanup_records: lines without a match on the other side are
	// changed for sure; lines with very many matches are dropped when
	// they sit among such lines. Neither takes part in Myers.
	var ref1, ref2 []int32 // class ids of the kept lines
	var idx1, idx2 []int   // their line numbers
	discard := func(t *text, ha []int32, other []int, nrec int, ref *[]int32, idx *[]int) {
		mlim := bogoSqrt(nrec)
		if mlim > maxEqLimit {
			mlim = maxEqLimit
		}
		if minimal {
			mlim = int(^uint(0) >> 1)
		}
		dis := make([]byte, len(ha))
		*ref = make([]int32, 0, len(ha))
		*idx = make([]int, 0, len(ha))
		for i, id := range ha {
			switch nm := other[id]; {
			case nm == 0:
				dis[i] = 0
			case nm >= mlim:
				dis[i] = 2
			default:
				dis[i] = 1
			}
		}
		for i, id := range ha {
			if dis[i] == 1 || dis[i] == 2 && !cleanMultimatch(dis, i, 0, len(ha)-1) {
				*ref = append(*ref, id)
				*idx = append(*idx, pre+i)
			} else {
				t.setChanged(pre+i, true)
			}
		}
	}
	discard(x, ha1, cnt2, n1, &ref1, &idx1)
	discard(y, ha2, cnt1, n2, &ref2, &idx2)

	ndiags := len(ref1) + len(ref2) + 3
	m := &myers{
		a: ref1, b: ref2,
		kvdf:   make([]int, ndiags+1),
		kvdb:   make([]int, ndiags+1),
		koff:   len(ref2) + 1,
		mxcost: max(bogoSqrt(ndiags), maxCostMin),
		c1:     make([]bool, len(ref1)),
		c2:     make([]bool, len(ref2)),
	}
	m.compare(0, len(ref1), 0, len(ref2), minimal)
	for _, set := range [...]struct {
		t   *text
		idx []int
		chg []bool
	}{{x, idx1, m.c1}, {y, idx2, m.c2}} {
		for i, c := range set.chg {
			if c {
				set.t.setChanged(set.idx[i], true)
			}
		}
	}
}

// trimEnds mirrors xdl_trim_ends: it counts the equal lines at the start
// and, before them, at the end of x and y. Lines inside the common byte
// prefix and suffix are equal, so only the lines at the borders are
// compared.
func trimEnds(x, y *text) (pre, suf int) {
	n1, n2 := x.nrec(), y.nrec()
	lim := min(n1, n2)
	cp := commonPrefix(x.data, y.data)
	pre = min(max(sort.SearchInts(x.starts, cp+1)-2, 0), lim)
	for pre < lim && bytes.Equal(x.line(pre), y.line(pre)) {
		pre++
	}
	cs := commonSuffix(x.data[x.starts[pre]:], y.data[y.starts[pre]:])
	suf = min(max(n1-sort.SearchInts(x.starts, len(x.data)-cs+1)-1, 0), lim-pre)
	for suf < lim-pre && bytes.Equal(x.line(n1-1-suf), y.line(n2-1-suf)) {
		suf++
	}
	return pre, suf
}

// bitset is a set of line lengths; lengths from 4096 up share a bit.
type bitset [65]uint64

func (b *bitset) set(n int)      { n = min(n, 4096); b[n/64] |= 1 << (n % 64) }
func (b *bitset) has(n int) bool { n = min(n, 4096); return b[n/64]&(1<<(n%64)) != 0 }

// classifier gives equal lines the same small id, as xdiff's
// xdl_classify_record does. Its open-addressing table packs a 32-bit
// line hash and the id into 8 bytes and refers to lines in place; small
// slots keep the table in cache for files of a few hundred thousand
// lines.
type classifier struct {
	seed       maphash.Seed
	x, y       *text
	slots      []uint64 // hash<<32 | id+1; zero is empty
	mask       uint64
	refs       []int32 // per id: its first line, in x when >= 0, else y at -ref-1
	cnt1, cnt2 []int   // per id: occurrences in x and in y
	nx         int     // ids below nx were first seen in x
}

func newClassifier(x, y *text, n int) *classifier {
	c := &classifier{seed: maphash.MakeSeed(), x: x, y: y,
		refs: make([]int32, 0, n), cnt1: make([]int, 0, n), cnt2: make([]int, 0, n)}
	c.resize(max(16, 2*n))
	return c
}

// resize makes the table at least n slots (a power of two) and re-enters
// the ids.
func (c *classifier) resize(n int) {
	size := 16
	for size < n {
		size <<= 1
	}
	c.slots = make([]uint64, size)
	c.mask = uint64(size - 1)
	for id, ref := range c.refs {
		h := maphash.Bytes(c.seed, c.refLine(ref)) >> 32
		k := h & c.mask
		for c.slots[k] != 0 {
			k = (k + 1) & c.mask
		}
		c.slots[k] = h<<32 | uint64(id+1)
	}
}

func (c *classifier) refLine(ref int32) []byte {
	if ref >= 0 {
		return c.x.line(int(ref))
	}
	return c.y.line(int(-ref - 1))
}

// classify returns the id of line i of t (x or y), adding a new id when
// add is set, else returning -1 for an unknown line.
func (c *classifier) classify(t *text, i int, add bool) int32 {
	l := t.line(i)
	h := maphash.Bytes(c.seed, l) >> 32
	for k := h & c.mask; ; k = (k + 1) & c.mask {
		sl := c.slots[k]
		if sl == 0 {
			if !add {
				return -1
			}
			id := int32(len(c.refs))
			ref := int32(i)
			if t == c.y {
				ref = -ref - 1
			} else {
				c.nx = len(c.refs) + 1
			}
			c.refs = append(c.refs, ref)
			c.cnt1 = append(c.cnt1, 0)
			c.cnt2 = append(c.cnt2, 0)
			c.slots[k] = h<<32 | uint64(id+1)
			if 2*len(c.refs) > len(c.slots) {
				c.resize(2 * len(c.slots))
			}
			return id
		}
		if sl>>32 == h {
			id := int32(sl&0xffffffff) - 1
			if bytes.Equal(c.refLine(c.refs[id]), l) {
				return id
			}
		}
	}
}

// bogoSqrt mirrors xdl_bogosqrt: a power of two near sqrt(n).
func bogoSqrt(n int) int {
	i := 1
	for ; n > 0; n >>= 2 {
		i <<= 1
	}
	return i
}

// cleanMultimatch mirrors xdl_clean_mmatch: a line with many matches (dis
// 2) is discarded when it sits in a run made mostly of lines without a
// match (dis 0). s and e bound the run, inclusive.
func cleanMultimatch(dis []byte, i, s, e int) bool {
	if i-s > simScanWindow {
		s = i - simScanWindow
	}
	if e-i > simScanWindow {
		e = i + simScanWindow
	}
	rdis0, rpdis0 := 0, 1
	for r := 1; i-r >= s; r++ {
		if dis[i-r] == 0 {
			rdis0++
		} else if dis[i-r] == 2 {
			rpdis0++
		} else {
			break
		}
	}
	if rdis0 == 0 {
		return false
	}
	rdis1, rpdis1 := 0, 1
	for r := 1; i+r <= e; r++ {
		if dis[i+r] == 0 {
			rdis1++
		} else if dis[i+r] == 2 {
			rpdis1++
		} else {
			break
		}
	}
	if rdis1 == 0 {
		return false
	}
	rdis1 += rdis0
	rpdis1 += rpdis0
	return rpdis1*kpDisRun < rpdis1+rdis1
}

// myers runs the divide-and-conquer Myers algorithm of xdl_recs_cmp over
// the kept lines. Memory is linear: two diagonal vectors.
type myers struct {
	a, b       []int32
	kvdf, kvdb []int // forward and backward furthest reach, indexed by diagonal+koff
	koff       int
	mxcost     int
	c1, c2     []bool // which kept lines are changed
}

// compare mirrors xdl_recs_cmp: shrink the box by its common ends, mark
// what is left when one side is empty, else split at a middle snake and
// recurse.
func (m *myers) compare(off1, lim1, off2, lim2 int, needMin bool) {
	a, b := m.a, m.b
	for off1 < lim1 && off2 < lim2 && a[off1] == b[off2] {
		off1++
		off2++
	}
	for off1 < lim1 && off2 < lim2 && a[lim1-1] == b[lim2-1] {
		lim1--
		lim2--
	}
	switch {
	case off1 == lim1:
		for ; off2 < lim2; off2++ {
			m.c2[off2] = true
		}
	case off2 == lim2:
		for ; off1 < lim1; off1++ {
			m.c1[off1] = true
		}
	default:
		i1, i2, minLo, minHi := m.split(off1, lim1, off2, lim2, needMin)
		m.compare(off1, i1, off2, i2, minLo)
		m.compare(i1, lim1, i2, lim2, minHi)
	}
}

const lineMax = int(^uint(0) >> 1)

// split mirrors xdl_split: it walks forward from (off1, off2) and backward
// from (lim1, lim2) one edit at a time until the paths meet, and returns
// the meeting point. Unless needMin, it gives up on minimality when the
// cost grows large: it then returns a point on a long snake, or the
// furthest-reaching point, and says which half must still be minimal.
func (m *myers) split(off1, lim1, off2, lim2 int, needMin bool) (s1, s2 int, minLo, minHi bool) {
	a, b := m.a, m.b
	kf := m.kvdf
	kb := m.kvdb
	o := m.koff
	dmin, dmax := off1-lim2, lim1-off2
	fmid, bmid := off1-off2, lim1-lim2
	odd := (fmid-bmid)&1 != 0
	fmin, fmax := fmid, fmid
	bmin, bmax := bmid, bmid

	kf[fmid+o] = off1
	kb[bmid+o] = lim1

	for ec := 1; ; ec++ {
		gotSnake := false

		// Extend the forward diagonal domain by one, or shrink it
		// where it would leave the box.
		if fmin > dmin {
			fmin--
			kf[fmin-1+o] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			kf[fmax+1+o] = -1
		} else {
			fmax--
		}
		for d := fmax; d >= fmin; d -= 2 {
			var i1 int
			if kf[d-1+o] >= kf[d+1+o] {
				i1 = kf[d-1+o] + 1
			} else {
				i1 = kf[d+1+o]
			}
			prev1 := i1
			i2 := i1 - d
			for i1 < lim1 && i2 < lim2 && a[i1] == b[i2] {
				i1++
				i2++
			}
			if i1-prev1 > snakeCnt {
				gotSnake = true
			}
			kf[d+o] = i1
			if odd && bmin <= d && d <= bmax && kb[d+o] <= i1 {
				return i1, i2, true, true
			}
		}

		if bmin > dmin {
			bmin--
			kb[bmin-1+o] = lineMax
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			kb[bmax+1+o] = lineMax
		} else {
			bmax--
		}
		for d := bmax; d >= bmin; d -= 2 {
			var i1 int
			if kb[d-1+o] < kb[d+1+o] {
				i1 = kb[d-1+o]
			} else {
				i1 = kb[d+1+o] - 1
			}
			prev1 := i1
			i2 := i1 - d
			for i1 > off1 && i2 > off2 && a[i1-1] == b[i2-1] {
				i1--
				i2--
			}
			if prev1-i1 > snakeCnt {
				gotSnake = true
			}
			kb[d+o] = i1
			if !odd && fmin <= d && d <= fmax && i1 <= kf[d+o] {
				return i1, i2, true, true
			}
		}

		if needMin {
			continue
		}

		// Past the heuristic threshold, take a diagonal that has
		// come far along a good snake, penalised by its distance
		// from the middle diagonal.
		if gotSnake && ec > heurMinCost {
			best := 0
			for d := fmax; d >= fmin; d -= 2 {
				dd := d - fmid
				if dd < 0 {
					dd = -dd
				}
				i1 := kf[d+o]
				i2 := i1 - d
				v := (i1 - off1) + (i2 - off2) - dd
				if v > kHeur*ec && v > best &&
					off1+snakeCnt <= i1 && i1 < lim1 &&
					off2+snakeCnt <= i2 && i2 < lim2 {
					for k := 1; a[i1-k] == b[i2-k]; k++ {
						if k == snakeCnt {
							best = v
							s1, s2 = i1, i2
							break
						}
					}
				}
			}
			if best > 0 {
				return s1, s2, true, false
			}
			for d := bmax; d >= bmin; d -= 2 {
				dd := d - bmid
				if dd < 0 {
					dd = -dd
				}
				i1 := kb[d+o]
				i2 := i1 - d
				v := (lim1 - i1) + (lim2 - i2) - dd
				if v > kHeur*ec && v > best &&
					off1 < i1 && i1 <= lim1-snakeCnt &&
					off2 < i2 && i2 <= lim2-snakeCnt {
					for k := 0; a[i1+k] == b[i2+k]; k++ {
						if k == snakeCnt-1 {
							best = v
							s1, s2 = i1, i2
							break
						}
					}
				}
			}
			if best > 0 {
				return s1, s2, false, true
			}
		}

		// Enough: take the furthest-reaching path by i1+i2.
		if ec >= m.mxcost {
			fbest, fbest1 := -1, -1
			for d := fmax; d >= fmin; d -= 2 {
				i1 := min(kf[d+o], lim1)
				i2 := i1 - d
				if lim2 < i2 {
					i1, i2 = lim2+d, lim2
				}
				if fbest < i1+i2 {
					fbest, fbest1 = i1+i2, i1
				}
			}
			bbest, bbest1 := lineMax, lineMax
			for d := bmax; d >= bmin; d -= 2 {
				i1 := max(off1, kb[d+o])
				i2 := i1 - d
				if i2 < off2 {
					i1, i2 = off2+d, off2
				}
				if i1+i2 < bbest {
					bbest, bbest1 = i1+i2, i1
				}
			}
			if (lim1+lim2)-bbest < fbest-(off1+off2) {
				return fbest1, fbest - fbest1, true, false
			}
			return bbest1, bbest - bbest1, false, true
		}
	}
}

// buildScript mirrors xdl_build_script: runs of changed lines become
// changes, in file order.
func buildScript(x, y *text) []change {
	var rev []change
	// Unchanged lines pair up, so i1 and i2 reach -1 together.
	for i1, i2 := x.nrec(), y.nrec(); i1 >= 0 && i2 >= 0; i1, i2 = i1-1, i2-1 {
		if x.chg[i1] == 0 && y.chg[i2] == 0 { // chg[i] is line i-1
			// Step to just below the nearest changed line on
			// either side; the loop's decrement reaches it.
			k := min(i1-bytes.LastIndexByte(x.chg[:i1+1], 1), i2-bytes.LastIndexByte(y.chg[:i2+1], 1)) - 1
			i1, i2 = i1-k, i2-k
			continue
		}
		l1, l2 := i1, i2
		for x.chg[i1] != 0 {
			i1--
		}
		for y.chg[i2] != 0 {
			i2--
		}
		rev = append(rev, change{i1: i1, i2: i2, n1: l1 - i1, n2: l2 - i2})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
