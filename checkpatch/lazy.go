package checkpatch

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// A lazyRegexp is a pattern of the rule set, compiled on first use: there
// are a few hundred, and compiling them all at start-up would cost every
// go-edit command tens of milliseconds, 'go-edit version' included.
// Patterns are package-level values whose expr is a constant, which the
// compiler lays out as data: they cost no code and no time at
// initialisation.
//
// An expr names the shared pieces (see pieces) the way checkpatch.pl does:
// $Type, or ${Type} where a letter, digit or '_' follows. A '$' before a
// capital letter means nothing else in a pattern, except inside a bracket
// expression, where it stays a literal '$'.
type lazyRegexp struct {
	expr     string
	compiled atomic.Pointer[compiledRegexp]
}

// compiledRegexp is a compiled pattern and the literals one of which every
// match of it contains (nil when none is known). Most patterns run on
// every line and match almost none; a substring search that fails spares
// the regexp engine, which has no such shortcut for a pattern that does
// not start with a literal.
type compiledRegexp struct {
	re   *regexp.Regexp
	need []literal
}

// A literal is a string a text must contain, with its ASCII letters in any
// case when fold is set (they are then in lower case).
type literal struct {
	text string
	fold bool
}

func (l *lazyRegexp) get() *compiledRegexp {
	if c := l.compiled.Load(); c != nil {
		return c
	}
	// Goroutines that get here at once compile the same pattern into
	// equal results; the first one stored is kept.
	// The patterns are constants, so an invalid one is a bug in this
	// package, and TestPatternsCompile finds it.
	l.compiled.CompareAndSwap(nil, compileRegexp(expandPieces(l.expr)))
	return l.compiled.Load()
}

// compileRegexp compiles expr and finds its required literals.
func compileRegexp(expr string) *compiledRegexp {
	c := &compiledRegexp{re: regexp.MustCompile(expr)}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		c.need = requiredLiterals(tree)
	}
	return c
}

// may reports whether s can hold a match: false when it contains none of
// the required literals.
func (c *compiledRegexp) may(s string) bool {
	if c.need == nil {
		return true
	}
	for _, n := range c.need {
		if n.fold && containsFold(s, n.text) || !n.fold && strings.Contains(s, n.text) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains lower, whose ASCII letters are
// in lower case, with those letters in any case.
func containsFold(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		j := 0
		for j < len(lower) && lowerASCII(s[i+j]) == lower[j] {
			j++
		}
		if j == len(lower) {
			return true
		}
	}
	return false
}

func lowerASCIIString(s string) string {
	b := []byte(s)
	for i := range b {
		b[i] = lowerASCII(b[i])
	}
	return string(b)
}

func lowerASCII(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// String returns the pattern with its pieces spelt out.
func (l *lazyRegexp) String() string { return l.get().re.String() }

func (l *lazyRegexp) MatchString(s string) bool {
	c := l.get()
	return c.may(s) && c.re.MatchString(s)
}

func (l *lazyRegexp) FindString(s string) string {
	if c := l.get(); c.may(s) {
		return c.re.FindString(s)
	}
	return ""
}

func (l *lazyRegexp) FindStringIndex(s string) []int {
	if c := l.get(); c.may(s) {
		return c.re.FindStringIndex(s)
	}
	return nil
}

func (l *lazyRegexp) FindStringSubmatch(s string) []string {
	if c := l.get(); c.may(s) {
		return c.re.FindStringSubmatch(s)
	}
	return nil
}

func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	if c := l.get(); c.may(s) {
		return c.re.FindStringSubmatchIndex(s)
	}
	return nil
}

func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	if c := l.get(); c.may(s) {
		return c.re.FindAllStringIndex(s, n)
	}
	return nil
}

func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	if c := l.get(); c.may(s) {
		return c.re.FindAllStringSubmatch(s, n)
	}
	return nil
}

func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if c := l.get(); c.may(s) {
		return c.re.FindAllStringSubmatchIndex(s, n)
	}
	return nil
}

func (l *lazyRegexp) ReplaceAllString(s, repl string) string {
	if c := l.get(); c.may(s) {
		return c.re.ReplaceAllString(s, repl)
	}
	return s
}

func (l *lazyRegexp) ReplaceAllLiteralString(s, repl string) string {
	if c := l.get(); c.may(s) {
		return c.re.ReplaceAllLiteralString(s, repl)
	}
	return s
}

func (l *lazyRegexp) Split(s string, n int) []string { return l.get().re.Split(s, n) }

// expandPieces replaces the $Name and ${Name} of expr, outside bracket
// expressions, by the pieces they name, themselves expanded.
func expandPieces(expr string) string {
	if !strings.Contains(expr, "$") {
		return expr
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\\' && i+1 < len(expr):
			b.WriteString(expr[i : i+2])
			i++
			continue
		case inClass && strings.HasPrefix(expr[i:], "[:"):
			// a named class such as [:alpha:] holds a ']'
			if j := strings.Index(expr[i+2:], ":]"); j >= 0 {
				b.WriteString(expr[i : i+2+j+2])
				i += 2 + j + 1
				continue
			}
		case !inClass && c == '[':
			inClass = true
			b.WriteByte(c)
			// a ']' first in the class, after an optional '^', is literal
			j := i + 1
			if j < len(expr) && expr[j] == '^' {
				j++
			}
			if j < len(expr) && expr[j] == ']' {
				j++
			}
			b.WriteString(expr[i+1 : j])
			i = j - 1
			continue
		case inClass && c == ']':
			inClass = false
		case !inClass && c == '$':
			if name, n := pieceName(expr[i+1:]); n > 0 {
				b.WriteString(expandPieces(piece(name)))
				i += n
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pieceName returns the name of the piece that s, following a '$', names
// and the number of bytes the name takes, or 0 when s names none.
func pieceName(s string) (string, int) {
	if rest, ok := strings.CutPrefix(s, "{"); ok {
		if j := strings.IndexByte(rest, '}'); j > 0 {
			return rest[:j], j + 2
		}
		return "", 0
	}
	n := 0
	for n < len(s) && (s[n] >= 'A' && s[n] <= 'Z' || n > 0 && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= '0' && s[n] <= '9')) {
		n++
	}
	return s[:n], n
}

// piece returns the piece named name; a name that is not one is a bug in
// this package, and TestPatternsCompile finds it.
func piece(name string) string {
	for _, p := range pieces {
		if p.name == name {
			return p.expr
		}
	}
	panic("checkpatch: no pattern piece named $" + name)
}

// maxNeed bounds the literals a pattern is tested for, beyond which the
// substring searches would cost more than they spare.
const maxNeed = 8

// requiredLiterals returns literals one of which is in every text that re
// matches, or nil when it knows none. Of the choices a concatenation
// offers, it keeps the one whose shortest literal is longest.
func requiredLiterals(re *syntax.Regexp) []literal {
	switch re.Op {
	case syntax.OpLiteral:
		if l, ok := literalOf(re); ok {
			return []literal{l}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpCharClass:
		// a small class: one of its characters
		var out []literal
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == maxNeed || r == utf8.RuneError {
					return nil
				}
				out = append(out, literal{text: string(r)})
			}
		}
		return out
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			need := requiredLiterals(sub)
			if need == nil || len(out)+len(need) > maxNeed {
				return nil
			}
			out = append(out, need...)
		}
		return out
	case syntax.OpConcat:
		var best []literal
		var run literal // adjacent literals make one longer literal
		for i, sub := range re.Sub {
			l, ok := literal{}, false
			if sub.Op == syntax.OpLiteral {
				l, ok = literalOf(sub)
			}
			if ok {
				// Exact text is also text in any case.
				if run.fold != l.fold {
					run.text, l.text = lowerASCIIString(run.text), lowerASCIIString(l.text)
				}
				run = literal{text: run.text + l.text, fold: run.fold || l.fold}
			} else {
				best = betterNeed(best, requiredLiterals(sub))
			}
			if run.text != "" && (!ok || i == len(re.Sub)-1) {
				best = betterNeed(best, []literal{run})
				run = literal{}
			}
		}
		return best
	}
	return nil
}

// literalOf returns the text a literal node matches, if it is one text or
// (under case folding) one ASCII text in any case: not when a letter also
// folds to a non-ASCII one (k to the Kelvin sign, s to the long s), nor
// when it holds U+FFFD, which also matches invalid UTF-8.
func literalOf(re *syntax.Regexp) (literal, bool) {
	fold := false
	for _, r := range re.Rune {
		if r == utf8.RuneError {
			return literal{}, false
		}
		if re.Flags&syntax.FoldCase == 0 {
			continue
		}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= utf8.RuneSelf || r >= utf8.RuneSelf {
				return literal{}, false
			}
			fold = true
		}
	}
	if fold {
		return literal{text: lowerASCIIString(string(re.Rune)), fold: true}, true
	}
	return literal{text: string(re.Rune)}, true
}

// betterNeed returns the more selective of two sets of required literals:
// the one whose shortest string is longer, or with fewer strings.
func betterNeed(a, b []literal) []literal {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	shortest := func(set []literal) int {
		n := len(set[0].text)
		for _, l := range set[1:] {
			n = min(n, len(l.text))
		}
		return n
	}
	if sa, sb := shortest(a), shortest(b); sa != sb {
		if sb > sa {
			return b
		}
		return a
	}
	if len(b) < len(a) {
		return b
	}
	return a
}
