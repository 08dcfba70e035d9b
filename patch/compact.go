package patch

import "bytes"

// Compaction mirrors xdl_change_compact (xdiff/xdiffi.c, git v2.39): a
// group of added or deleted lines whose first line equals the line after
// it (or whose last line equals the line before it) can slide without
// changing the diff's meaning. git slides every group as far down as it
// goes, merging groups it bumps into, then moves it back up to line up
// with a change on the other side, or else to where the indent heuristic
// scores the split best.

// group is a run of changed lines [start, end) in one text; an empty group
// (start == end) sits above unchanged line start.
type group struct{ start, end int }

func (t *text) firstGroup() group {
	g := group{}
	for t.changed(g.end) {
		g.end++
	}
	return g
}

// next moves g to the following group; false at end of file.
func (t *text) next(g *group) bool {
	if g.end == t.nrec() {
		return false
	}
	g.start = g.end + 1
	g.end = g.start
	for t.changed(g.end) {
		g.end++
	}
	return true
}

// previous moves g to the group before it; false at start of file.
func (t *text) previous(g *group) bool {
	if g.start == 0 {
		return false
	}
	g.end = g.start - 1
	g.start = g.end
	for t.changed(g.start - 1) {
		g.start--
	}
	return true
}

func (t *text) slideDown(g *group) bool {
	if g.end < t.nrec() && bytes.Equal(t.line(g.start), t.line(g.end)) {
		t.setChanged(g.start, false)
		t.setChanged(g.end, true)
		g.start++
		g.end++
		for t.changed(g.end) {
			g.end++
		}
		return true
	}
	return false
}

func (t *text) slideUp(g *group) bool {
	if g.start > 0 && bytes.Equal(t.line(g.start-1), t.line(g.end-1)) {
		g.start--
		g.end--
		t.setChanged(g.start, true)
		t.setChanged(g.end, false)
		for t.changed(g.start - 1) {
			g.start--
		}
		return true
	}
	return false
}

// compact slides the groups of t, keeping the other text o in step.
func compact(t, o *text) {
	g, og := t.firstGroup(), o.firstGroup()
	for {
		if g.end != g.start {
			var earliestEnd, groupSize int
			endMatchingOther := -1
			for {
				groupSize = g.end - g.start
				endMatchingOther = -1
				for t.slideUp(&g) {
					o.previous(&og)
				}
				earliestEnd = g.end
				if og.end > og.start {
					endMatchingOther = g.end
				}
				for t.slideDown(&g) {
					o.next(&og)
					if og.end > og.start {
						endMatchingOther = g.end
					}
				}
				if groupSize == g.end-g.start {
					break
				}
			}
			switch {
			case g.end == earliestEnd:
				// It cannot move.
			case endMatchingOther != -1:
				for og.end == og.start {
					t.slideUp(&g)
					o.previous(&og)
				}
			default:
				best := bestShift(t, g, groupSize, earliestEnd)
				for g.end > best {
					t.slideUp(&g)
					o.previous(&og)
				}
			}
		}
		// Lines unchanged on both sides make empty groups that need
		// no work: step over them at once.
		if k := min(t.nextChanged(g.end+1)-1-g.end, o.nextChanged(og.end+1)-1-og.end); k > 0 {
			g = group{g.end + k, g.end + k}
			og = group{og.end + k, og.end + k}
		}
		if !t.next(&g) {
			break
		}
		o.next(&og)
	}
}

// bestShift is the indent heuristic: of the positions the group (now slid
// fully down) can take, pick the end whose two splits score best.
func bestShift(t *text, g group, groupSize, earliestEnd int) int {
	shift := max(earliestEnd, g.end-groupSize-1, g.end-maxSliding)
	best := -1
	var bestScore splitScore
	for ; shift <= g.end; shift++ {
		var s splitScore
		s.add(t.measure(shift))
		s.add(t.measure(shift - groupSize))
		if best == -1 || s.cmp(bestScore) <= 0 {
			bestScore, best = s, shift
		}
	}
	return best
}

// indent mirrors get_indent: columns of leading white space, tabs to
// multiples of 8, capped at maxIndent; -1 for a blank line.
func indent(l []byte) int {
	n := 0
	for _, c := range l {
		if !isSpace(c) {
			return n
		}
		switch c {
		case ' ':
			n++
		case '\t':
			n += 8 - n%8
		}
		if n >= maxIndent {
			return maxIndent
		}
	}
	return -1
}

// isSpace is git's isspace (sane_ctype in git-compat-util.h): space, \t,
// \n and \r only.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type splitMeasure struct {
	endOfFile  bool
	indent     int // of the line after the split, -1 if blank
	preBlank   int // blank lines just above the split
	preIndent  int // indent of the nearest non-blank line above, -1 if none
	postBlank  int // blank lines after the line after the split
	postIndent int // indent of the nearest non-blank line after that, -1 if none
}

// measure mirrors measure_split for a split just above line split.
func (t *text) measure(split int) splitMeasure {
	var m splitMeasure
	if split >= t.nrec() {
		m.endOfFile = true
		m.indent = -1
	} else {
		m.indent = indent(t.line(split))
	}
	m.preIndent = -1
	for i := split - 1; i >= 0; i-- {
		m.preIndent = indent(t.line(i))
		if m.preIndent != -1 {
			break
		}
		m.preBlank++
		if m.preBlank == maxBlanks {
			m.preIndent = 0
			break
		}
	}
	m.postIndent = -1
	for i := split + 1; i < t.nrec(); i++ {
		m.postIndent = indent(t.line(i))
		if m.postIndent != -1 {
			break
		}
		m.postBlank++
		if m.postBlank == maxBlanks {
			m.postIndent = 0
			break
		}
	}
	return m
}

// The weights of score_add_split, found empirically by git's authors
// (https://github.com/mhagger/diff-slider-tools).
const (
	startOfFilePenalty             = 1
	endOfFilePenalty               = 21
	totalBlankWeight               = -30
	postBlankWeight                = 6
	relativeIndentPenalty          = -4
	relativeIndentWithBlankPenalty = 10
	relativeOutdentPenalty         = 24
	relativeOutdentWithBlank       = 17
	relativeDedentPenalty          = 23
	relativeDedentWithBlank        = 17
	indentWeight                   = 60
)

type splitScore struct{ effectiveIndent, penalty int }

// add mirrors score_add_split.
func (s *splitScore) add(m splitMeasure) {
	if m.preIndent == -1 && m.preBlank == 0 {
		s.penalty += startOfFilePenalty
	}
	if m.endOfFile {
		s.penalty += endOfFilePenalty
	}
	postBlank := 0
	if m.indent == -1 {
		postBlank = 1 + m.postBlank
	}
	totalBlank := m.preBlank + postBlank
	s.penalty += totalBlankWeight * totalBlank
	s.penalty += postBlankWeight * postBlank
	ind := m.indent
	if ind == -1 {
		ind = m.postIndent
	}
	anyBlanks := totalBlank != 0
	s.effectiveIndent += ind
	switch {
	case ind == -1, m.preIndent == -1, ind == m.preIndent:
	case ind > m.preIndent:
		s.penalty += pick(anyBlanks, relativeIndentWithBlankPenalty, relativeIndentPenalty)
	case m.postIndent != -1 && m.postIndent > ind:
		s.penalty += pick(anyBlanks, relativeOutdentWithBlank, relativeOutdentPenalty)
	default:
		s.penalty += pick(anyBlanks, relativeDedentWithBlank, relativeDedentPenalty)
	}
}

func pick(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

// cmp mirrors score_cmp: negative when s is the better split.
func (s splitScore) cmp(o splitScore) int {
	ci := 0
	if s.effectiveIndent > o.effectiveIndent {
		ci = 1
	} else if s.effectiveIndent < o.effectiveIndent {
		ci = -1
	}
	return indentWeight*ci + s.penalty - o.penalty
}
