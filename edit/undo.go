package edit

// undoLog reproduces how sam records the changes of one top-level command,
// so that dot and the mark end up where sam puts them.
//
// sam does not compute the new dot from the changes. A change command sets
// "ndot" in the coordinates of the old text; when the command ends, sam
// replays its log from the last record to the first, and each replayed
// insertion before dot (or deletion ending at or before it) shifts dot. The
// log is not the list of changes: sam merges nearby changes into one
// deletion of the whole stretch followed by one insertion of its new text,
// as long as the gap is at most maxMerge runes and the merged text stays
// under mergeSize runes. A dot that falls inside a merged stretch is
// therefore not shifted, which is why, after a loop over a small file, dot
// is often the first change rather than the last.
//
// Like sam, the log counts runes: positions and sizes here are rune
// offsets of the text the command started from. In bytes, a dot that is
// not shifted would land on other text than in sam.
type undoLog struct {
	recs []undoRec
	// the merge being built: deletes [p0, p0+n), then inserts nbuf runes at
	// p0+n.
	active bool
	p0, n  int
	nbuf   int
}

// undoRec is one replayed record: delete [p1,p2) or insert size runes at p1.
type undoRec struct {
	insert bool
	p1, p2 int
	size   int
}

// sam's limits for merging changes (file.c, Maxmerge and RBUFSIZE).
const (
	maxMerge  = 50
	mergeSize = 2048
)

// gap is the distance from the end of the merge to p.
func (u *undoLog) gap(p int) int { return p - (u.p0 + u.n) }

// insert records an insertion of ns runes at p.
func (u *undoLog) insert(p, ns int) {
	if u.active {
		if g := u.gap(p); g > maxMerge || u.nbuf+g+ns >= mergeSize {
			u.flush()
		}
	}
	if ns >= mergeSize {
		u.recs = append(u.recs, undoRec{insert: true, p1: p, size: ns})
		return
	}
	if !u.active {
		*u = undoLog{recs: u.recs, active: true, p0: p}
	}
	u.extend(p)
	u.nbuf += ns
}

// delete records the deletion of [p1, p2).
func (u *undoLog) delete(p1, p2 int) {
	if u.active {
		if g := u.gap(p1); g > maxMerge || u.nbuf+g >= mergeSize {
			u.flush()
		}
	}
	if !u.active {
		*u = undoLog{recs: u.recs, active: true, p0: p1}
	}
	u.extend(p1)
	u.n = p2 - u.p0
}

// extend takes the unchanged text between the merge and p into it.
func (u *undoLog) extend(p int) {
	u.nbuf += u.gap(p)
	u.n = p - u.p0
}

func (u *undoLog) flush() {
	if !u.active {
		return
	}
	if u.n > 0 {
		u.recs = append(u.recs, undoRec{p1: u.p0, p2: u.p0 + u.n})
	}
	if u.nbuf > 0 {
		u.recs = append(u.recs, undoRec{insert: true, p1: u.p0 + u.n, size: u.nbuf})
	}
	*u = undoLog{recs: u.recs}
}

// adjust moves a range of the old text the way sam's replay moves dot and
// the mark.
func (u *undoLog) adjust(s span) span {
	for i := len(u.recs) - 1; i >= 0; i-- {
		r := u.recs[i]
		switch {
		case r.insert && r.p1 < s.p1:
			s.p1 += r.size
			s.p2 += r.size
		case !r.insert && r.p2 <= s.p1:
			s.p1 -= r.p2 - r.p1
			s.p2 -= r.p2 - r.p1
		}
	}
	return s
}
