package checkpatch

import (
	"strings"
)

// Statements. Several checks look at the whole statement that starts on a
// line ($stat in checkpatch.pl) and at its condition, the part up to the
// ')' that closes its first parenthesis ($cond). A statement runs from the
// start of a line to a ';' outside brackets, or to the '{' of its first
// block; a #define runs to the end of its last continued line. After
// a statement with no inner ';' or '{' (a condition with a one-line body,
// a declaration over several lines), the lines inside it start no
// statement of their own, as in checkpatch's ctx_statement_block and its
// $suppress_statement. (checkpatch reads on to the block's '}'; no check
// here looks further than its '{'.)

var (
	defineStart = lazyRegexp{expr: `^.\s*#\s*define`}
	ifStart     = lazyRegexp{expr: `^#\s*(?:ifndef|ifdef|if)\s`}
	elseStart2  = lazyRegexp{expr: `^#\s*(?:else|elif)\b`}
	endifStart  = lazyRegexp{expr: `^#\s*endif\b`}
)

// trackStatements finds the statement that starts on the current line, if
// one does, and sets c.stat, c.cond and c.statLines (the indexes of the
// lines it spans); c.stat is "" on other lines.
func trackStatements(c *checker) {
	if c.trackedAt == c.n {
		return
	}
	c.trackedAt = c.n
	if c.stmts != nil {
		st := c.stmts[c.n-1]
		c.stat, c.cond, c.statLines = st.stat, st.cond, st.lines
		return
	}
	c.stat, c.cond, c.statLines = "", "", nil
	if c.n <= c.suppressTo || c.realcnt == 0 || strings.TrimSpace(c.sline[min(1, len(c.sline)):]) == "" {
		return
	}
	var blk strings.Builder
	var idx []int
	level, off, coff := 0, 0, -1
	typ := byte(0)
	type saved struct {
		typ   byte
		level int
	}
	stack := []saved{{0, 0}}
	remain := c.realcnt
	next := c.n - 1
	var p, ch byte
	for {
		if len(stack) == 0 {
			stack = []saved{{0, 0}}
		}
		if off >= blk.Len() {
			for ; remain > 0 && next < len(c.lines); next++ {
				if strings.HasPrefix(c.lines[next], "-") {
					continue
				}
				remain--
				blk.WriteString(c.lines[next])
				blk.WriteByte('\n')
				idx = append(idx, next)
				next++
				break
			}
			if off >= blk.Len() {
				break
			}
			if level == 0 && defineStart.MatchString(blk.String()[off:]) {
				level++
				typ = '#'
			}
		}
		s := blk.String()
		p, ch = ch, s[off]
		rest := s[off:]
		if ch == '#' {
			switch {
			case ifStart.MatchString(rest):
				stack = append(stack, saved{typ, level})
			case elseStart2.MatchString(rest):
				if len(stack) >= 2 {
					typ, level = stack[len(stack)-2].typ, stack[len(stack)-2].level
				}
			case endifStart.MatchString(rest):
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				typ, level = top.typ, top.level
			}
		}
		if level == 0 && ch == ';' {
			break
		}
		if (typ == 0 || typ == '(') && ch == '(' {
			level++
			typ = '('
		}
		if typ == '(' && ch == ')' {
			level--
			if level != 0 {
				typ = '('
			} else {
				typ = 0
			}
			if level == 0 && coff < 0 {
				coff = off
			}
		}
		if typ == 0 && ch == '{' {
			// What the checks want of a statement ends at its first
			// block: stop there rather than read the block.
			break
		}
		if typ == '#' && ch == '\n' && p != '\\' {
			off++
			break
		}
		off++
	}
	s := blk.String()
	end := min(off+1, len(s))
	stat := s[:end]
	cond := ""
	if coff >= 0 {
		cond = s[:min(coff+1, len(s))]
	}
	// the lines the statement spans
	lines := strings.Count(stat, "\n") + 1
	if strings.HasSuffix(stat, "\n") {
		lines--
	}
	if lines > len(idx) {
		lines = len(idx)
	}
	c.statLines = idx[:lines]
	c.stat = blankMarkers(stat)
	c.cond = blankMarkers(cond)
	frag := strings.TrimRight(strings.TrimRight(stat, " \t\n\r\f\v"), ";")
	if !strings.ContainsAny(frag, "{;") && len(c.statLines) > 0 {
		c.suppressTo = c.statLines[len(c.statLines)-1] + 1
	}
}

// blankMarkers replaces the diff marker of every line after the first with
// a space, as checkpatch does to $stat.
func blankMarkers(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '\n' {
			b[i+1] = ' '
		}
	}
	return string(b)
}

// statement is what trackStatements found on a line, kept by the ordered
// walk for the parallel ones.
type statement struct {
	stat, cond string
	lines      []int
}
