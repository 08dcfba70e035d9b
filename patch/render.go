package patch

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/go-edit/go-edit/internal/sha1"
)

// File is one file's change: its content before and after.
type File struct {
	// Path is slash-separated and relative to the tree root.
	Path string
	// Old and New are the contents before and after.
	Old, New []byte
	// Mode is the git mode after the change, 0100644 or 0100755; zero
	// means 0100644.
	Mode uint32
	// OldMode is the mode before the change; zero means Mode.
	OldMode uint32
	// Created and Deleted mark a file that did not exist before or does
	// not exist after; Old (or New) is then ignored.
	Created, Deleted bool
}

func (f *File) modes() (old, new uint32) {
	new = f.Mode
	if new == 0 {
		new = 0o100644
	}
	old = f.OldMode
	if old == 0 {
		old = new
	}
	return old, new
}

func (f *File) contents() (old, new []byte) {
	old, new = f.Old, f.New
	if f.Created {
		old = nil
	}
	if f.Deleted {
		new = nil
	}
	return old, new
}

// unchanged reports whether the change is empty (git shows nothing then).
func (f *File) unchanged() bool {
	o, n := f.modes()
	old, new := f.contents()
	return !f.Created && !f.Deleted && o == n && bytes.Equal(old, new)
}

// Options control Render.
type Options struct {
	// Context is the number of unchanged lines shown around changes:
	// zero means git's default, 3; a negative value means none (-U0).
	Context int
	// Driver selects the hunk-header driver for a path (see Driver);
	// KernelDriver gives the Linux tree's choice. Nil means git's default
	// rule for every path.
	Driver func(path string) *Driver
	// Minimal asks for the smallest diff even when it is expensive, as
	// `git diff --minimal`. Without it the diff is git's default one,
	// which gives up on minimality only for very costly inputs.
	Minimal bool
}

// sortedFiles returns files sorted by path (a copy when not sorted yet).
func sortedFiles(files []File) []File {
	if sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Path < files[j].Path }) {
		return files
	}
	files = append([]File(nil), files...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

func (o *Options) context() int {
	switch {
	case o.Context == 0:
		return 3
	case o.Context < 0:
		return 0
	}
	return o.Context
}

// abbrev is the length of abbreviated object names: the Linux tree's
// recommended core.abbrev (Documentation/process/submitting-patches.rst).
const abbrev = 12

// blobID returns the abbreviated git blob name of data, or zeros for an
// absent file.
func blobID(data []byte, absent bool) string {
	if absent {
		return "000000000000"
	}
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	sum := h.Sum()
	return hex.EncodeToString(sum[:])[:abbrev]
}

// Render writes files as a git-style unified diff, byte for byte what
// `git diff` (git 2.39, core.abbrev=12, the given diff drivers) prints for
// the same change: a `diff --git` header with mode and index lines,
// ---/+++ lines, then hunks. Lines keep their bytes: CRLF endings, invalid
// UTF-8 and NUL bytes pass through (git would call a file with NUL binary;
// Render never does). A file without change prints nothing. Files are
// written sorted by path, as git orders them.
func Render(w io.Writer, files []File, opt Options) error {
	files = sortedFiles(files)
	var buf bytes.Buffer
	for i := range files {
		buf.Reset()
		renderFile(&buf, &files[i], &opt)
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func renderFile(buf *bytes.Buffer, f *File, opt *Options) {
	if f.unchanged() {
		return
	}
	old, new := f.contents()
	oldMode, newMode := f.modes()
	a, b := quotePath("a/"+f.Path), quotePath("b/"+f.Path)
	fmt.Fprintf(buf, "diff --git %s %s\n", a, b)
	switch {
	case f.Created:
		fmt.Fprintf(buf, "new file mode %06o\n", newMode)
		a = "/dev/null"
	case f.Deleted:
		fmt.Fprintf(buf, "deleted file mode %06o\n", oldMode)
		b = "/dev/null"
	case oldMode != newMode:
		fmt.Fprintf(buf, "old mode %06o\nnew mode %06o\n", oldMode, newMode)
	}
	if !f.Created && !f.Deleted && bytes.Equal(old, new) {
		return
	}
	fmt.Fprintf(buf, "index %s..%s", blobID(old, f.Created), blobID(new, f.Deleted))
	if !f.Created && !f.Deleted && oldMode == newMode {
		fmt.Fprintf(buf, " %06o", newMode)
	}
	buf.WriteByte('\n')
	if len(old) == 0 && len(new) == 0 {
		return // an empty file created or deleted: no hunks
	}
	fmt.Fprintf(buf, "--- %s%s\n+++ %s%s\n", a, nameTab(a), b, nameTab(b))
	var drv *Driver
	if opt.Driver != nil {
		drv = opt.Driver(f.Path)
	}
	if opt.context() == 0 {
		old, new = trimCommonTail(old, new)
	}
	x, y := newTexts(old, new)
	writeHunks(buf, x, y, lineDiff(x, y, opt.Minimal), opt.context(), drv)
}

// trimCommonTail mirrors trim_common_tail (xdiff-interface.c), which git
// applies before diffing without context: whole 1024-byte blocks common to
// both ends are dropped, except the part up to the first line end. It
// changes what xdiff sees (line counts, the end of file) and so, rarely,
// the diff.
func trimCommonTail(a, b []byte) ([]byte, []byte) {
	const blk = 1024
	trimmed := 0
	smaller := min(len(a), len(b))
	for blk+trimmed <= smaller && bytes.Equal(a[len(a)-trimmed-blk:len(a)-trimmed], b[len(b)-trimmed-blk:len(b)-trimmed]) {
		trimmed += blk
	}
	recovered := 0
	tail := a[len(a)-trimmed:]
	for recovered < trimmed {
		recovered++
		if tail[recovered-1] == '\n' {
			break
		}
	}
	cut := trimmed - recovered
	return a[:len(a)-cut], b[:len(b)-cut]
}

// nameTab is the tab git writes after a ---/+++ name that holds a space,
// so that tools which stop names at a tab (GNU patch) read it whole.
func nameTab(name string) string {
	if strings.Contains(name, " ") {
		return "\t"
	}
	return ""
}

// writeHunks mirrors xdl_emit_diff (xdiff/xemit.c): changes closer than
// twice the context share a hunk; each hunk header names the function line
// found searching back from above the hunk, down to where the previous
// hunk's search began (if none is found the previous name is repeated, as
// git does).
func writeHunks(buf *bytes.Buffer, x, y *text, script []change, ctx int, drv *Driver) {
	funcPrev := -1
	var funcLine []byte
	for i := 0; i < len(script); {
		first := script[i]
		j := i
		for j+1 < len(script) && script[j+1].i1-(script[j].i1+script[j].n1) <= 2*ctx {
			j++
		}
		last := script[j]

		s1, s2 := max(first.i1-ctx, 0), max(first.i2-ctx, 0)
		lctx := min(ctx, x.nrec()-(last.i1+last.n1), y.nrec()-(last.i2+last.n2))
		e1, e2 := last.i1+last.n1+lctx, last.i2+last.n2+lctx

		for l := s1 - 1; l != funcPrev && l >= 0 && l < x.nrec(); l-- {
			if name, ok := drv.funcName(x.line(l)); ok {
				funcLine = name
				break
			}
		}
		funcPrev = s1 - 1

		hdr := buf.Len()
		buf.WriteString("@@ -")
		writeRange(buf, s1+1, e1-s1)
		buf.WriteString(" +")
		writeRange(buf, s2+1, e2-s2)
		buf.WriteString(" @@")
		if len(funcLine) > 0 {
			buf.WriteByte(' ')
			buf.Write(funcLine)
		}
		buf.WriteByte('\n')
		// diff.c's sane_truncate_line cuts the header at the first
		// byte that does not start a valid UTF-8 character (a name
		// cut at 80 bytes may end inside one), then ends the line.
		if n := utf8Prefix(buf.Bytes()[hdr:]); hdr+n < buf.Len() {
			buf.Truncate(hdr + n)
			buf.WriteByte('\n')
		}

		for ; s2 < first.i2; s2++ {
			writeLine(buf, ' ', y.line(s2))
		}
		s1, s2 = first.i1, first.i2
		for k := i; k <= j; k++ {
			c := script[k]
			for ; s1 < c.i1 && s2 < c.i2; s1, s2 = s1+1, s2+1 {
				writeLine(buf, ' ', y.line(s2))
			}
			for l := c.i1; l < c.i1+c.n1; l++ {
				writeLine(buf, '-', x.line(l))
			}
			for l := c.i2; l < c.i2+c.n2; l++ {
				writeLine(buf, '+', y.line(l))
			}
			s1, s2 = c.i1+c.n1, c.i2+c.n2
		}
		for ; s2 < e2; s2++ {
			writeLine(buf, ' ', y.line(s2))
		}
		i = j + 1
	}
}

// utf8Prefix returns the length of the longest prefix of b made of
// characters git's pick_one_utf8_char (utf8.c) accepts: it also rejects
// overlong forms, surrogates, U+FFFE, U+FFFF and code points above
// U+10FFFF.
func utf8Prefix(b []byte) int {
	i := 0
	for i < len(b) {
		c, r := b[i], len(b)-i
		cont := func(k int) bool { return b[i+k]&0xc0 == 0x80 }
		switch {
		case c < 0x80:
			i++
		case c&0xe0 == 0xc0:
			if r < 2 || !cont(1) || c&0xfe == 0xc0 {
				return i
			}
			i += 2
		case c&0xf0 == 0xe0:
			if r < 3 || !cont(1) || !cont(2) ||
				c == 0xe0 && b[i+1]&0xe0 == 0x80 ||
				c == 0xed && b[i+1]&0xe0 == 0xa0 ||
				c == 0xef && b[i+1] == 0xbf && b[i+2]&0xfe == 0xbe {
				return i
			}
			i += 3
		case c&0xf8 == 0xf0:
			if r < 4 || !cont(1) || !cont(2) || !cont(3) ||
				c == 0xf0 && b[i+1]&0xf0 == 0x80 ||
				c == 0xf4 && b[i+1] > 0x8f || c > 0xf4 {
				return i
			}
			i += 4
		default:
			return i
		}
	}
	return i
}

// writeRange writes a hunk range as xdl_format_hunk_hdr does: ",1" is
// left out, and an empty range names the line before it.
func writeRange(buf *bytes.Buffer, start, n int) {
	if n == 0 {
		start--
	}
	buf.WriteString(strconv.Itoa(start))
	if n != 1 {
		buf.WriteByte(',')
		buf.WriteString(strconv.Itoa(n))
	}
}

func writeLine(buf *bytes.Buffer, op byte, line []byte) {
	buf.WriteByte(op)
	buf.Write(line)
	if line[len(line)-1] != '\n' {
		buf.WriteString("\n\\ No newline at end of file\n")
	}
}

// quotePath quotes a name as git's quote_c_style does with the default
// core.quotePath: names with control characters, '"', '\\' or bytes
// above 0x7f are put in double quotes with C escapes.
func quotePath(s string) string {
	need := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b []byte
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\a':
			b = append(b, `\a`...)
		case '\b':
			b = append(b, `\b`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\v':
			b = append(b, `\v`...)
		case '\f':
			b = append(b, `\f`...)
		case '\r':
			b = append(b, `\r`...)
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		default:
			if c < 0x20 || c >= 0x7f {
				b = append(b, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
			} else {
				b = append(b, c)
			}
		}
	}
	return string(append(b, '"'))
}
