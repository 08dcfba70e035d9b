package patch

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// A Driver picks the line shown after a hunk header's "@@", as a git diff
// driver's funcname setting does: git searches back from the line above
// the hunk for the first line the driver accepts. The zero Driver (and a
// nil *Driver) uses git's default rule: a line that starts with a letter,
// '_' or '$'.
type Driver struct {
	// Name is the git diff driver name, "" for the default rule.
	Name  string
	rules []funcRule
	// mayMatch is a cheap test that fails for lines the rules cannot
	// accept; it spares the regexps most lines (a function body's lines
	// start with a tab), which matters when a hunk header search walks
	// back through a long file without functions.
	mayMatch func(line []byte) bool
}

type funcRule struct {
	re     *regexp.Regexp
	negate bool
}

// funcNameMax is the size of xemit.c's func_line buffer: git cuts the
// name there, then drops trailing white space.
const funcNameMax = 80

// Built-in drivers, compiled from the funcname patterns of git's userdiff.c
// (git v2.39). Each pattern is a list of POSIX extended regexps, one per
// line; a leading '!' rejects a matching line.
var (
	cppDriver = newDriver("cpp",
		// Jump targets and access declarations are not functions.
		"!^[ \t]*[A-Za-z_][A-Za-z_0-9]*:[[:space:]]*($|/[/*])\n"+
			// Functions, variables and compounds at top level.
			"^((::[[:space:]]*)?[A-Za-z_].*)$",
		// The accepting rule needs a letter, '_' or ':' first.
		func(l []byte) bool { return len(l) > 0 && (isAlpha(l[0]) || l[0] == '_' || l[0] == ':') })
	dtsDriver = newDriver("dts",
		"!;\n"+
			"!=\n"+
			// A word, optionally after '&', or the root node.
			"^[ \t]*((/[ \t]*\\{|&?[a-zA-Z_]).*)",
		// No ';' or '=' (those reject), and after blanks '/', '&', a
		// letter or '_'.
		func(l []byte) bool {
			if bytes.IndexByte(l, ';') >= 0 || bytes.IndexByte(l, '=') >= 0 {
				return false
			}
			l = bytes.TrimLeft(l, " \t")
			return len(l) > 0 && (l[0] == '/' || l[0] == '&' || l[0] == '_' || isAlpha(l[0]))
		})
)

func newDriver(name, patterns string, mayMatch func([]byte) bool) *Driver {
	d := &Driver{Name: name, mayMatch: mayMatch}
	for _, p := range strings.Split(patterns, "\n") {
		neg := strings.HasPrefix(p, "!")
		d.rules = append(d.rules, funcRule{re: regexp.MustCompilePOSIX(strings.TrimPrefix(p, "!")), negate: neg})
	}
	return d
}

// GitDriver returns git's built-in diff driver of that name; "cpp" and
// "dts" are known (the ones the Linux tree uses). Other names give nil,
// which means git's default rule.
func GitDriver(name string) *Driver {
	switch name {
	case "cpp":
		return cppDriver
	case "dts":
		return dtsDriver
	}
	return nil
}

// KernelDriver selects the driver for a path as the Linux tree's
// top-level .gitattributes does (v6.1): *.c and *.h use cpp, *.dts and
// *.dtsi use dts, anything else git's default rule. It is meant for
// Options.Driver.
func KernelDriver(p string) *Driver {
	switch path.Ext(p) {
	case ".c", ".h":
		return cppDriver
	case ".dts", ".dtsi":
		return dtsDriver
	}
	return nil
}

// funcName reports whether line (with its line terminator) is a function
// line and, if so, the text to show: def_ff in xdiff/xemit.c without a
// driver, ff_regexp in xdiff-interface.c with one.
func (d *Driver) funcName(line []byte) ([]byte, bool) {
	if d == nil || d.rules == nil {
		if len(line) == 0 || !(isAlpha(line[0]) || line[0] == '_' || line[0] == '$') {
			return nil, false
		}
		return trimName(line), true
	}
	// The line terminator, with a CR before it, is not matched.
	if n := len(line); n > 0 && line[n-1] == '\n' {
		if n > 1 && line[n-2] == '\r' {
			line = line[:n-2]
		} else {
			line = line[:n-1]
		}
	}
	if d.mayMatch != nil && !d.mayMatch(line) {
		return nil, false
	}
	for _, r := range d.rules {
		loc := r.re.FindSubmatchIndex(line)
		if loc == nil {
			continue
		}
		if r.negate {
			return nil, false
		}
		if len(loc) >= 4 && loc[2] >= 0 {
			return trimName(line[loc[2]:loc[3]]), true
		}
		return trimName(line[loc[0]:loc[1]]), true
	}
	return nil, false
}

func trimName(s []byte) []byte {
	if len(s) > funcNameMax {
		s = s[:funcNameMax]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
