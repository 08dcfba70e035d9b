package edit

import (
	"errors"
	"strings"
	"testing"
)

// dumpProgram is the one-line dump of every top-level command.
func dumpProgram(p *Program) string {
	var d []string
	for _, c := range p.cmds {
		d = append(d, dump(c))
	}
	return strings.Join(d, " | ")
}

// parseTests pairs scripts with the dump of what they parse to. Dumps show
// addresses as chains (with the + sam implies), compounds in brackets with
// _ for a missing side, regexps after delimiter processing, a/c/i text
// decoded, s replacements as literal runs and \N references, and the
// default command of loops.
var parseTests = []struct{ script, dump string }{
	{"#5", "#5 \\n"},
	{"5", "5 \\n"},
	{"/re/", "/\"re\" \\n"},
	{"?re?", "?\"re\" \\n"},
	{"$", "$ \\n"},
	{".", ". \\n"},
	{"'", "' \\n"},
	{",", "[_,_] \\n"},
	{";", "[_;_] \\n"},
	{"1,2", "[1,2] \\n"},
	{"1;2", "[1;2] \\n"},
	{"+", "+ \\n"},
	{"-", "- \\n"},
	{"+2-1", "+2-1 \\n"},
	{"/foo/+2-#1", "/\"foo\"+2-#1 \\n"},
	{"0;/x/", "[0;/\"x\"] \\n"},
	{".,/}/", "[.,/\"}\"] \\n"},
	{"-/re/", "-/\"re\" \\n"},
	{"/a//b/", "/\"a\"+/\"b\" \\n"},
	{"/two/1", "/\"two\"+1 \\n"},
	{"3/a/", "3+/\"a\" \\n"},
	{"#3+", "#3+ \\n"},
	{".,$", "[.,$] \\n"},
	{",$", "[_,$] \\n"},
	{".+#1,.-#1p", "[.+#1,.-#1] p"},
	{"-?x?", "-?\"x\" \\n"},
	{"+?x?", "+?\"x\" \\n"},
	{"a/text/", "a \"text\""},
	{"a/a\\/b\\n\\\\c\\t/", "a \"a/b\\n\\\\c\\\\t\""},
	{"a", "a \"\""},
	{"x", "x (p)"},
	{"c/x", "c \"x\""},
	{"i/x/ ", "i \"x\""},
	{"a\nline1\n.", "a \"line1\\n\""},
	{"d", "d"},
	{"s/a/b/", "s1\"a\" \"b\""},
	{"s/a/b/g", "s1\"a\" \"b\" g"},
	{"s3/re/&\\1\\n\\t\\\\\\&x/", "s3\"re\" \\0\\1\"\\nt\\\\&x\""},
	{"m0", "m 0"},
	{"t$", "t $"},
	{"t /x/", "t /\"x\""},
	{"p", "p"},
	{"=", "= \"\""},
	{"=#", "= \"#\""},
	{"k", "k"},
	{"x/re/", "x\"re\" (p)"},
	{"x/re/ c/X/", "x\"re\" (c \"X\")"},
	{"x", "x (p)"},
	{"x p", "x (p)"},
	{",x /o/ c/0/", "[_,_] x (/\"o\" c \"0\")"},
	{"g/re/", "g\"re\" (p)"},
	{"v/re/ d", "v\"re\" (d)"},
	{"y/re/", "y\"re\" (p)"},
	{"X/re/ p", "X\"re\" (p)"},
	{"X p", "X (p)"},
	{"Y/re/ =", "Y\"re\" (= \"\")"},
	{"{\np\n=\n}", "{p; = \"\"}"},
	{"{p\n}", "{p}"},
	{"{\n\np\n\n\nd\n}", "{\\n; p; \\n; d}"},
	{"x/a/ {\np\n}", "x\"a\" ({p})"},
	{"1,$s/x/y/", "[1,$] s1\"x\" \"y\""},
	{"?e[\\?]?", "?\"e[?]\" \\n"},
	{"s/a/b/ ", "s1\"a\" \"b\""},
	{"x/a\\", "x\"a\\\\\" (p)"},
	{"s/x/a\\\n", "s1\"x\" \"a\\\\\""},
	{"/a\\\n", "/\"a\\\\\" \\n"},
	{"{\n{\np\n}\n}", "{{p}}"},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		p, err := Parse("-e", []byte(tt.script))
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.script, err)
			continue
		}
		if got := dumpProgram(p); got != tt.dump {
			t.Errorf("Parse(%q):\n got  %s\n want %s", tt.script, got, tt.dump)
		}
	}
}

// TestFormat checks that String gives a script that parses to the same
// program.
func TestFormat(t *testing.T) {
	for _, tt := range parseTests {
		p, err := Parse("-e", []byte(tt.script))
		if err != nil {
			continue
		}
		q, err := Parse("formatted", []byte(p.String()))
		if err != nil {
			t.Errorf("Parse(String(%q)) = %q: %v", tt.script, p.String(), err)
			continue
		}
		if a, b := dumpProgram(p), dumpProgram(q); a != b {
			t.Errorf("String(%q) = %q parses to\n %s\nnot\n %s", tt.script, p.String(), b, a)
		}
	}
}

// parseErrors must fail, at the given line and column, with sam's message.
var parseErrors = []struct {
	script    string
	line, col int
	code      Code
	msg       string
}{
	{"1,,2p", 1, 3, "address", "address"},
	{"y", 1, 2, "pattern-expected", "pattern expected"},
	{"s", 1, 2, "pattern-expected", "pattern expected"},
	{"a\\", 1, 2, "bad-delimiter", "bad delimiter `\\'"},
	{"vv", 1, 2, "bad-delimiter", "bad delimiter `v'"},
	{"s5a/b/", 1, 3, "bad-delimiter", "bad delimiter `a'"},
	{"Q", 1, 1, "unknown-command", "unknown command `Q'"},
	{"p\np\nZ", 3, 1, "unknown-command", "unknown command `Z'"},
	{"a\nx\n.\n1,2Z", 4, 4, "unknown-command", "unknown command `Z'"},
	{"x/(/ p\nQ", 2, 1, "unknown-command", "unknown command `Q'"},
	{"1X/a/ p", 1, 2, "no-address", "command takes no address"},
	{"x/a/ X", 1, 6, "not-supported", "`X' with no command runs `f', which is not supported in go-edit"},
	{"s/a/b/ g", 1, 8, "newline-expected", "newline expected"},
	{"{c/a/}", 1, 6, "newline-expected", "newline expected"},
	{"{\np\n}}", 3, 2, "newline-expected", "newline expected"},
	{"p q", 1, 3, "newline-expected", "newline expected"},
	{"k x", 1, 3, "newline-expected", "newline expected"},
	{"=x", 1, 2, "newline-expected", "newline expected"},
	{",g/zz/ = #", 1, 9, "newline-expected", "newline expected"},
	{"#1a/x/ y", 1, 8, "newline-expected", "newline expected"},
	{"}", 1, 1, "unmatched-brace", "unmatched `}'"},
	{"x/a/ }", 1, 6, "unmatched-brace", "unmatched `}'"},
	{".-.p", 1, 3, "address", "address"},
	{"1$", 1, 2, "address", "address"},
	{"1'", 1, 2, "address", "address"},
	{"1,;p", 1, 3, "address", "address"},
	{"t", 1, 2, "address", "address"},
	{"m", 1, 2, "address", "address"},
	{"//", 1, 2, "no-pattern", "pattern"},
	{"s//x/", 1, 3, "no-pattern", "pattern"},
	{"|sort", 1, 1, "sandbox", "`|' runs a program: refused by go-edit's sandbox"},
	{"<date", 1, 1, "sandbox", "`<' runs a program: refused by go-edit's sandbox"},
	{">/tmp/x", 1, 1, "sandbox", "`>' runs a program: refused by go-edit's sandbox"},
	{"p\n,x/a/ !ls", 2, 7, "sandbox", "`!' runs a program: refused by go-edit's sandbox"},
	{"w", 1, 1, "not-supported", "`w' is not supported in go-edit"},
	{"e foo", 1, 1, "not-supported", "`e' is not supported in go-edit"},
	{"r foo", 1, 1, "not-supported", "`r' is not supported in go-edit"},
	{"q", 1, 1, "not-supported", "`q' is not supported in go-edit"},
	{"u", 1, 1, "not-supported", "`u' is not supported in go-edit"},
	{"n", 1, 1, "not-supported", "`n' is not supported in go-edit"},
	{"B x", 1, 1, "not-supported", "`B' is not supported in go-edit"},
	{"D", 1, 1, "not-supported", "`D' is not supported in go-edit"},
	{"f x", 1, 1, "not-supported", "`f' is not supported in go-edit"},
	{"b x", 1, 1, "not-supported", "`b' is not supported in go-edit"},
	{"cd /", 1, 1, "not-supported", "`cd' is not supported in go-edit"},
	{"\"f\"p", 1, 1, "not-supported", "file addresses (\"file\") are not supported in go-edit"},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrors {
		_, err := Parse("-e", []byte(tt.script))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.script, err)
			continue
		}
		if e.Line != tt.line || e.Col != tt.col || e.Code != tt.code || e.Msg != tt.msg || e.Src != "-e" {
			t.Errorf("Parse(%q) = %s:%d:%d [%s] %q, want -e:%d:%d [%s] %q", tt.script, e.Src, e.Line, e.Col, e.Code, e.Msg, tt.line, tt.col, tt.code, tt.msg)
		}
	}
}

// TestParseLazyChecks: sam reports a bad regexp only when the command
// runs, so it is not a parse error.
func TestParseLazyChecks(t *testing.T) {
	for _, s := range []string{"x/(/ p", "g/[/ d", "/a**(/p", "v/a/ s/)/x/"} {
		if _, err := Parse("-e", []byte(s)); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse("fix.sam", []byte("p\n  Q\n"))
	if got, want := err.Error(), "fix.sam:2:3: unknown command `Q'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCommands(t *testing.T) {
	seen := map[rune]bool{}
	for _, c := range Commands() {
		if seen[c.Name] {
			t.Errorf("command %q listed twice", c.Name)
		}
		seen[c.Name] = true
		if c.Help == "" {
			t.Errorf("command %q has no help", c.Name)
		}
		if row := lookup(c.Name); (row.run == nil) != (c.Refused != "") {
			t.Errorf("command %q: refused %q but run func %v", c.Name, c.Refused, row.run != nil)
		}
	}
	for _, c := range "acdgikmpstvxyXY=" {
		if !seen[c] {
			t.Errorf("command %q missing", c)
		}
	}
}
