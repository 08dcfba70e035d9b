package checkpatch

import (
	"bytes"
	"strings"

	"github.com/go-edit/go-edit/patch"
)

// Fix repairs what an edit from old to new broke in the file at path, the
// way a careful human would, and returns the repaired new content:
//
//   - in changed lines: trailing white space goes; in code files, leading
//     spaces become tabs and spaces before a tab are dropped (outside string
//     literals, keeping every column where it was);
//   - in changed lines of C files, white space right after an open
//     parenthesis goes (as when "printk(KERN_ERR\t" becomes "pr_err(\t");
//   - in C files, a changed line that ends with its open parenthesis
//     (as when "printk(KERN_ERR" ends a line and becomes "pr_err(") gets
//     the next line joined to it;
//   - in C files, when a changed line leaves a parenthesis open (a call,
//     condition or declaration continued on the next line), the lines
//     continuing it are re-indented to the column after that parenthesis,
//     with tabs then spaces as the kernel writes them, and deeper
//     continuation lines keep their place relative to the first;
//   - in C files, a changed line over 100 columns that checkpatch would
//     report is wrapped after a comma inside its call, the rest aligned to
//     the parenthesis; string literals are never split.
//
// Lines the edit did not change are touched only by the re-alignment.
func Fix(path string, old, new []byte) []byte {
	if bytes.Equal(old, new) {
		return new
	}
	lines, eol := splitText(new)
	changed := changedLines(path, old, new)
	code, c := codeFile.MatchString(path), cFile.MatchString(path)
	var out []string
	var outChanged []bool
	for i, l := range lines {
		if changed[i] {
			l = fixWhitespace(l, code)
			if c {
				l = dropSpaceAfterParen(l)
			}
		}
		out = append(out, l)
		outChanged = append(outChanged, changed[i])
	}
	if c {
		out, outChanged = joinOpenEnded(out, outChanged)
		out, outChanged = realign(out, outChanged)
		out = rewrap(out, outChanged, 100)
	}
	return joinText(out, eol)
}

// splitText splits a file into lines without their "\n"; eol reports
// whether the last line had one.
func splitText(b []byte) (lines []string, eol bool) {
	s := string(b)
	eol = strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" && !eol {
		return nil, false
	}
	return strings.Split(s, "\n"), eol
}

func joinText(lines []string, eol bool) []byte {
	s := strings.Join(lines, "\n")
	if eol && len(lines) > 0 {
		s += "\n"
	}
	return []byte(s)
}

// changedLines marks the lines of new (0-based) that the diff from old adds.
func changedLines(path string, old, new []byte) map[int]bool {
	var b bytes.Buffer
	// Writing to a bytes.Buffer cannot fail.
	_ = patch.Render(&b, []patch.File{{Path: path, Old: old, New: new}}, patch.Options{Context: -1})
	fps, err := patch.Parse(b.Bytes())
	out := map[int]bool{}
	if err != nil {
		return out
	}
	for _, fp := range fps {
		for _, h := range fp.Hunks {
			for _, l := range h.Lines {
				if l.Op == '+' {
					out[l.New-1] = true
				}
			}
		}
	}
	return out
}

// fixWhitespace removes trailing white space and, in code files, rewrites
// leading white space and spaces before tabs as tabs.
func fixWhitespace(l string, code bool) string {
	// A CR ending the line (CRLF files) stays; blanks before it go.
	l = strings.TrimRight(l, " \t\f\v")
	cr := ""
	if strings.HasSuffix(l, "\r") {
		l, cr = strings.TrimRight(l[:len(l)-1], " \t\f\v"), "\r"
	}
	if !code {
		return l + cr
	}
	body := strings.TrimLeft(l, " \t")
	lead := l[:len(l)-len(body)]
	if body == "" {
		return cr
	}
	l = indentTo(len(expandTabs(lead)), lead) + body
	return dropSpacesBeforeTabs(l) + cr
}

// indentTo returns white space reaching column col: tabs, then fewer than
// eight spaces. A lead that already reaches it that way is kept.
func indentTo(col int, lead string) string {
	want := strings.Repeat("\t", col/tabSize) + strings.Repeat(" ", col%tabSize)
	if lead == want {
		return lead
	}
	return want
}

// dropSpacesBeforeTabs rewrites each run of blanks that contains a space
// followed by a tab, outside strings, as the tabs reaching the same column.
func dropSpacesBeforeTabs(l string) string {
	if !strings.Contains(l, " \t") {
		return l
	}
	san, _ := sanitise("+"+l, "", true)
	san = san[1:]
	var b strings.Builder
	col := 0
	for i := 0; i < len(l); {
		if l[i] != ' ' && l[i] != '\t' || san[i] == 'X' {
			b.WriteByte(l[i])
			col = advance(col, l[i])
			i++
			continue
		}
		j := i
		end := col
		for j < len(l) && (l[j] == ' ' || l[j] == '\t') && san[j] != 'X' {
			end = advance(end, l[j])
			j++
		}
		run := l[i:j]
		if strings.Contains(run, " \t") && strings.HasSuffix(run, "\t") {
			run = strings.Repeat("\t", end/tabSize-col/tabSize)
		}
		b.WriteString(run)
		col = end
		i = j
	}
	return b.String()
}

func advance(col int, c byte) int {
	if c == '\t' {
		return (col/tabSize + 1) * tabSize
	}
	return col + 1
}

// realign re-indents the lines that continue a changed line's open
// parenthesis, as PARENTHESIS_ALIGNMENT wants them.
func realign(lines []string, changed []bool) ([]string, []bool) {
	for i := 0; i+1 < len(lines); i++ {
		if !changed[i] {
			continue
		}
		san := sanitiseCode(lines[i])
		if !alignOpener.MatchString("+" + san) {
			continue
		}
		tabs := len(san) - len(strings.TrimLeft(san, "\t"))
		pos := lastOpenParen(san[tabs:])
		if pos < 0 {
			continue
		}
		col := tabs*tabSize + pos
		next := lines[i+1]
		body := strings.TrimLeft(next, " \t")
		lead := next[:len(next)-len(body)]
		goodTab := strings.Repeat("\t", tabs) + strings.Repeat("\t", pos/tabSize) + strings.Repeat(" ", pos%tabSize)
		goodSpace := strings.Repeat("\t", tabs) + strings.Repeat(" ", pos)
		if lead == goodTab || lead == goodSpace || body == "" {
			continue
		}
		delta := col - len(expandTabs(lead))
		depth := openDepth(san[tabs:])
		for k := i + 1; k < len(lines) && depth > 0; k++ {
			b := strings.TrimLeft(lines[k], " \t")
			if b != "" {
				c := len(expandTabs(lines[k][:len(lines[k])-len(b)])) + delta
				if k == i+1 {
					c = col
				}
				if c > 0 {
					lines[k] = fixWhitespace(indentTo(c, "")+b, true)
					changed[k] = true
				}
			}
			depth += openDepth(sanitiseCode(lines[k]))
		}
	}
	return lines, changed
}

// sanitiseCode blanks the strings and comments of one line of C.
func sanitiseCode(l string) string {
	s, _ := sanitise("+"+l, "", true)
	return s[1:]
}

// openDepth is the number of '(' minus ')' on a sanitised line.
func openDepth(s string) int {
	return strings.Count(s, "(") - strings.Count(s, ")")
}

// rewrap breaks changed lines that are too long after a comma inside their
// innermost call, aligning the rest under the call's parenthesis.
func rewrap(lines []string, changed []bool, max int) []string {
	var out []string
	for i, l := range lines {
		if !changed[i] {
			out = append(out, l)
			continue
		}
		for {
			head, tail, ok := wrapOnce(l, max)
			if !ok {
				break
			}
			out = append(out, head)
			l = tail
		}
		out = append(out, l)
	}
	return out
}

// wrapOnce splits a line checkpatch would call too long at the last comma
// (outside strings, inside parentheses) that leaves the head within max
// columns and moves the tail forward.
func wrapOnce(l string, max int) (head, tail string, ok bool) {
	c := &checker{maxLen: max}
	c.line = "+" + sanitiseCode(l)
	c.rawline = "+" + l
	c.sline = strings.ReplaceAll(c.line, commentChar, " ")
	c.length, _ = lineStats(c.rawline)
	if c.length <= max || longLineType(c) != "LONG_LINE" {
		return "", "", false
	}
	san := c.line[1:]
	var stack []int
	best, bestCol := -1, 0
	for i := 0; i < len(san); i++ {
		switch san[i] {
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) == 0 || len(expandTabs(l[:i+1])) > max {
				continue
			}
			parenCol := len(expandTabs(l[:stack[len(stack)-1]])) + 1
			rest := strings.TrimLeft(l[i+1:], " \t")
			if rest == "" || parenCol+len(rest) >= len(expandTabs(l)) {
				continue
			}
			best, bestCol = i, parenCol
		}
	}
	if best < 0 {
		return "", "", false
	}
	return l[:best+1], indentTo(bestCol, "") + strings.TrimLeft(l[best+1:], " \t"), true
}

// dropSpaceAfterParen removes the blanks after each '(' of a C line that
// checkpatch would report: not at the end of the line, not before a
// line continuation, not in "for ( ;", and not inside strings or comments.
func dropSpaceAfterParen(l string) string {
	if !strings.Contains(l, "( ") && !strings.Contains(l, "(\t") {
		return l
	}
	san := sanitiseCode(l)
	if forEmptyInit.MatchString(san) {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		b.WriteByte(l[i])
		if san[i] != '(' {
			continue
		}
		j := i + 1
		for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
			j++
		}
		if j > i+1 && j < len(l) && l[j] != '\\' && l[j] != '\r' {
			i = j - 1
		}
	}
	return b.String()
}

// joinOpenEnded joins to each changed line that ends in '(' the line after
// it, unless that is blank, a comment or a preprocessor line.
func joinOpenEnded(lines []string, changed []bool) ([]string, []bool) {
	for i := 0; i+1 < len(lines); i++ {
		if !changed[i] {
			continue
		}
		san := strings.TrimRight(sanitiseCode(lines[i]), " \t\r\x1c")
		if !strings.HasSuffix(san, "(") || len(san) < len(strings.TrimRight(lines[i], " \t\r")) {
			continue
		}
		next := strings.TrimLeft(lines[i+1], " \t")
		if next == "" || next == "\r" || strings.HasPrefix(next, "#") || strings.HasPrefix(next, "/*") || strings.HasPrefix(next, "//") {
			continue
		}
		lines[i] = strings.TrimRight(lines[i], " \t") + next
		lines = append(lines[:i+1], lines[i+2:]...)
		changed = append(changed[:i+1], changed[i+2:]...)
		i--
	}
	return lines, changed
}
