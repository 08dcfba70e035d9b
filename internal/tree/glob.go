package tree

import "strings"

// wildmatch reports whether name matches the glob pattern under the rules of
// git's wildmatch (used for .gitignore, pathspecs and our own globs):
//
//	?        any byte but '/'
//	*        any run of bytes without '/'
//	**       when it is a whole path component (at the start or after '/',
//	         and at the end or before '/'): any run of bytes, '/' included;
//	         "a/**/b" also matches "a/b"; elsewhere ** is *
//	[...]    a set: ranges a-z, [:alpha:]-style classes, ! or ^ to negate,
//	         a leading ] taken literally; never matches '/'
//	\c       the byte c
//
// With pathname false (base-name matching), '*' and '?' also match '/', as
// git does when it matches a base name. A malformed set or class makes the
// pattern match nothing, also as in git.
func wildmatch(pattern, name string, pathname bool) bool {
	return wild(pattern, name, pathname) == wmMatch
}

// wmResult is the outcome of matching a pattern suffix against a name suffix.
// The two abort results let a star stop trying longer prefixes once no
// longer prefix can help, which keeps matching polynomial.
type wmResult int

const (
	wmMatch wmResult = iota
	wmNoMatch
	wmAbortAll        // the name ran out: no star to the left can help
	wmAbortToStarStar // a '/' stopped a single star: only a ** can help
)

// wild matches p against t. A ** counts as a path component only if it starts
// p or follows a '/'; p never begins right after a non-slash ** in a recursive
// call, so looking at p's own start is enough.
func wild(p, t string, pathname bool) wmResult {
	for pi, ti := 0, 0; ; pi, ti = pi+1, ti+1 {
		if pi == len(p) {
			if ti == len(t) {
				return wmMatch
			}
			return wmNoMatch
		}
		pc := p[pi]
		if ti == len(t) && pc != '*' {
			return wmAbortAll
		}
		var tc byte
		if ti < len(t) {
			tc = t[ti]
		}
		switch pc {
		case '\\':
			pi++
			if pi == len(p) || p[pi] != tc {
				return wmNoMatch
			}
		case '?':
			if pathname && tc == '/' {
				return wmNoMatch
			}
		case '[':
			next, ok, valid := matchSet(p, pi, tc)
			if !valid {
				return wmAbortAll
			}
			if !ok || (pathname && tc == '/') {
				return wmNoMatch
			}
			pi = next
		case '*':
			start := pi
			for pi+1 < len(p) && p[pi+1] == '*' {
				pi++
			}
			double := pi > start
			rest := p[pi+1:]
			matchSlash := !pathname
			if double && pathname {
				if (start == 0 || p[start-1] == '/') &&
					(rest == "" || rest[0] == '/' || strings.HasPrefix(rest, `\/`)) {
					// "**/" may match no directory at all.
					if rest != "" && rest[0] == '/' && wild(rest[1:], t[ti:], pathname) == wmMatch {
						return wmMatch
					}
					matchSlash = true
				}
			}
			if rest == "" {
				if !matchSlash && strings.IndexByte(t[ti:], '/') >= 0 {
					return wmNoMatch
				}
				return wmMatch
			}
			for ; ti <= len(t); ti++ {
				r := wild(rest, t[ti:], pathname)
				if r != wmNoMatch && (!matchSlash || r != wmAbortToStarStar) {
					return r
				}
				if ti == len(t) {
					break
				}
				if !matchSlash && t[ti] == '/' {
					return wmAbortToStarStar
				}
			}
			return wmAbortAll
		default:
			if pc != tc {
				return wmNoMatch
			}
		}
	}
}

// matchSet matches the byte c against the set starting at p[open] == '['.
// It returns the index of the closing ']', whether c is in the set (negation
// applied), and false for valid when the set is unterminated or names an
// unknown class.
func matchSet(p string, open int, c byte) (end int, ok, valid bool) {
	i := open + 1
	negated := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negated = true
		i++
	}
	matched := false
	var prev byte // the last single byte seen, for ranges; 0 after a range or class
	for first := true; first || i < len(p) && p[i] != ']'; first = false {
		if i >= len(p) {
			return 0, false, false
		}
		pc := p[i]
		switch {
		case pc == '\\':
			i++
			if i >= len(p) {
				return 0, false, false
			}
			pc = p[i]
			if c == pc {
				matched = true
			}
		case pc == '-' && prev != 0 && i+1 < len(p) && p[i+1] != ']':
			i++
			hi := p[i]
			if hi == '\\' {
				i++
				if i >= len(p) {
					return 0, false, false
				}
				hi = p[i]
			}
			if prev <= c && c <= hi {
				matched = true
			}
			pc = 0
		case pc == '[' && i+1 < len(p) && p[i+1] == ':':
			s := i + 2
			j := s
			for j < len(p) && p[j] != ']' {
				j++
			}
			if j == len(p) {
				return 0, false, false
			}
			if j-s-1 < 0 || p[j-1] != ':' {
				// Not a class after all: '[' is literal and the scan
				// resumes at the ':'.
				if c == '[' {
					matched = true
				}
				prev = '['
				i++
				continue
			}
			in, known := inClass(p[s:j-1], c)
			if !known {
				return 0, false, false
			}
			if in {
				matched = true
			}
			i = j
			pc = 0
		default:
			if c == pc {
				matched = true
			}
		}
		prev = pc
		i++
	}
	if i >= len(p) {
		return 0, false, false
	}
	return i, matched != negated, true
}

// inClass reports whether c belongs to the named POSIX class, with git's
// ASCII-only definitions (git's sane_ctype: space is " \t\n\r").
func inClass(name string, c byte) (in, known bool) {
	lower := 'a' <= c && c <= 'z'
	upper := 'A' <= c && c <= 'Z'
	digit := '0' <= c && c <= '9'
	switch name {
	case "alnum":
		return lower || upper || digit, true
	case "alpha":
		return lower || upper, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < 0x20 || c == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return 0x21 <= c && c <= 0x7e, true
	case "lower":
		return lower, true
	case "print":
		return 0x20 <= c && c <= 0x7e, true
	case "punct":
		return 0x21 <= c && c <= 0x7e && !lower && !upper && !digit, true
	case "space":
		return c == ' ' || c == '\t' || c == '\n' || c == '\r', true
	case "upper":
		return upper, true
	case "xdigit":
		return digit || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F', true
	}
	return false, false
}

// hasMeta reports whether s contains a glob metacharacter (git's
// is_glob_special: * ? [ \).
func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }
