package patch

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// A FilePatch is one file's part of a patch.
type FilePatch struct {
	// OldPath and NewPath name the file before and after; "" stands for
	// /dev/null. The "a/" and "b/" prefixes of git-style (-p1) names are
	// removed; plain -p0 names are kept as written.
	OldPath, NewPath string
	// OldMode and NewMode come from git's mode lines; zero when absent.
	OldMode, NewMode uint32
	// Created and Deleted are set by "new file mode"/"deleted file mode"
	// or a /dev/null name.
	Created, Deleted bool
	// Renamed and Copied are set by git's rename/copy headers.
	Renamed, Copied bool
	// OldID and NewID are the (abbreviated) blob names of the index line.
	OldID, NewID string
	// Binary is set for "Binary files ... differ" and "GIT binary patch";
	// such a patch has no hunks and Apply refuses it.
	Binary bool
	// Hunks in patch order.
	Hunks []*Hunk
	// Line is the patch line (1-based) where the file's header begins.
	Line int
}

// Path returns the file's name after the change, or before it for a
// deleted file.
func (fp *FilePatch) Path() string {
	if fp.NewPath != "" {
		return fp.NewPath
	}
	return fp.OldPath
}

// A Hunk is one "@@ -a,b +c,d @@" block.
type Hunk struct {
	OldStart, OldCount int // as written in the header
	NewStart, NewCount int
	// Section is the text after the closing "@@ " (the function line).
	Section string
	Lines   []Line
	// Line is the patch line of the "@@" header.
	Line int
}

// A Line is one line of a hunk.
type Line struct {
	// Op is ' ' (context), '-' (removed) or '+' (added).
	Op byte
	// Text is the line's content with its terminator ("\n" or "\r\n"),
	// or without one when "\ No newline at end of file" follows.
	Text []byte
	// Old and New are the 1-based line numbers in the old and new file;
	// zero on the side the line is not in.
	Old, New int
	// PatchLine is the line of the patch it came from.
	PatchLine int
}

// Code names a kind of error, stable for tests and tools.
type Code string

// Error codes of Parse and Apply.
const (
	CodeBadHunkHeader Code = "bad-hunk-header"
	CodeBadHunkLine   Code = "bad-hunk-line"
	CodeTruncated     Code = "truncated-hunk"
	CodeBadHeader     Code = "bad-header"
	CodeNoMatch       Code = "hunk-does-not-apply"
	CodeBinary        Code = "binary-patch"
)

// Error is a problem at a line of the patch.
type Error struct {
	Line int // 1-based line of the patch
	Code Code
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("patch:%d: %s", e.Line, e.Msg) }

// Parse reads a patch: git diffs (with their extended headers: mode,
// index, rename, copy, similarity, binary), plain unified diffs with -p0
// or -p1 names (timestamps after a tab are ignored), and
// `git format-patch` mails. Text outside file diffs (mail headers,
// commit message, diffstat, signature) is skipped. Errors are *Error.
func Parse(data []byte) ([]*FilePatch, error) {
	p := &parser{lines: splitKeep(data)}
	return p.parse()
}

// splitKeep splits data into lines that keep their "\n".
func splitKeep(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, data)
			break
		}
		out = append(out, data[:i+1])
		data = data[i+1:]
	}
	return out
}

type parser struct {
	lines [][]byte
	i     int // next line index (0-based)
}

func (p *parser) errorf(line int, code Code, format string, args ...any) error {
	return &Error{Line: line, Code: code, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) peek(k int) string {
	if p.i+k < len(p.lines) {
		return string(p.lines[p.i+k])
	}
	return ""
}

func (p *parser) parse() ([]*FilePatch, error) {
	var out []*FilePatch
	for p.i < len(p.lines) {
		l := p.peek(0)
		switch {
		case strings.HasPrefix(l, "diff --git "):
			fp, err := p.gitFile()
			if err != nil {
				return nil, err
			}
			out = append(out, fp)
		case strings.HasPrefix(l, "--- ") && strings.HasPrefix(p.peek(1), "+++ ") && strings.HasPrefix(p.peek(2), "@@ -"):
			fp := &FilePatch{Line: p.i + 1}
			if err := p.names(fp, false); err != nil {
				return nil, err
			}
			if err := p.hunks(fp); err != nil {
				return nil, err
			}
			out = append(out, fp)
		default:
			p.i++
		}
	}
	return out, nil
}

// gitFile parses from "diff --git" through the file's last hunk.
func (p *parser) gitFile() (*FilePatch, error) {
	fp, err := p.gitFileBody()
	if fp != nil && fp.Created {
		fp.OldPath = ""
	}
	if fp != nil && fp.Deleted {
		fp.NewPath = ""
	}
	return fp, err
}

func (p *parser) gitFileBody() (*FilePatch, error) {
	fp := &FilePatch{Line: p.i + 1}
	a, b, ok := splitGitNames(strings.TrimSuffix(strings.TrimPrefix(trimEOL(p.peek(0)), "diff --git "), "\n"))
	if ok {
		fp.OldPath, fp.NewPath = stripPrefix(a, "a/"), stripPrefix(b, "b/")
	}
	p.i++
	for p.i < len(p.lines) {
		l := trimEOL(p.peek(0))
		n := p.i + 1
		var err error
		switch {
		case strings.HasPrefix(l, "old mode "):
			fp.OldMode, err = parseMode(l[len("old mode "):], n)
		case strings.HasPrefix(l, "new mode "):
			fp.NewMode, err = parseMode(l[len("new mode "):], n)
		case strings.HasPrefix(l, "new file mode "):
			fp.Created = true
			fp.NewMode, err = parseMode(l[len("new file mode "):], n)
		case strings.HasPrefix(l, "deleted file mode "):
			fp.Deleted = true
			fp.OldMode, err = parseMode(l[len("deleted file mode "):], n)
		case strings.HasPrefix(l, "rename from "):
			fp.Renamed, fp.OldPath = true, unquote(l[len("rename from "):])
		case strings.HasPrefix(l, "rename to "):
			fp.Renamed, fp.NewPath = true, unquote(l[len("rename to "):])
		case strings.HasPrefix(l, "copy from "):
			fp.Copied, fp.OldPath = true, unquote(l[len("copy from "):])
		case strings.HasPrefix(l, "copy to "):
			fp.Copied, fp.NewPath = true, unquote(l[len("copy to "):])
		case strings.HasPrefix(l, "similarity index "), strings.HasPrefix(l, "dissimilarity index "):
		case strings.HasPrefix(l, "index "):
			ids, mode, _ := strings.Cut(l[len("index "):], " ")
			fp.OldID, fp.NewID, _ = strings.Cut(ids, "..")
			if mode != "" {
				var m uint32
				if m, err = parseMode(mode, n); err == nil {
					fp.OldMode, fp.NewMode = m, m
				}
			}
		case strings.HasPrefix(l, "Binary files "):
			fp.Binary = true
		case l == "GIT binary patch":
			fp.Binary = true
			for p.i+1 < len(p.lines) && strings.TrimSpace(p.peek(1)) != "" {
				p.i++
			}
		case strings.HasPrefix(l, "--- "):
			if !strings.HasPrefix(p.peek(1), "+++ ") {
				return nil, p.errorf(n, CodeBadHeader, "--- line without a +++ line after it")
			}
			if err := p.names(fp, true); err != nil {
				return nil, err
			}
			return fp, p.hunks(fp)
		default:
			return fp, nil
		}
		if err != nil {
			return nil, err
		}
		p.i++
	}
	return fp, nil
}

// names reads the ---/+++ pair.
func (p *parser) names(fp *FilePatch, git bool) error {
	a := headerName(p.peek(0)[4:])
	b := headerName(p.peek(1)[4:])
	p.i += 2
	if a == "/dev/null" {
		fp.Created, a = true, ""
	}
	if b == "/dev/null" {
		fp.Deleted, b = true, ""
	}
	if git || (a == "" || strings.HasPrefix(a, "a/")) && (b == "" || strings.HasPrefix(b, "b/")) {
		a, b = stripPrefix(a, "a/"), stripPrefix(b, "b/")
	}
	if a != "" || !git {
		fp.OldPath = a
	}
	if b != "" || !git {
		fp.NewPath = b
	}
	if fp.Created {
		fp.OldPath = ""
	}
	if fp.Deleted {
		fp.NewPath = ""
	}
	return nil
}

// hunks reads the hunks that follow a file header.
func (p *parser) hunks(fp *FilePatch) error {
	for p.i < len(p.lines) && strings.HasPrefix(p.peek(0), "@@ -") {
		h, err := p.hunk()
		if err != nil {
			return err
		}
		fp.Hunks = append(fp.Hunks, h)
	}
	return nil
}

// hunk reads
//
//	"@@ -" start ["," count] " +" start ["," count] " @@" [" " section]
//
// and the counted lines after it.
func (p *parser) hunk() (*Hunk, error) {
	n := p.i + 1
	l := trimEOL(p.peek(0))
	h := &Hunk{Line: n}
	rest, ok := strings.CutPrefix(l, "@@ -")
	var ranges string
	if ok {
		ranges, rest, ok = strings.Cut(rest, " @@")
	}
	var oldR, newR string
	if ok {
		oldR, newR, ok = strings.Cut(ranges, " +")
	}
	if ok {
		h.OldStart, h.OldCount, ok = parseRange(oldR)
	}
	if ok {
		h.NewStart, h.NewCount, ok = parseRange(newR)
	}
	if !ok {
		return nil, p.errorf(n, CodeBadHunkHeader, "malformed hunk header %q", l)
	}
	h.Section = strings.TrimPrefix(rest, " ")
	p.i++
	oldN, newN := h.OldStart, h.NewStart
	if h.OldCount == 0 {
		oldN++
	}
	if h.NewCount == 0 {
		newN++
	}
	remOld, remNew := h.OldCount, h.NewCount
	for remOld > 0 || remNew > 0 {
		if p.i >= len(p.lines) {
			return nil, p.errorf(p.i, CodeTruncated, "hunk at line %d ends early: %d old and %d new lines missing", n, remOld, remNew)
		}
		raw := p.lines[p.i]
		ln := Line{PatchLine: p.i + 1}
		switch op := raw[0]; {
		case op == ' ' || op == '\n' || op == '\r' && string(raw) == "\r\n":
			// An empty line is taken as an empty context line, as
			// git apply and GNU patch do for mangled whitespace.
			ln.Op, ln.Text = ' ', raw[1:]
			if op != ' ' {
				ln.Text = raw
			}
			if remOld == 0 || remNew == 0 {
				return nil, p.errorf(p.i+1, CodeBadHunkLine, "context line beyond hunk's counts (hunk at line %d)", n)
			}
			ln.Old, ln.New = oldN, newN
			oldN, newN, remOld, remNew = oldN+1, newN+1, remOld-1, remNew-1
		case op == '-':
			if remOld == 0 {
				return nil, p.errorf(p.i+1, CodeBadHunkLine, "removed line beyond hunk's old count (hunk at line %d)", n)
			}
			ln.Op, ln.Text, ln.Old = '-', raw[1:], oldN
			oldN, remOld = oldN+1, remOld-1
		case op == '+':
			if remNew == 0 {
				return nil, p.errorf(p.i+1, CodeBadHunkLine, "added line beyond hunk's new count (hunk at line %d)", n)
			}
			ln.Op, ln.Text, ln.New = '+', raw[1:], newN
			newN, remNew = newN+1, remNew-1
		default:
			return nil, p.errorf(p.i+1, CodeBadHunkLine, "unexpected line in hunk at line %d: %q", n, trimEOL(string(raw)))
		}
		h.Lines = append(h.Lines, ln)
		p.i++
		p.noNewline(h)
	}
	return h, nil
}

// noNewline consumes a "\ No newline at end of file" marker, which
// strips the line terminator of the line before it.
func (p *parser) noNewline(h *Hunk) {
	if p.i < len(p.lines) && len(h.Lines) > 0 && strings.HasPrefix(p.peek(0), `\ `) {
		last := &h.Lines[len(h.Lines)-1]
		last.Text = bytes.TrimSuffix(last.Text, []byte("\n"))
		p.i++
	}
}

func parseRange(s string) (start, count int, ok bool) {
	a, b, hasCount := strings.Cut(s, ",")
	start, err := strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil || count < 0 {
			return 0, 0, false
		}
	}
	return start, count, true
}

func parseMode(s string, line int) (uint32, error) {
	m, err := strconv.ParseUint(strings.TrimSpace(s), 8, 32)
	if err != nil {
		return 0, &Error{Line: line, Code: CodeBadHeader, Msg: fmt.Sprintf("bad mode %q", s)}
	}
	return uint32(m), nil
}

func trimEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// headerName takes the name from a ---/+++ line: quoted C-style, or up to
// a tab (after which diff tools write a timestamp).
func headerName(s string) string {
	s = trimEOL(s)
	if strings.HasPrefix(s, `"`) {
		if name, _, ok := unquoteC(s); ok {
			return name
		}
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ")
}

func stripPrefix(s, prefix string) string { return strings.TrimPrefix(s, prefix) }

func unquote(s string) string {
	if strings.HasPrefix(s, `"`) {
		if name, _, ok := unquoteC(s); ok {
			return name
		}
	}
	return s
}

// unquoteC reads a C-style quoted name at the start of s (the inverse of
// quotePath) and returns it with the rest of s.
func unquoteC(s string) (name, rest string, ok bool) {
	var b []byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return string(b), s[i+1:], true
		case c != '\\':
			b = append(b, c)
		case i+1 >= len(s):
			return "", "", false
		default:
			i++
			switch e := s[i]; e {
			case 'a':
				b = append(b, '\a')
			case 'b':
				b = append(b, '\b')
			case 't':
				b = append(b, '\t')
			case 'n':
				b = append(b, '\n')
			case 'v':
				b = append(b, '\v')
			case 'f':
				b = append(b, '\f')
			case 'r':
				b = append(b, '\r')
			case '0', '1', '2', '3':
				if i+2 >= len(s) {
					return "", "", false
				}
				v, err := strconv.ParseUint(s[i:i+3], 8, 8)
				if err != nil {
					return "", "", false
				}
				b = append(b, byte(v))
				i += 2
			default:
				b = append(b, e)
			}
		}
	}
	return "", "", false
}

// splitGitNames splits the two names of a "diff --git" line. Unquoted
// names may contain spaces, so when both are unquoted the line is split
// where the two halves name the same path, as git does.
func splitGitNames(s string) (a, b string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		a, rest, ok := unquoteC(s)
		if !ok || !strings.HasPrefix(rest, " ") {
			return "", "", false
		}
		return a, unquote(rest[1:]), true
	}
	if i := strings.Index(s, ` "`); i >= 0 {
		return s[:i], unquote(s[i+1:]), true
	}
	// "a/P b/P": try the middle split first, then any space.
	if len(s)%2 == 1 {
		h := len(s) / 2
		if s[h] == ' ' && stripFirst(s[:h]) == stripFirst(s[h+1:]) {
			return s[:h], s[h+1:], true
		}
	}
	a, b, ok = strings.Cut(s, " ")
	return a, b, ok
}

func stripFirst(s string) string {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}
