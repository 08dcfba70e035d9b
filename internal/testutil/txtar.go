package testutil

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// A Golden is one stream-mode case of testdata/edit (the format is in
// testdata/edit/README.md): a script, an input buffer and what real sam
// printed for them. Section names may carry the
// suffixes ",noeol", ",crlf" and ",esc"; Golden holds the decoded bytes.
type Golden struct {
	Path    string // the .txtar file
	Comment []byte // free text before the first section

	// Sections, decoded; Has records which ones were present (by base name).
	Cmd, In, Out, Err []byte
	Error             string // expected error message ("search"), without newline
	Flags             string // e.g. "-n"
	Skip              string // reason for skipping, when the case has a skip section
	Has               map[string]bool

	// Suffixes records the suffixes each section was written with, so that
	// rewriting an expectation keeps them where they still fit.
	Suffixes map[string][]string
	// Raw holds each section's bytes as stored in the archive, before decoding.
	Raw map[string][]byte

	order []string // section base names in archive order
}

// Name is the case name: the file name without ".txtar".
func (g *Golden) Name() string {
	return strings.TrimSuffix(filepath.Base(g.Path), ".txtar")
}

// NoPrint reports whether flags hold -n, which suppresses the final print
// of the buffer as ssam -n does.
func (g *Golden) NoPrint() bool {
	for _, f := range strings.Fields(g.Flags) {
		if f == "-n" {
			return true
		}
	}
	return false
}

// goldenSections are the section names a golden case may hold.
var goldenSections = map[string]bool{
	"cmd": true, "in": true, "out": true, "err": true, "error": true, "flags": true, "skip": true,
}

// LoadGoldens loads every *.txtar file in dir, sorted by name.
func LoadGoldens(dir string) ([]*Golden, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var gs []*Golden
	for _, p := range paths {
		g, err := LoadGolden(p)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// LoadGolden reads and decodes one golden case.
func LoadGolden(path string) (*Golden, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g, err := ParseGolden(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	g.Path = path
	return g, nil
}

// ParseGolden decodes a golden case from its archive text.
func ParseGolden(data []byte) (*Golden, error) {
	ar := txtar.Parse(data)
	g := &Golden{
		Comment:  ar.Comment,
		Has:      map[string]bool{},
		Suffixes: map[string][]string{},
		Raw:      map[string][]byte{},
	}
	for _, f := range ar.Files {
		base, suffixes, _ := strings.Cut(f.Name, ",")
		if !goldenSections[base] {
			return nil, fmt.Errorf("unknown section %q", f.Name)
		}
		if g.Has[base] {
			return nil, fmt.Errorf("duplicate section %q", base)
		}
		var sfx []string
		if suffixes != "" {
			sfx = strings.Split(suffixes, ",")
		}
		body, err := DecodeSection(f.Data, sfx)
		if err != nil {
			return nil, fmt.Errorf("section %q: %v", f.Name, err)
		}
		g.Has[base] = true
		g.Suffixes[base] = sfx
		g.Raw[base] = f.Data
		g.order = append(g.order, base)
		switch base {
		case "cmd":
			g.Cmd = body
		case "in":
			g.In = body
		case "out":
			g.Out = body
		case "err":
			g.Err = body
		case "error":
			g.Error = strings.TrimSuffix(string(body), "\n")
		case "flags":
			g.Flags = strings.TrimSpace(string(body))
		case "skip":
			g.Skip = strings.TrimSpace(string(body))
			if g.Skip == "" {
				return nil, fmt.Errorf("skip section without a reason")
			}
		}
	}
	if !g.Has["cmd"] {
		return nil, fmt.Errorf("no cmd section")
	}
	return g, nil
}

// DecodeSection applies section-name suffixes to a section's stored bytes:
// ",noeol" drops the final newline, then ",crlf" turns every newline into
// CR LF, then ",esc" decodes \xNN and \\ (so an escaped \x0a or \x0d is left
// alone by the other two).
func DecodeSection(data []byte, suffixes []string) ([]byte, error) {
	var noeol, crlf, esc bool
	for _, s := range suffixes {
		switch s {
		case "noeol":
			noeol = true
		case "crlf":
			crlf = true
		case "esc":
			esc = true
		default:
			return nil, fmt.Errorf("unknown suffix %q", s)
		}
	}
	out := bytes.Clone(data)
	if noeol {
		if !bytes.HasSuffix(out, []byte("\n")) {
			return nil, fmt.Errorf(",noeol on a section without a final newline")
		}
		out = out[:len(out)-1]
	}
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	if esc {
		var err error
		if out, err = unescape(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func unescape(s []byte) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s) && s[i+1] == 'x':
			n, err := strconv.ParseUint(string(s[i+2:i+4]), 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad escape %q", s[i:i+4])
			}
			out = append(out, byte(n))
			i += 3
		default:
			return nil, fmt.Errorf("lone backslash at byte %d (write \\\\)", i)
		}
	}
	return out, nil
}

// EncodeSection is the inverse of DecodeSection: it returns the stored
// bytes and the suffixes for data. preferCRLF keeps ",crlf" when the data
// allows it, and preferEsc keeps ",esc"; suffixes are added as the data
// needs them (bytes that are not printable UTF-8, a missing final newline,
// or a line that txtar would take for a section marker).
func EncodeSection(data []byte, preferCRLF, preferEsc bool) ([]byte, []string) {
	var sfx []string
	text := data
	if preferCRLF && bytes.Contains(text, []byte("\r\n")) &&
		bytes.Count(text, []byte("\n")) == bytes.Count(text, []byte("\r\n")) {
		text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
		sfx = append(sfx, "crlf")
	}
	noeol := len(text) > 0 && text[len(text)-1] != '\n'
	esc := preferEsc || needsEscape(text)
	if esc {
		text = escape(text)
	}
	if noeol {
		text = append(bytes.Clone(text), '\n')
	}
	if noeol {
		sfx = append([]string{"noeol"}, sfx...)
	}
	if esc {
		sfx = append(sfx, "esc")
	}
	return text, sfx
}

func needsEscape(text []byte) bool {
	if !utf8.Valid(text) {
		return true
	}
	for _, line := range bytes.SplitAfter(text, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("--")) {
			return true
		}
	}
	for _, r := range string(text) {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f) {
			return true
		}
	}
	return false
}

func escape(text []byte) []byte {
	var out []byte
	atLineStart := true
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		switch {
		case r == utf8.RuneError && n == 1,
			r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f),
			r == '-' && atLineStart:
			out = fmt.Appendf(out, `\x%02x`, text[0])
		case r == '\\':
			out = append(out, `\\`...)
		default:
			out = append(out, text[:n]...)
		}
		atLineStart = r == '\n'
		text = text[n:]
	}
	return out
}

// Format renders g back into archive text, keeping the comment, the
// sections' order and, where the data still fits them, their suffixes.
func (g *Golden) Format() []byte {
	ar := &txtar.Archive{Comment: g.Comment}
	order := append([]string(nil), g.order...)
	for _, s := range []string{"cmd", "in", "out", "err", "error", "flags", "skip"} {
		if g.Has[s] && !contains(order, s) {
			order = append(order, s)
		}
	}
	for _, base := range order {
		if !g.Has[base] {
			continue
		}
		data := g.Section(base)
		old := g.Suffixes[base]
		// Expected output of a CRLF input is most readable as CRLF too.
		crlf := contains(old, "crlf") || (base == "out" && contains(g.Suffixes["in"], "crlf"))
		stored, sfx := EncodeSection(data, crlf, contains(old, "esc"))
		name := base
		if len(sfx) > 0 {
			name += "," + strings.Join(sfx, ",")
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: stored})
	}
	return txtar.Format(ar)
}

// Section returns the decoded contents of the section named base ("cmd",
// "in", "out", "err", "error", "flags" or "skip"); the one-line sections
// get back their newline.
func (g *Golden) Section(base string) []byte {
	switch base {
	case "cmd":
		return g.Cmd
	case "in":
		return g.In
	case "out":
		return g.Out
	case "err":
		return g.Err
	case "error":
		return []byte(g.Error + "\n")
	case "flags":
		return []byte(g.Flags + "\n")
	case "skip":
		return []byte(g.Skip + "\n")
	}
	return nil
}

// SetExpected replaces the out, err and error sections: err and error are
// dropped when empty, as the format allows.
func (g *Golden) SetExpected(out, errOut []byte, errMsg string) {
	g.Out, g.Has["out"] = out, true
	g.Err, g.Has["err"] = errOut, len(errOut) > 0
	g.Error, g.Has["error"] = errMsg, errMsg != ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
