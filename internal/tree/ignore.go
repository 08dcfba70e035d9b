package tree

import (
	"bytes"
	"strings"
)

// A pattern is one line of a .gitignore file, parsed as gitignore(5) says
// and as git's dir.c does it.
type pattern struct {
	glob    string // what is matched: without "!", the trailing "/" and a leading "/"
	negate  bool   // "!": re-include what an earlier pattern excluded
	dirOnly bool   // trailing "/": match directories only
	base    bool   // no "/" in the pattern: match the base name at any depth
	kind    patternKind
	prefix  string // literal text every match starts with (kindGlob)
	needle  string // literal text every match contains (kindGlob)
}

// patternKind picks a fast path for the common kernel patterns ("*.o",
// "vmlinux") and wildmatch for everything else.
type patternKind uint8

const (
	kindGlob    patternKind = iota
	kindLiteral             // no metacharacter: compare
	kindSuffix              // "*" then no metacharacter: compare the tail (base-name patterns only)
)

// parsePattern parses one line, already stripped of its newline, CR and
// trailing spaces. It reports false for lines that match nothing: blank
// lines, comments and patterns that end up empty.
//
//	line = [ "!" ] [ "/" ] glob [ "/" ]   (a leading "\" escapes "!" or "#")
func parsePattern(line string) (pattern, bool) {
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i] // git holds lines as C strings
	}
	if line == "" || line[0] == '#' {
		return pattern{}, false
	}
	var p pattern
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = line[:len(line)-1]
	}
	if line == "" {
		return pattern{}, false
	}
	p.base = strings.IndexByte(line, '/') < 0
	if line[0] == '/' {
		line = line[1:]
	}
	p.glob = line
	switch {
	case !hasMeta(line):
		p.kind = kindLiteral
	case p.base && line[0] == '*' && !hasMeta(line[1:]):
		p.kind = kindSuffix
	default:
		p.prefix, p.needle = literals(line)
	}
	return p, true
}

// literals returns the literal text before a glob's first metacharacter,
// and its longest literal run outside sets. Every match starts with the
// first and, unless a ** can match nothing around a '/', contains the
// second; checking them first spares most wildmatch calls.
func literals(glob string) (prefix, needle string) {
	prefix = glob[:strings.IndexAny(glob, `*?[\`)]
	if strings.Contains(glob, "**") {
		return prefix, ""
	}
	start := 0
	for i := 0; i <= len(glob); i++ {
		if i < len(glob) && !strings.ContainsRune(`*?[\`, rune(glob[i])) {
			continue
		}
		if i-start > len(needle) {
			needle = glob[start:i]
		}
		if i < len(glob) {
			switch glob[i] {
			case '\\':
				i++
			case '[':
				end, _, valid := matchSet(glob, i, 0)
				if !valid {
					return prefix, ""
				}
				i = end
			}
		}
		start = i + 1
	}
	if strings.Contains(prefix, needle) {
		needle = "" // checking the prefix is enough
	}
	return prefix, needle
}

// match reports whether the pattern matches a path. rel is the path relative
// to the directory holding the pattern's .gitignore, name its base name.
func (p *pattern) match(rel, name string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	subject := rel
	if p.base {
		subject = name
	}
	switch p.kind {
	case kindLiteral:
		return subject == p.glob
	case kindSuffix:
		return strings.HasSuffix(subject, p.glob[1:])
	}
	return strings.HasPrefix(subject, p.prefix) && strings.Contains(subject, p.needle) &&
		wildmatch(p.glob, subject, !p.base)
}

// parseIgnore splits the contents of a .gitignore (or info/exclude) file into
// patterns, line by line as git's add_patterns_from_buffer does: a UTF-8 BOM
// is skipped, a CR before the LF dropped, and unescaped trailing spaces
// trimmed.
func parseIgnore(data []byte) []pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var pats []pattern
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if p, ok := parsePattern(trimTrailingSpaces(string(line))); ok {
			pats = append(pats, p)
		}
	}
	return pats
}

// trimTrailingSpaces drops the spaces (not tabs) ending s unless a backslash
// escapes the first of them. A final lone backslash keeps everything.
func trimTrailingSpaces(s string) string {
	end := -1 // start of the current run of trailing spaces
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if end < 0 {
				end = i
			}
		case '\\':
			i++
			if i == len(s) {
				return s
			}
			end = -1
		default:
			end = -1
		}
	}
	if end >= 0 {
		return s[:end]
	}
	return s
}

// An ignoreFile holds the patterns of one .gitignore, applying to the paths
// below dir (tree-relative, "" for the root). The patterns are indexed by
// kind so that a path is not tried against each of the hundred patterns of
// the kernel's top .gitignore in turn: literals are looked up, "*.ext"
// patterns are found by the name's extension, and only true globs are
// matched one by one. The last matching pattern in file order wins.
type ignoreFile struct {
	dir  string
	pats []pattern

	names    map[string][]int32 // literal base-name patterns, by name
	paths    map[string][]int32 // literal anchored patterns, by relative path
	suffixes map[string][]int32 // "*SUFFIX" patterns, by the text after SUFFIX's last '.'
	tails    []int32            // "*SUFFIX" patterns whose SUFFIX has no '.'
	globs    []int32            // the rest
}

func newIgnoreFile(dir string, pats []pattern) *ignoreFile {
	f := &ignoreFile{dir: dir, pats: pats}
	add := func(m *map[string][]int32, k string, i int32) {
		if *m == nil {
			*m = map[string][]int32{}
		}
		(*m)[k] = append((*m)[k], i)
	}
	for i, p := range pats {
		i := int32(i)
		switch {
		case p.kind == kindLiteral && p.base:
			add(&f.names, p.glob, i)
		case p.kind == kindLiteral:
			add(&f.paths, p.glob, i)
		case p.kind == kindSuffix:
			if dot := strings.LastIndexByte(p.glob, '.'); dot >= 0 {
				add(&f.suffixes, p.glob[dot+1:], i)
			} else {
				f.tails = append(f.tails, i)
			}
		default:
			f.globs = append(f.globs, i)
		}
	}
	return f
}

// decide returns whether the last pattern of f matching path says to ignore
// it, and false for found when none matches.
func (f *ignoreFile) decide(path, name string, isDir bool) (ignored, found bool) {
	rel := path
	if f.dir != "" {
		rel = path[len(f.dir)+1:]
	}
	best := int32(-1)
	// last returns the highest index in idx (ascending) above best whose
	// pattern matches.
	last := func(idx []int32) {
		for k := len(idx) - 1; k >= 0 && idx[k] > best; k-- {
			if p := &f.pats[idx[k]]; p.match(rel, name, isDir) {
				best = idx[k]
				return
			}
		}
	}
	if f.names != nil {
		last(f.names[name])
	}
	if f.paths != nil {
		last(f.paths[rel])
	}
	if f.suffixes != nil {
		if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
			last(f.suffixes[name[dot+1:]])
		}
	}
	last(f.tails)
	last(f.globs)
	if best < 0 {
		return false, false
	}
	return !f.pats[best].negate, true
}

// ignoreStack is the chain of ignore files that applies inside one
// directory, innermost last; stack[0] is .git/info/exclude, which ranks
// below every .gitignore.
type ignoreStack []*ignoreFile

// ignored reports whether path (tree-relative, whose parent directories are
// known not to be ignored) is ignored: the deepest file with a matching
// pattern decides, and within a file the last matching pattern.
func (s ignoreStack) ignored(path string, isDir bool) bool {
	name := path[strings.LastIndexByte(path, '/')+1:]
	for i := len(s) - 1; i >= 0; i-- {
		if ign, found := s[i].decide(path, name, isDir); found {
			return ign
		}
	}
	return false
}
