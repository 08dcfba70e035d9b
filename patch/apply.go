package patch

import (
	"bytes"
	"fmt"
)

// Apply applies one file's hunks to old and returns the new content.
//
// It is strict like `git apply` without fuzz: every context and removed
// line must match exactly (CR and a missing final newline included). Like
// git apply and GNU patch, a hunk that does not match at the line its
// header states is searched for at nearby lines, closest first and later
// before earlier (git apply's order), but never before the end of the
// previous hunk. As in git apply, a hunk that starts at old line 0 or 1
// must match at the start of the file, and one without trailing context
// must match at its end; patches without any context (-U0) are not
// anchored. Binary patches are refused. Errors are *Error naming the
// hunk's header line.
func Apply(old []byte, fp *FilePatch) ([]byte, error) {
	if fp.Binary {
		return nil, &Error{Line: fp.Line, Code: CodeBinary, Msg: "cannot apply a binary patch"}
	}
	t := newText(old)
	var out bytes.Buffer
	next := 0 // first old line not yet copied
	for k, h := range fp.Hunks {
		var want [][]byte
		lead, trail := 0, 0
		seenChange := false
		for _, l := range h.Lines {
			switch l.Op {
			case ' ':
				want = append(want, l.Text)
				if seenChange {
					trail++
				} else {
					lead++
				}
			case '-':
				want = append(want, l.Text)
				seenChange, trail = true, 0
			case '+':
				seenChange, trail = true, 0
			}
		}
		pos := h.OldStart - 1
		if h.OldCount == 0 {
			pos = h.OldStart
		}
		hasContext := lead+trail > 0
		atStart := hasContext && h.OldStart <= 1
		atEnd := hasContext && trail == 0
		found := -1
		fits := func(p int) bool {
			if p < next || p+len(want) > t.nrec() {
				return false
			}
			if atStart && p != 0 || atEnd && p+len(want) != t.nrec() {
				return false
			}
			for i, w := range want {
				if !bytes.Equal(t.line(p+i), w) {
					return false
				}
			}
			return true
		}
		// Closest first, later before earlier, as git apply's find_pos.
		for d := 0; pos-d >= next || pos+d <= t.nrec(); d++ {
			if fits(pos + d) {
				found = pos + d
				break
			}
			if d > 0 && fits(pos-d) {
				found = pos - d
				break
			}
		}
		if found < 0 {
			return nil, &Error{Line: h.Line, Code: CodeNoMatch, Msg: fmt.Sprintf("hunk #%d (-%d,%d) does not apply", k+1, h.OldStart, h.OldCount)}
		}
		out.Write(old[t.starts[next]:t.starts[found]])
		for _, l := range h.Lines {
			if l.Op != '-' {
				out.Write(l.Text)
			}
		}
		next = found + len(want)
	}
	out.Write(old[t.starts[next]:])
	return out.Bytes(), nil
}
