package tree

import (
	"regexp"
	"strings"
	"testing"
)

// Cases in the spirit of git's t3070-wildmatch: pattern, text, whether it
// matches with pathname semantics (gitignore paths) and as a base name.
var wildmatchTests = []struct {
	pattern, text string
	path, base    bool
}{
	{"foo", "foo", true, true},
	{"foo", "bar", false, false},
	{"", "", true, true},
	{"???", "foo", true, true},
	{"??", "foo", false, false},
	{"*", "foo", true, true},
	{"f*", "foo", true, true},
	{"*f", "foo", false, false},
	{"*foo*", "foo", true, true},
	{"*ob*a*r*", "foobar", true, true},
	{"*ab", "aaaaaaabababab", true, true},
	{`foo\*`, "foo*", true, true},
	{`foo\*bar`, "foobar", false, false},
	{`f\\oo`, `f\oo`, true, true},
	{`foo\`, `foo\`, false, false}, // a trailing backslash matches nothing
	{"*[al]?", "ball", true, true},
	{"[ten]", "ten", false, false},
	{"**[!te]", "ten", true, true},
	{"**[!ten]", "ten", false, false},
	{"t[a-g]n", "ten", true, true},
	{"t[!a-g]n", "ten", false, false},
	{"t[!a-g]n", "ton", true, true},
	{"t[^a-g]n", "ton", true, true},
	{"a[]]b", "a]b", true, true},
	{"a[]-]b", "a-b", true, true},
	{"a[]-]b", "a]b", true, true},
	{"a[]-]b", "aab", false, false},
	{"a[]a-]b", "aab", true, true},
	{"]", "]", true, true},
	{"[", "[", false, false},    // unterminated set
	{"[!", "[!", false, false},  // unterminated set
	{"a[", "a[", false, false},  // unterminated set
	{`[\]]`, "]", true, true},   // escaped ] in a set
	{`[\-_]`, "-", true, true},  // escaped - in a set
	{`[A-\\]`, "[", true, true}, // escaped range end
	{`[[:alpha:]]`, "a", true, true},
	{`[[:alpha:]]`, "1", false, false},
	{`[[:digit:][:upper:]]`, "Q", true, true},
	{`[[:xdigit:]]`, "f", true, true},
	{`[[:space:]]`, "\t", true, true},
	{`[[:space:]]`, "\v", false, false}, // git's ctype: " \t\n\r" only
	{`[[:punct:]]`, "_", true, true},
	{`[[:nope:]]`, "n", false, false},  // unknown class: matches nothing
	{`[[:alpha:]-z]`, "-", true, true}, // no range after a class
	{`[[:]`, ":", true, true},          // not a class: a set of "[" and ":"
	{`[[:]`, "[", true, true},
	{`[a-c-e]`, "-", true, true}, // a range then a literal -
	{`[-a]`, "-", true, true},
	{`[a-]`, "-", true, true},
	{`[z-a]`, "m", false, false},
	{"foo/bar", "foo/bar", true, true},
	{"foo?bar", "foo/bar", false, true},
	{"foo*bar", "foo/bar", false, true},
	{"foo[/]bar", "foo/bar", false, true},
	{"foo[^a-z]bar", "foo/bar", false, true},
	{"*/bar", "foo/bar", true, true},
	{"*/bar", "a/foo/bar", false, true},
	{"**/foo", "foo", true, false},
	{"**/foo", "a/foo", true, true},
	{"**/foo", "a/b/foo", true, true},
	{"**/foo", "afoo", false, false},
	{"foo/**", "foo/a", true, true},
	{"foo/**", "foo/a/b", true, true},
	{"foo/**", "foo", false, false},
	{"foo/**/bar", "foo/bar", true, false},
	{"foo/**/bar", "foo/a/b/bar", true, true},
	{"foo/**/bar", "foo/abar", false, false},
	{"foo**bar", "foo/bar", false, true}, // not a whole component: ** is *
	{"foo**bar", "fooXbar", true, true},
	{"**bar", "a/bar", false, true},
	{"a/**b", "a/x/b", false, true},
	{`**\/foo`, "x/foo", true, true},
	{`**\/foo`, "foo", false, false},
	{"***/foo", "a/foo", true, true},
	{"**", "a/b/c", true, true},
	{"a/*/b", "a/x/b", true, true},
	{"a/*/b", "a/x/y/b", false, true},
	{"*.c", "drivers/net/x.c", false, true},
	{"XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", "XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1", true, true},
	{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1", false, false},
	{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", false, false},
}

func TestWildmatch(t *testing.T) {
	for _, tt := range wildmatchTests {
		if got := wildmatch(tt.pattern, tt.text, true); got != tt.path {
			t.Errorf("wildmatch(%q, %q, pathname) = %v, want %v", tt.pattern, tt.text, got, tt.path)
		}
		if got := wildmatch(tt.pattern, tt.text, false); got != tt.base {
			t.Errorf("wildmatch(%q, %q, base) = %v, want %v", tt.pattern, tt.text, got, tt.base)
		}
	}
}

// TestWildmatchLinear guards against exponential backtracking: the
// abort results must cut the search short.
func TestWildmatchLinear(t *testing.T) {
	text := strings.Repeat("a", 60)
	for _, p := range []string{strings.Repeat("*a", 20) + "b", strings.Repeat("**/a", 10) + "b", strings.Repeat("a*", 30) + "b"} {
		if wildmatch(p, text, true) || wildmatch(p, strings.Repeat("a/", 30), true) {
			t.Errorf("%q matched", p)
		}
	}
}

// refRegexp translates a glob into a regular expression, independently of
// wildmatch's backtracking, for the shapes it understands: literals,
// escapes, ?, *, ** and simple sets. ok is false for other sets, whose
// quirks the git differential test covers.
func refRegexp(glob string, pathname bool) (re *regexp.Regexp, ok bool) {
	any, one := "[^/]", "[^/]*"
	if !pathname {
		any, one = ".", ".*"
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '\\':
			if i+1 == len(glob) {
				return regexp.MustCompile(`^\b\B`), true // matches nothing
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		case '?':
			b.WriteString(any)
		case '*':
			j := i
			for j+1 < len(glob) && glob[j+1] == '*' {
				j++
			}
			double := j > i
			rest := glob[j+1:]
			atStart := i == 0 || glob[i-1] == '/'
			switch {
			case !pathname:
				b.WriteString(".*")
			case double && atStart && rest == "":
				b.WriteString(".*")
			case double && atStart && strings.HasPrefix(rest, "/"):
				b.WriteString("(?:.*/)?")
				j++ // the slash
			case double && atStart && strings.HasPrefix(rest, `\/`):
				b.WriteString(".*")
			default:
				b.WriteString(one)
			}
			i = j
		case '[':
			end := strings.IndexByte(glob[i+1:], ']')
			if end < 1 {
				return nil, false
			}
			body := glob[i+1 : i+1+end]
			neg := body[0] == '!' || body[0] == '^'
			if neg {
				body = body[1:]
			}
			if body == "" || strings.ContainsAny(body, `[]\^!`) || strings.HasPrefix(body, "-") || strings.HasSuffix(body, "-") || strings.Count(body, "-") > 1 {
				return nil, false
			}
			if k := strings.IndexByte(body, '-'); k >= 0 && body[k-1] > body[k+1] {
				return nil, false
			}
			set := regexp.QuoteMeta(body)
			set = strings.ReplaceAll(set, `\-`, "-")
			if pathname && (strings.Contains(body, "/") || spansSlash(body)) {
				return nil, false
			}
			switch {
			case neg && pathname:
				b.WriteString("[^/" + set + "]")
			case neg:
				b.WriteString("[^" + set + "]")
			default:
				b.WriteString("[" + set + "]")
			}
			i += end + 1
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, false
	}
	return re, true
}

// spansSlash reports whether a simple set's range spans '/', which a pathname set
// must not match; the reference leaves those to the differential test.
func spansSlash(body string) bool {
	i := strings.IndexByte(body, '-')
	return i > 0 && body[i-1] <= '/' && '/' <= body[i+1]
}

// asciiPrintable maps fuzz bytes onto printable ASCII, so patterns and
// paths stay what file names hold and what Go's regexp reads as UTF-8.
func asciiPrintable(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = ' ' + c%95
	}
	return string(b)
}

// FuzzPattern checks the gitignore pattern parser and matcher: any line
// parses without panicking; wildmatch agrees with the regular-expression
// reference; and a parsed pattern's fast paths (literal, suffix, prefix and
// needle checks) agree with plain wildmatch.
func FuzzPattern(f *testing.F) {
	for _, tt := range wildmatchTests {
		f.Add(tt.pattern, tt.text)
	}
	for _, s := range []string{"*.o", "/vmlinux", "!*.c", "doc/", "*.c.[012]*.*", `\#*#`, "/arch/*/include/generated/", "a/**/b", "**/x/**", "foo\\ \\ ", "*.tab.[ch]"} {
		f.Add(s, "arch/x86/include/generated/asm.h")
	}
	f.Fuzz(func(t *testing.T, line, path string) {
		parseIgnore([]byte(line)) // raw bytes: must not panic
		line, path = asciiPrintable(line), asciiPrintable(path)
		for _, pathname := range []bool{true, false} {
			got := wildmatch(line, path, pathname)
			if re, ok := refRegexp(line, pathname); ok && re.MatchString(path) != got {
				t.Fatalf("wildmatch(%q, %q, %v) = %v, reference %v says %v", line, path, pathname, got, re, !got)
			}
		}
		p, ok := parsePattern(line)
		if !ok {
			return
		}
		name := path[strings.LastIndexByte(path, '/')+1:]
		for _, isDir := range []bool{false, true} {
			subject := path
			if p.base {
				subject = name
			}
			want := wildmatch(p.glob, subject, !p.base) && (isDir || !p.dirOnly)
			if got := p.match(path, name, isDir); got != want {
				t.Fatalf("pattern %q (%+v) on %q dir=%v: fast path says %v, wildmatch %v", line, p, path, isDir, got, want)
			}
		}
	})
}
