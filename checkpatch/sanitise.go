package checkpatch

import (
	"strconv"
	"strings"
)

var (
	quotedEdge     = lazyRegexp{expr: `"[^"]*(?:/\*|\*/)[^"]*"`}
	commentLead    = lazyRegexp{expr: `^.\s*(?:\*\*+| \*)(?:\s|$)`}
	includePath    = lazyRegexp{expr: `^.\s*#\s*include\s+<(.*)>`}
	includeAngles  = lazyRegexp{expr: `<.*>`}
	errorDirective = lazyRegexp{expr: `^(.\s*#\s*(?:error|warning)\s+)(.*)\b`}
)

// hunkStart parses a hunk header into the first line of its new side and
// the number of lines the new side spans (1 when the count is omitted),
// as hunkHeader would, without a regexp: it runs on every line.
func hunkStart(l string) (start, count int, tail string, ok bool) {
	rest, ok := strings.CutPrefix(l, "@@ -")
	if n := leadingDigits(rest); !ok || n == 0 {
		return 0, 0, "", false
	} else {
		rest = rest[n:]
	}
	if n := leadingDigits(rest[min(1, len(rest)):]); strings.HasPrefix(rest, ",") && n > 0 {
		rest = rest[1+n:]
	}
	rest, ok = strings.CutPrefix(rest, " +")
	n := leadingDigits(rest)
	if !ok || n == 0 {
		return 0, 0, "", false
	}
	start, _ = strconv.Atoi(rest[:n])
	rest = rest[n:]
	count = 1
	if k := leadingDigits(rest[min(1, len(rest)):]); strings.HasPrefix(rest, ",") && k > 0 {
		count, _ = strconv.Atoi(rest[1 : 1+k])
		rest = rest[1+k:]
	}
	tail, ok = strings.CutPrefix(rest, " @@")
	if !ok {
		return 0, 0, "", false
	}
	tail, _, _ = strings.Cut(tail, "\n") // as (.*) stops
	return start, count, tail, true
}

// leadingDigits returns the number of ASCII digits s starts with.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// sanitiseAll returns the lines of a patch with the contents of strings and
// character constants replaced by 'X' and comments by commentChar, so that
// checks can match code without being fooled by text. It mirrors the
// pre-scan of checkpatch.pl's process(): only hunk lines are sanitised, and a
// hunk that begins inside a comment is recognised by looking ahead for the
// first comment edge.
//
// With allowC99 (checkpatch's default), // comments are blanked as well.
func sanitiseAll(raw []string, allowC99 bool) []string {
	out := make([]string, len(raw))
	quote := ""
	realcnt := 0
	for i, r := range raw {
		l := r
		if _, count, _, ok := hunkStart(r); ok {
			realcnt = count + 1
			quote = ""
			if hunkStartsInComment(raw, i, realcnt) {
				quote = "*/"
			}
		} else if realcnt > 0 && (r == "" || r[0] == '+' || r[0] == ' ') {
			l, quote = sanitise(r, quote, allowC99)
		}
		out[i] = l
		if realcnt > 1 {
			if l == "" || l[0] == '+' || l[0] == ' ' {
				realcnt--
			}
		} else {
			realcnt = 0
		}
	}
	return out
}

// hunkStartsInComment guesses whether the hunk whose header is raw[h] starts
// inside a block comment: the first comment edge in its new-side lines is a
// close, or (with no edge at all) its first line looks like " * text".
func hunkStartsInComment(raw []string, h, cnt int) bool {
	for ln := h + 1; cnt > 0; ln++ {
		if ln < len(raw) && strings.HasPrefix(raw[ln], "-") {
			continue
		}
		cnt--
		if ln >= len(raw) {
			break
		}
		if e := commentEdge(raw[ln]); e != "" && !quotedEdge.MatchString(raw[ln]) {
			return e == "*/"
		}
	}
	return h+1 < len(raw) && commentLead.MatchString(raw[h+1])
}

// sanitise blanks one line's strings and comments. quote is the open
// construct carried in from the previous line ("", "*/", `"` or "'"), and
// the one left open at the end is returned.
func sanitise(line, quote string, allowC99 bool) (string, string) {
	if line == "" {
		return line, quote
	}
	res := []byte(line)
	for off := 1; off < len(line); off++ {
		c := line[off]
		two := ""
		if off+1 < len(line) {
			two = line[off : off+2]
		}
		switch {
		case quote == "" && two == "/*":
			quote = "*/"
			res[off], res[off+1] = 0x1c, 0x1c
			off++
			continue
		case quote == "*/" && two == "*/":
			quote = ""
			res[off], res[off+1] = 0x1c, 0x1c
			off++
			continue
		case quote == "" && two == "//":
			quote = "//"
			off++
			continue
		case (quote == "'" || quote == `"`) && c == '\\':
			res[off] = 'X'
			if off+1 < len(line) {
				res[off+1] = 'X'
			}
			off++
			continue
		}
		if c == '\'' || c == '"' {
			if quote == "" {
				quote = string(c)
				continue
			} else if quote == string(c) {
				quote = ""
			}
		}
		switch {
		case c == '\t':
		case quote == "*/" || quote == "//":
			res[off] = 0x1c
		case quote != "":
			res[off] = 'X'
		}
	}
	if quote == "//" {
		quote = ""
	}
	s := string(res)
	if m := includePath.FindStringSubmatch(s); m != nil {
		s = includeAngles.ReplaceAllLiteralString(s, "<"+strings.Repeat("X", len(m[1]))+">")
	} else if m := errorDirective.FindStringSubmatchIndex(s); m != nil {
		s = s[:m[3]] + strings.Repeat("X", m[5]-m[4])
	}
	if i := strings.Index(s, "//"); i >= 0 && allowC99 {
		s = s[:i] + strings.Repeat(commentChar, len(s)-i)
	}
	return s, quote
}

// commentEdge returns the first "/*" or "*/" in s, or "" when it has none.
func commentEdge(s string) string {
	open, end := strings.Index(s, "/*"), strings.Index(s, "*/")
	switch {
	case open >= 0 && (end < 0 || open < end):
		return "/*"
	case end >= 0:
		return "*/"
	}
	return ""
}
