package checkpatch

import (
	"regexp"
	"sync"
)

// A lazyRegexp is compiled on first use. The rule set has a few hundred
// patterns; compiling them at package initialisation cost every go-edit
// command tens of milliseconds of start-up, 'go-edit version' included.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// allPatterns lists every lazy pattern, so a test can compile them all.
var allPatterns []*lazyRegexp

// lazyRE returns a pattern compiled when first used; an invalid expr is a
// bug in this package, and TestPatternsCompile finds it.
func lazyRE(expr string) *lazyRegexp {
	l := &lazyRegexp{expr: expr}
	allPatterns = append(allPatterns, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) String() string                       { return l.expr }
func (l *lazyRegexp) MatchString(s string) bool            { return l.get().MatchString(s) }
func (l *lazyRegexp) FindString(s string) string           { return l.get().FindString(s) }
func (l *lazyRegexp) FindStringIndex(s string) []int       { return l.get().FindStringIndex(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }
func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.get().FindAllStringSubmatch(s, n)
}
func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}
func (l *lazyRegexp) ReplaceAllString(s, repl string) string {
	return l.get().ReplaceAllString(s, repl)
}
func (l *lazyRegexp) ReplaceAllLiteralString(s, repl string) string {
	return l.get().ReplaceAllLiteralString(s, repl)
}
func (l *lazyRegexp) Split(s string, n int) []string { return l.get().Split(s, n) }
