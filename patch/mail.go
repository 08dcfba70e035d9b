package patch

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Mail is the commit information of one `git format-patch` mail.
type Mail struct {
	// Commit is the 40-hex commit name for the mbox "From " line; empty
	// means 40 zeros (git format-patch --zero-commit).
	Commit string
	// From is the author, "Name <email>".
	From string
	// Date is the author date, printed in RFC 2822 form with its zone
	// (git format-patch shows the author date; set it, a zero Date prints
	// year 1).
	Date time.Time
	// Subject is the summary line, without "[PATCH]".
	Subject string
	// Body is the rest of the commit message (may be empty).
	Body string
	// SignedOffBy lists "Name <email>" values added as Signed-off-by
	// trailers after the body.
	SignedOffBy []string
	// Prefix replaces "PATCH" in the subject prefix, e.g. "PATCH v2" or
	// "RFC PATCH".
	Prefix string
	// Number and Total number the mail in a series, "[PATCH 2/5]".
	// FormatSeries sets them; zero Total means a lone "[PATCH]".
	Number, Total int
	// Signature follows the "-- " line at the end, as git prints its
	// version there; empty omits the signature (--no-signature).
	Signature string
}

// mailWrap is git's MAIL_DEFAULT_WRAP: diffstat width and shortlog wrap.
const mailWrap = 72

// FormatPatch writes files as one `git format-patch` mail (git 2.39,
// core.abbrev=12): mbox "From " line, From, Date, Subject (folded at 78
// columns, RFC 2047-encoded when not ASCII, with MIME headers when the
// message is not ASCII), the message and sign-offs, "---", a diffstat of
// width 72 with the create/delete/mode summary, a blank line, the diff
// (Render with KernelDriver), and the signature.
func FormatPatch(w io.Writer, files []File, m Mail) error {
	files = sortedFiles(files)
	var b bytes.Buffer
	writeHeaders(&b, &m, nonASCII(m.Subject+message(&m)))
	b.WriteString(message(&m))
	b.WriteString("---\n")
	st := stats(files)
	b.WriteString(formatStat(st, mailWrap))
	writeSummary(&b, files)
	b.WriteString("\n")
	if err := Render(&b, files, Options{Driver: KernelDriver}); err != nil {
		return err
	}
	writeSignature(&b, m.Signature)
	_, err := w.Write(b.Bytes())
	return err
}

// A Patch is one mail of a series: its change and its commit message.
type Patch struct {
	Mail  Mail
	Files []File
}

// FormatSeries writes patches as `git format-patch --stdout` writes a
// series: "[PATCH n/m]" numbering, and first, when cover is not nil, a
// cover letter "[PATCH 0/m]" whose subject and body default to git's
// "*** SUBJECT HERE ***" and "*** BLURB HERE ***" and which lists the
// patches per author (shortlog) and the diffstat of the whole series.
// Files of each patch are the changes relative to the previous patch.
// Options of the cover (From, Date, Commit, Prefix, Signature) are taken
// from cover; its Number and Total are set.
func FormatSeries(w io.Writer, cover *Mail, patches []Patch) error {
	total := len(patches)
	var b bytes.Buffer
	if cover != nil {
		c := *cover
		c.Number, c.Total = 0, total
		if total == 1 {
			c.Total = 1
		}
		if c.Subject == "" {
			c.Subject = "*** SUBJECT HERE ***"
		}
		if c.Body == "" {
			c.Body = "*** BLURB HERE ***"
		}
		// The cover is marked 8-bit when any commit of the series
		// (author included) is not ASCII (make_cover_letter).
		eightBit := nonASCII(c.Subject + message(&c))
		for _, p := range patches {
			m := p.Mail
			eightBit = eightBit || nonASCII(m.From+m.Subject+message(&m))
		}
		writeHeaders(&b, &c, eightBit)
		b.WriteString(message(&c))
		b.WriteString("\n")
		writeShortlog(&b, patches)
		combined := combine(patches)
		b.WriteString(formatStat(stats(combined), mailWrap))
		writeSummary(&b, combined)
		b.WriteString("\n")
		writeSignature(&b, c.Signature)
	}
	for i, p := range patches {
		m := p.Mail
		if total > 1 || cover != nil {
			m.Number, m.Total = i+1, total
		}
		if i > 0 {
			b.WriteString("\n")
		}
		if err := FormatPatch(&b, p.Files, m); err != nil {
			return err
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// combine merges a series' changes into one change per path: the first
// old content and the last new one.
func combine(patches []Patch) []File {
	idx := map[string]int{}
	var out []File
	for _, p := range patches {
		for _, f := range p.Files {
			i, ok := idx[f.Path]
			if !ok {
				idx[f.Path] = len(out)
				out = append(out, f)
				continue
			}
			c := &out[i]
			om, _ := c.modes()
			_, nm := f.modes()
			c.New, c.Deleted, c.Mode, c.OldMode = f.New, f.Deleted, nm, om
			if c.Created && f.Deleted {
				c.Created, c.Deleted, c.Old, c.New = false, false, nil, nil
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// message is the commit message as the mail body shows it: body, a
// blank line, sign-offs; each part ends in a newline.
func message(m *Mail) string {
	var parts []string
	if body := strings.Trim(m.Body, "\n"); body != "" {
		parts = append(parts, body+"\n")
	}
	if len(m.SignedOffBy) > 0 {
		var s strings.Builder
		for _, so := range m.SignedOffBy {
			fmt.Fprintf(&s, "Signed-off-by: %s\n", so)
		}
		parts = append(parts, s.String())
	}
	return strings.Join(parts, "\n")
}

// writeHeaders writes the mbox line and mail headers up to and including
// the blank line before the message (pretty.c: pp_user_info,
// pp_title_line); eightBit adds the MIME headers of a non-ASCII message.
func writeHeaders(b *bytes.Buffer, m *Mail, eightBit bool) {
	subject := m.Subject
	commit := m.Commit
	if commit == "" {
		commit = strings.Repeat("0", 40)
	}
	fmt.Fprintf(b, "From %s Mon Sep 17 00:00:00 2001\n", commit)
	writeFrom(b, m.From)
	fmt.Fprintf(b, "Date: %s\n", m.Date.Format("Mon, 2 Jan 2006 15:04:05 -0700"))
	prefix := m.Prefix
	if prefix == "" {
		prefix = "PATCH"
	}
	if m.Total > 0 {
		prefix += fmt.Sprintf(" %d/%d", m.Number, m.Total)
	}
	line := fmt.Sprintf("Subject: [%s] ", prefix)
	b.WriteString(line)
	if needsRFC2047(subject) {
		b.WriteString(rfc2047(subject, len(line), false))
	} else {
		b.WriteString(wrapText(subject, -len(line), 1, 78))
	}
	b.WriteString("\n")
	if eightBit {
		b.WriteString("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")
	}
	b.WriteString("\n")
}

// writeFrom writes the From header as pp_user_info does for mail.
func writeFrom(b *bytes.Buffer, from string) {
	name, mail := from, ""
	if i := strings.LastIndex(from, "<"); i >= 0 {
		name = strings.TrimSpace(from[:i])
		mail = strings.TrimSuffix(strings.TrimSpace(from[i+1:]), ">")
	}
	start := b.Len()
	b.WriteString("From: ")
	maxLen := 78
	switch {
	case needsRFC2047(name):
		b.WriteString(rfc2047(name, 6, true))
		maxLen = 76
	case strings.ContainsAny(name, "()<>[]:;@,.\"\\"):
		q := `"` + strings.NewReplacer(`"`, `\"`, `\`, `\\`).Replace(name) + `"`
		b.WriteString(wrapText(q, -6, 1, maxLen))
	default:
		b.WriteString(wrapText(name, -6, 1, maxLen))
	}
	last := b.Bytes()[start:]
	if i := bytes.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	if maxLen < len(last)+2+len(mail)+1 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, " <%s>\n", mail)
}

func nonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// needsRFC2047 mirrors needs_rfc2047_encoding.
func needsRFC2047(s string) bool {
	return nonASCII(s) || strings.Contains(s, "\n") || strings.Contains(s, "=?")
}

// rfc2047 Q-encodes s as add_rfc2047 does, folding before 76 columns;
// used is the width already taken on the line. address selects the
// stricter character set for names in address headers.
func rfc2047(s string, used int, address bool) string {
	var b strings.Builder
	b.WriteString("=?UTF-8?q?")
	lineLen := used + len("UTF-8") + 5
	for i := 0; i < len(s); {
		n := utf8Len(s[i:])
		special := n > 1 || rfc2047Special(s[i], address)
		enc := 1
		if special {
			enc = 3 * n
		}
		if lineLen+enc+2 > 76 {
			b.WriteString("?=\n =?UTF-8?q?")
			lineLen = len("UTF-8") + 5 + 1
		}
		for k := 0; k < n; k++ {
			if special {
				fmt.Fprintf(&b, "=%02X", s[i+k])
			} else {
				b.WriteByte(s[i+k])
			}
		}
		lineLen += enc
		i += n
	}
	b.WriteString("?=")
	return b.String()
}

// utf8Len is the length of the character at the start of s, 1 for a byte
// that does not start a valid one (mbs_chrlen).
func utf8Len(s string) int {
	if n := utf8Prefix([]byte(s[:min(len(s), 4)])); n > 0 && s[0] >= 0x80 {
		switch {
		case s[0]&0xe0 == 0xc0:
			return 2
		case s[0]&0xf0 == 0xe0:
			return 3
		case s[0]&0xf8 == 0xf0:
			return 4
		}
	}
	return 1
}

func rfc2047Special(c byte, address bool) bool {
	if c >= 0x80 || c < 0x20 || c == 0x7f {
		return true
	}
	if c == ' ' || c == '=' || c == '?' || c == '_' {
		return true
	}
	if !address {
		return false
	}
	alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	return !(alnum || c == '!' || c == '*' || c == '+' || c == '-' || c == '/')
}

// wrapText mirrors strbuf_add_wrapped_text (utf8.c) for ASCII text:
// words are moved to a new line, indented by indent2, once a line would
// pass width. A negative indent1 says that many columns are already used.
func wrapText(text string, indent1, indent2, width int) string {
	var b strings.Builder
	bol, pos := 0, 0
	w, indent := indent1, indent1
	space := -1
	if indent < 0 {
		w = -indent
		space = 0
	}
	for {
		var c byte
		if pos < len(text) {
			c = text[pos]
		}
		if c == 0 || isSpace(c) {
			if w <= width || space < 0 {
				start := bol
				if c == 0 && pos == start {
					return b.String()
				}
				if space >= 0 {
					start = space
				} else {
					b.WriteString(strings.Repeat(" ", max(indent, 0)))
				}
				b.WriteString(text[start:pos])
				if c == 0 {
					return b.String()
				}
				space = pos
				if c == '\t' {
					w |= 7
				} else if c == '\n' {
					space++
					if space < len(text) && text[space] == '\n' {
						b.WriteByte('\n')
						goto newLine
					} else if space >= len(text) || !isAlnum(text[space]) {
						goto newLine
					}
					b.WriteByte(' ')
				}
				w++
				pos++
				continue
			}
		newLine:
			b.WriteByte('\n')
			bol = space
			if bol < len(text) && isSpace(text[bol]) {
				bol++
			}
			pos = bol
			space = -1
			w, indent = indent2, indent2
			continue
		}
		w++
		pos++
	}
}

func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }

// writeSummary writes diff --summary lines: creations, deletions, mode
// changes (diff.c: diff_summary).
func writeSummary(b *bytes.Buffer, files []File) {
	files = sortedFiles(files)
	for i := range files {
		f := &files[i]
		if f.unchanged() {
			continue
		}
		om, nm := f.modes()
		switch {
		case f.Created:
			fmt.Fprintf(b, " create mode %06o %s\n", nm, quotePath(f.Path))
		case f.Deleted:
			fmt.Fprintf(b, " delete mode %06o %s\n", om, quotePath(f.Path))
		case om != nm:
			fmt.Fprintf(b, " mode change %06o => %06o %s\n", om, nm, quotePath(f.Path))
		}
	}
}

// writeShortlog lists the patches' subjects per author, as the cover
// letter's shortlog does (authors sorted, subjects in series order,
// wrapped at 72 columns with indents 2 and 4).
func writeShortlog(b *bytes.Buffer, patches []Patch) {
	by := map[string][]string{}
	var names []string
	for _, p := range patches {
		name := p.Mail.From
		if i := strings.LastIndex(name, "<"); i >= 0 {
			name = strings.TrimSpace(name[:i])
		}
		if _, ok := by[name]; !ok {
			names = append(names, name)
		}
		by[name] = append(by[name], p.Mail.Subject)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(b, "%s (%d):\n", n, len(by[n]))
		for _, s := range by[n] {
			b.WriteString(wrapText(s, 2, 4, mailWrap))
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
}

func writeSignature(b *bytes.Buffer, sig string) {
	if sig != "" {
		fmt.Fprintf(b, "-- \n%s\n\n", sig)
	}
}
