package edit

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
)

type streamOut struct{ stdout, stderr bytes.Buffer }

func (s *streamOut) Print(p Print) error {
	if p.Kind == PrintText || p.Kind == PrintOutput {
		s.stdout.Write(p.Text)
	} else {
		s.stderr.WriteString(p.String() + "\n")
	}
	return nil
}

// runStream runs a script as go-edit exec --stream does, on a buffer named
// "buf", and returns its stdout, stderr and error message (sam's wording).
func runStream(script, input []byte, noPrint bool) (stdout, stderr []byte, msg string) {
	var out streamOut
	p, err := Parse("-e", script)
	if err == nil {
		var res *Result
		res, err = p.Run("buf", input, &out, Options{})
		if err == nil && !noPrint {
			out.stdout.Write(res.Text)
		}
	}
	var e *Error
	if errors.As(err, &e) {
		msg = e.Msg
	} else if err != nil {
		msg = err.Error()
	}
	return out.stdout.Bytes(), out.stderr.Bytes(), msg
}

// addrTests give an address and what =# prints for it (or the error) on
// the buffer "one\ntwo\nthree\nfour\n", as plan9port sam does.
var addrTests = []struct{ addr, want, err string }{
	{"#0", "#0", ""},
	{"#4", "#4", ""},
	{"#4+1", "#4,#8", ""},
	{"#4-1", "#0,#4", ""},
	{"#19", "#19", ""},
	{"#20", "", "address range"},
	{"0", "#0", ""},
	{"1", "#0,#4", ""},
	{"4", "#14,#19", ""},
	{"5", "#19", ""},
	{"6", "", "address range"},
	{"$", "#19", ""},
	{".", "#0,#19", ""},
	{"'", "#0", ""},
	{"/two/", "#4,#7", ""},
	{"/o/", "#0,#1", ""},
	{"?o?", "#15,#16", ""},
	{"/t/,/f/", "#4,#15", ""},
	{"/two/,+1", "#4,#19", ""},
	{"/two/;+1", "#4,#14", ""},
	{"1,3", "#0,#14", ""},
	{"3,1", "", "addresses out of order"},
	{",", "#0,#19", ""},
	{";", "#0,#19", ""},
	{",2", "#0,#8", ""},
	{"2,", "#4,#19", ""},
	{"$-1", "#14,#19", ""},
	{"$-2", "#8,#14", ""},
	{"#5+0", "#5,#8", ""},
	{"#5-0", "#4,#5", ""},
	{"#5+-", "#4,#8", ""},
	{"#5-+", "#4,#8", ""},
	{"2+-", "#4,#8", ""},
	{"2-+", "#4,#8", ""},
	{"/two/1", "#8,#14", ""},
	{"/a//b/", "", "search"},
	{"-/two/", "#4,#7", ""},
	{"/foo/", "", "search"},
	{".+1", "#19", ""},
	{"+", "#19", ""},
	{"-", "#0", ""},
	{"+2-1", "", "address range"},
	{"0;/o/", "#0,#1", ""},
	{"/four/+1", "#19", ""},
	{"/four/+2", "", "address range"},
	{"/e/-#1", "#1", ""},
	{"/e/+#1", "#4", ""},
	{"#1-#2", "", "address range"},
	{"/o*/", "#0,#1", ""},
	{"/^/", "#0", ""},
	{"/$/", "#3", ""},
	{"?$?", "#19", ""},
	{"$;?^?", "", "addresses out of order"},
	{"-#0", "#0", ""},
	{"+#3", "", "address range"},
}

// addrNoEOLTests are the same on "a\nb\nc", which lacks a final newline.
var addrNoEOLTests = []struct{ addr, want, err string }{
	{"$-1", "#2,#4", ""},
	{"$", "#5", ""},
	{"3", "#4,#5", ""},
	{"4", "", "address range"},
	{"$-0", "#4,#5", ""},
	{"#5", "#5", ""},
	{"#6", "", "address range"},
	{"/c/+1", "", "address range"},
	{"/$/", "#1", ""},
	{"?$?", "#5", ""},
	{",", "#0,#5", ""},
}

func TestAddresses(t *testing.T) {
	check := func(in string, addr, want, wantErr string) {
		t.Helper()
		_, stderr, msg := runStream([]byte(addr+"=#\n"), []byte(in), true)
		if got := strings.TrimSuffix(string(stderr), "\n"); got != want || msg != wantErr {
			t.Errorf("%s on %q: =# %q error %q, want %q error %q", addr, in, got, msg, want, wantErr)
		}
	}
	for _, tt := range addrTests {
		check("one\ntwo\nthree\nfour\n", tt.addr, tt.want, tt.err)
	}
	for _, tt := range addrNoEOLTests {
		check("a\nb\nc", tt.addr, tt.want, tt.err)
	}
}

// cmdTests give a script, its input, and what sam printed on stdout and
// stderr (the final buffer included) and its error, the script given a
// final newline as sam reads it.
var cmdTests = []struct{ script, in, stdout, stderr, err string }{
	{"2a/X/", "a\nb\n", "a\nb\nX", "", ""},
	{"2a/X\\n/", "a\nb\n", "a\nb\nX\n", "", ""},
	{"2i/X\\n/", "a\nb\n", "a\nX\nb\n", "", ""},
	{"2c/X\\n/", "a\nb\nc\n", "a\nX\nc\n", "", ""},
	{"2d", "a\nb\nc\n", "a\nc\n", "", ""},
	{"a\nline 1\nline 2\n.", "a\n", "a\nline 1\nline 2\n", "", ""},
	{"1c\n.", "a\nb\n", "b\n", "", ""},
	{"a/\\t\\\\\\//", "x\n", "x\n\\t\\/", "", ""},
	{"a|a\\|b|", "x\n", "x\na|b", "", ""},
	{"a/&/", "x\n", "x\n&", "", ""},
	{",s/a/b/", "aaa\n", "baa\n", "", ""},
	{",s/a/b/g", "aaa\n", "bbb\n", "", ""},
	{",s2/a/b/", "aaa\n", "aba\n", "", ""},
	{",s2/a/b/g", "aaaa\n", "abbb\n", "", ""},
	{",s/z/b/", "aaa\n", "", "", "substitution"},
	{",s/(a)(b)/\\2\\1/g", "abab\n", "baba\n", "", ""},
	{",s/a/[&]/g", "aa\n", "[a][a]\n", "", ""},
	{",s/a/\\&\\t\\0\\\\/", "a\n", "&t0\\\n", "", ""},
	{",s/a/\\n/g", "aXa\n", "\nX\n\n", "", ""},
	{",s/x*/-/g", "abc\n", "-a-b-c-\n-", "", ""},
	{",s|a\\|b|X|g", "abc\n", "XXc\n", "", ""},
	{",s/(a|ab)(c|bcd)/[\\1,\\2]/", "abcd\n", "[a,bcd]\n", "", ""},
	{",x/a/ s/z/y/", "aa\n", "aa\n", "", ""},
	{",g/a/ s/z/y/", "aa\n", "", "", "substitution"},
	{",{\ns/z/y/\n}", "aa\n", "", "", "substitution"},
	{",x/a*/ i/-/", "baaac\n", "-b-aaac-\n-", "", ""},
	{",y/a/ c/X/", "bab\n", "XaX", "", ""},
	{",y/x/ c/X/", "bab\n", "X", "", ""},
	{",y/b/ c/X/", "bab\n", "XbXbX", "", ""},
	{",x p", "a\nb\nc", "a\nb\nca\nb\nc", "", ""},
	{",x /b/ c/0/", "ab\nbb\nc\n", "", "", "changes not in sequence"},
	{"#1,#5x p", "abc\ndef\n", "bc\ndabc\ndef\n", "", ""},
	{",x/b/", "abcb\n", "bbabcb\n", "", ""},
	{",y/b/", "abcb\n", "ac\nabcb\n", "", ""},
	{",g/b/", "abc\n", "abc\nabc\n", "", ""},
	{",v/b/", "abc\n", "abc\n", "", ""},
	{",v/z/ d", "abc\n", "", "", ""},
	{",x/^/ a/>/", "a\nb\n", ">a\n>b\n", "", ""},
	{",x/$/ a/</", "a\nb", "a<\nb", "", ""},
	{",x/.$/ c/X/", "ab\ncd", "aX\ncd", "", ""},
	{"2x/^./ c/X/", "ab\ncd\n", "ab\nXd\n", "", ""},
	{"1,2m$", "a\nb\nc\n", "c\na\nb\n", "", ""},
	{"1t$", "a\nb\n", "a\nb\na\n", "", ""},
	{"3m0", "a\nb\nc\n", "c\na\nb\n", "", ""},
	{"1,2m1", "a\nb\nc\n", "", "", "addresses overlap"},
	{"1,3m2", "a\nb\nc\n", "", "", "addresses overlap"},
	{"2p", "a\nb\nc\n", "b\na\nb\nc\n", "", ""},
	{"2=", "a\nb\nc\n", "a\nb\nc\n", "2; #2,#4\n", ""},
	{"2=#", "a\nb\nc\n", "a\nb\nc\n", "#2,#4\n", ""},
	{"2,3=", "a\nb\nc\n", "a\nb\nc\n", "2,3; #2,#6\n", ""},
	{"#2=", "aé\nb\n", "aé\nb\n", "1; #2\n", ""},
	{"/é/=", "aéb\n", "aéb\n", "1; #1,#2\n", ""},
	{"2k\n'p", "a\nb\nc\n", "b\na\nb\nc\n", "", ""},
	{"/b/\n\n", "a\nb\nc\n", "bb\nc\na\nb\nc\n", "", ""},
	{"", "a\nb\n", "a\nb\n", "", ""},
	{"\n", "a\nb\n", "a\nb\n", "", ""},
	{"X/buf/ ,s/a/X/", "a\n", "X\n", "", ""},
	{"Y/buf/ ,s/a/X/", "a\n", "a\n", "", ""},
	{"X ,p", "a\n", "a\na\n", "", ""},
	{"X/a/ X/b/ p", "a\n", "a\n", "", ""},
	{",x/a/ {\nd\na/Y/\n}", "aba\n", "YbY\n", "", ""},
	{",x/a/ {\na/1/\ni/2/\n}", "a\n", "", "", "changes not in sequence"},
	{"{\n,s/x/y/g\n,s/z/w/g\n}", "zx\n", "", "", "changes not in sequence"},
	{",s/x/y/g\n,s/z/w/g", "zx\n", "wy\n", "", ""},
	{",x/(/ p", "a\n", "", "", "no operand for `('"},
	{",g/[/ p", "a\n", "", "", "malformed `[]'"},
	{",v/a/ x/(/ p", "a\n", "a\n", "", ""},
	{"p\n/zz/p\np", "a\n", "a\n", "", "search"},
	{",x/a/ =", "aXa\n", "aXa\n", "1; #0,#1\n1; #2,#3\n", ""},
	{"1,2d\n=", "a\nb\nc\n", "c\n", "1; #0\n", ""},
	{",c/X/\n=", "a\nb\n", "X", "1; #0,#1\n", ""},
	{"3a/X/\n=", "a\nb\n", "a\nb\nX", "3; #4,#5\n", ""},
	{"1d\n1d", "a\nb\nc\n", "c\n", "", ""},
	{",x/b/d\n,p", "abab\n", "aa\naa\n", "", ""},
	{"x/a/ c/b/\n=", "aaa\n", "bbb\n", "1; #0,#1\n", ""},
	{"$a/x/", "", "x", "", ""},
	{",p", "", "", "", ""},
	{",s/^/x/", "", "x", "", ""},
	{",x p", "", "", "", ""},
	{"1d", "", "", "", ""},
	{"1p", "noeol", "noeolnoeol", "", ""},
	{"$-1d", "a\nb", "b", "", ""},
	{"X/buf/ X/b/ p", "a\n", "", "", "can't nest X or Y"},
	{",x/a/ Y/zz/ X/buf/ p", "a\n", "", "", "can't nest X or Y"},
	{"X/buf$/ =", "a\n", "a\n", "1; #0,#2\n", ""},
}

func TestCommandsRun(t *testing.T) {
	for _, tt := range cmdTests {
		stdout, stderr, msg := runStream([]byte(tt.script+"\n"), []byte(tt.in), false)
		if string(stdout) != tt.stdout || string(stderr) != tt.stderr || msg != tt.err {
			t.Errorf("%q on %q:\n got  %q %q %q\n want %q %q %q", tt.script, tt.in, stdout, stderr, msg, tt.stdout, tt.stderr, tt.err)
		}
	}
}

// TestSequence checks the rule of SAM.md section 6 on one range ("b" in
// "abc\n"): which pairs of changes a group may make in order.
func TestSequence(t *testing.T) {
	for _, tt := range []struct {
		first, second string
		want          string // final text, or "" for the error
	}{
		{"i/1/", "a/2/", "a1b2c\n"},
		{"i/1/", "d", "a1c\n"},
		{"c/1/", "a/2/", "a12c\n"},
		{"d", "a/2/", "a2c\n"},
		{"a/1/", "a/2/", "ab12c\n"},
		{"i/1/", "i/2/", "a12bc\n"},
		{"a/1/", "i/2/", ""},
		{"a/1/", "c/2/", ""},
		{"c/1/", "i/2/", ""},
		{"d", "i/2/", ""},
		{"c/1/", "c/2/", ""},
		{"d", "d", ""},
		{"a//", "i/2/", "a2bc\n"}, // empty changes are ignored
		{"c/1/", "d", ""},
	} {
		script := fmt.Sprintf("/b/{\n%s\n%s\n}\n", tt.first, tt.second)
		p, err := Parse("-e", []byte(script))
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Run("buf", []byte("abc\n"), nil, Options{})
		if tt.want == "" {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeSequence || e.Msg != "changes not in sequence" {
				t.Errorf("%s then %s: %v, want changes not in sequence", tt.first, tt.second, err)
				continue
			}
			// The error is at the second command and names the first.
			if e.Line != 3 || e.Col != 1 || !strings.Contains(e.Note, "command at 2:1") {
				t.Errorf("%s then %s: error at %d:%d note %q, want 3:1 naming 2:1", tt.first, tt.second, e.Line, e.Col, e.Note)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s then %s: %v", tt.first, tt.second, err)
			continue
		}
		if string(res.Text) != tt.want {
			t.Errorf("%s then %s: %q, want %q", tt.first, tt.second, res.Text, tt.want)
		}
	}
}

// TestSequenceDiscards: a failing command's changes are all dropped, and
// the run stops.
func TestSequenceDiscards(t *testing.T) {
	p, err := Parse("-e", []byte(",s/x/X/\n{\n,s/y/Y/g\n,s/a/A/g\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var out streamOut
	res, err := p.Run("buf", []byte("ayxa\n"), &out, Options{})
	if res != nil || err == nil || err.(*Error).Line != 4 {
		t.Fatalf("Run = %v, %v; want an error on line 4", res, err)
	}
}

// TestDot checks where each command leaves dot (printed by = on the next
// line) and the mark.
func TestDot(t *testing.T) {
	const in = "one\ntwo\nthree\n"
	// What sam prints; comments say why where it is not obvious.
	for _, tt := range []struct{ script, want string }{
		{"2a/X\\n/", "3; #8,#10"},
		{"2i/X\\n/", "2; #4,#6"},
		{"2c/X/", "2; #4,#5"},
		{"2d", "2; #4"},
		{"2s/w/WW/", "2; #4,#9"},
		{"2p", "2; #4,#8"},
		{"2=", "1,3; #0,#14"}, // = leaves dot alone
		{"2k", "1,3; #0,#14"},
		{"2k\n'=", "1,3; #0,#14"},
		{",x/o/", "2; #6,#7"},      // no change: the last match
		{",x/o/ c/0/", "1; #0,#1"}, // sam's merged undo record leaves dot on the first change
		{",g/two/", "1,3; #0,#14"},
		{"2g/two/ =", "2; #4,#8"},
		{"/two/;/e/", "2,3; #4,#12"},
		{"0;/two/=", "1; #0"}, // ; makes a1 dot for good
		{"1t$", "4; #14,#18"},
		{"1m$", "1,3; #0,#14"},
		{"3m0", "1,3; #0,#14"},
		{",s/o/0/g", "1,3; #0,#14"},
		{",x/e/ a/E/", "1; #3,#4"},
		{"2,3y/o/ i/-/", "2; #4,#5"},
		{"$a/end/", "4; #14,#17"},
		{"1k\n2d\n'=", "2; #4"},
	} {
		_, stderr, msg := runStream([]byte(tt.script+"\n=\n"), []byte(in), true)
		lines := strings.Split(strings.TrimSuffix(string(stderr), "\n"), "\n")
		if got := lines[len(lines)-1]; got != tt.want || msg != "" {
			t.Errorf("%q then =: %q %q, want %q", tt.script, got, msg, tt.want)
		}
	}
}

// applySteps replays Result.Steps on the input.
func applySteps(in []byte, steps [][]Change) []byte {
	for _, step := range steps {
		in = apply(in, step)
	}
	return in
}

func TestSteps(t *testing.T) {
	script := ",x/a/ c/A/\n1d\n2a/!/\np\n"
	p, err := Parse("-e", []byte(script))
	if err != nil {
		t.Fatal(err)
	}
	in := []byte("a b a\nxay\nz\n")
	res, err := p.Run("buf", in, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]Change{
		{{Off: 0, End: 1, Text: []byte("A"), Pos: 6}, {Off: 4, End: 5, Text: []byte("A"), Pos: 6}, {Off: 7, End: 8, Text: []byte("A"), Pos: 6}},
		{{Off: 0, End: 6, Pos: 12}},
		{{Off: 6, End: 6, Text: []byte("!"), Pos: 15}},
		nil,
	}
	if got, wantS := fmt.Sprint(res.Steps), fmt.Sprint(want); got != wantS {
		t.Errorf("Steps = %s\nwant    %s", got, wantS)
	}
	if got := applySteps(in, res.Steps); !bytes.Equal(got, res.Text) || string(res.Text) != "xAy\nz\n!" {
		t.Errorf("Text = %q, steps give %q", res.Text, got)
	}
}

// TestBytesSurvive: NUL, invalid UTF-8, CR and a missing final newline
// are ordinary text, kept byte for byte; # counts an invalid byte as one
// rune.
func TestBytesSurvive(t *testing.T) {
	for _, tt := range []struct{ script, in, out, stderr string }{
		{",x/b/ c/B/", "a\x00b\xff\r\nb", "a\x00B\xff\r\nB", ""},
		{"#3,#4p", "a\x00\xffb\n", "b" + "a\x00\xffb\n", ""},
		{"#2,#3=", "a\xff\xfeb\n", "a\xff\xfeb\n", "1; #2,#3\n"},
		{",s/\r$/X/g", "a\r\nb\r\n", "aX\nbX\n", ""},
		{"$a/end/", "no newline", "no newlineend", ""},
		{",p", "", "", ""},
		{",x/./ c/./", "é\xe9\x00", "...", ""},
	} {
		stdout, stderr, msg := runStream([]byte(tt.script), []byte(tt.in), false)
		if string(stdout) != tt.out || string(stderr) != tt.stderr || msg != "" {
			t.Errorf("%q on %q: %q %q %q, want %q %q", tt.script, tt.in, stdout, stderr, msg, tt.out, tt.stderr)
		}
	}
}

// TestInputUntouched: Run never writes to the text it is given, and its
// result never aliases it.
func TestInputUntouched(t *testing.T) {
	for _, script := range []string{"p", ",s/a/b/g", ",x/a/ d"} {
		p, _ := Parse("-e", []byte(script))
		in := []byte("banana\n")
		res, err := p.Run("buf", in, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res.Text[0] = 'X'
		if string(in) != "banana\n" {
			t.Errorf("%s: input became %q", script, in)
		}
	}
}

func TestInLoop(t *testing.T) {
	p, _ := Parse("-e", []byte(",s/zz/y/\n"))
	if _, err := p.Run("buf", []byte("a\n"), nil, Options{}); err == nil || err.(*Error).Code != CodeSubstitution {
		t.Errorf("without InLoop: %v, want substitution", err)
	}
	if res, err := p.Run("buf", []byte("a\n"), nil, Options{InLoop: true}); err != nil || string(res.Text) != "a\n" {
		t.Errorf("with InLoop: %v %v", res, err)
	}
}

// TestRegexpErrorPosition: a bad regexp is reported where it is written,
// when it first runs.
func TestRegexpErrorPosition(t *testing.T) {
	p, err := Parse("-e", []byte("p\n,x/a(/ d\n"))
	if err != nil {
		t.Fatal(err)
	}
	var out streamOut
	_, err = p.Run("buf", []byte("a\n"), &out, Options{})
	e, ok := err.(*Error)
	if !ok || e.Line != 2 || e.Col != 4 || e.Code != CodeUnmatchedParen || out.stdout.String() != "a\n" {
		t.Errorf("err = %v (%+v), printed %q", err, e, out.stdout.String())
	}
}

type failingPrinter struct{ n int }

var errPrinter = errors.New("printer gave up")

func (f *failingPrinter) Print(Print) error {
	if f.n++; f.n > 2 {
		return errPrinter
	}
	return nil
}

func TestPrinterError(t *testing.T) {
	p, _ := Parse("-e", []byte(",x p\n"))
	if _, err := p.Run("buf", []byte("1\n2\n3\n4\n"), &failingPrinter{}, Options{}); err != errPrinter {
		t.Errorf("err = %v, want the printer's", err)
	}
}

func TestPrintString(t *testing.T) {
	for _, tt := range []struct {
		p    Print
		want string
	}{
		{Print{Kind: PrintLine, Line1: 3, Line2: 3, Rune1: 8, Rune2: 8}, "3; #8"},
		{Print{Kind: PrintLine, Line1: 3, Line2: 3, Rune1: 8, Rune2: 14}, "3; #8,#14"},
		{Print{Kind: PrintLine, Line1: 1, Line2: 4, Rune1: 0, Rune2: 20}, "1,4; #0,#20"},
		{Print{Kind: PrintChar, Line1: 1, Line2: 4, Rune1: 0, Rune2: 20}, "#0,#20"},
		{Print{Kind: PrintChar, Rune1: 7, Rune2: 7}, "#7"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// TestConcurrentRun runs one Program on many buffers at once (go test
// -race checks it shares nothing).
func TestConcurrentRun(t *testing.T) {
	p, err := Parse("-e", []byte(",x/[a-z]+/ g/o/ c/<&>/\n,s/<(.)/[\\1/g\n"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := []byte(strings.Repeat(fmt.Sprintf("foo bar %d boo\n", i), 50))
			want := strings.Repeat(fmt.Sprintf("[&> bar %d [&>\n", i), 50) // & is literal in c text
			for range 20 {
				res, err := p.Run(fmt.Sprint(i), in, nil, Options{})
				if err != nil || string(res.Text) != want {
					t.Errorf("goroutine %d: %v %q", i, err, res.Text)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLiterals(t *testing.T) {
	for _, tt := range []struct {
		script string
		lits   string // sorted, joined by |; "-" for not ok
	}{
		{",x/printk\\(KERN_ERR/ c/pr_err(/", "printk(KERN_ERR"},
		{"x/foo/ d", "foo"},
		{",s/kmalloc/kzalloc/g", "kmalloc"},
		{",g/CONFIG_FOO/ d", "CONFIG_FOO"},
		{",x/a|b/ d\n,s/cc/d/", "a|b|cc"},
		{",{\nx/foo/ d\ns/bar/baz/\n}", "bar|foo"},
		{",x/.*\\n/ g/CONFIG_FOO/ d", "CONFIG_FOO"},
		{",x g/foo/ d", "foo"},
		{".,$x/foo/ d", "foo"},
		{"0,.x/foo/ d", "foo"},
		{"", ""},
		{",v/foo/ d", "-"},
		{",y/foo/ d", "-"},
		{",x/foo/ d\np", "-"},
		{"/foo/d", "-"},
		{"3x/foo/ d", "-"},
		{"',.x/foo/ d", "-"},
		{",x/.*/ d", "-"},
		{",x/(/ d", "-"},
		{",g/.*/ d", "-"},
		{",g/a.*/ d", "a"},
		{",{\nx/foo/ d\np\n}", "-"},
		{"\n", "-"},
		{",x/foo/ d\n=", "-"},
	} {
		p, err := Parse("-e", []byte(tt.script))
		if err != nil {
			t.Fatalf("%q: %v", tt.script, err)
		}
		lits, ok := p.Literals()
		got := "-"
		if ok {
			var s []string
			for _, l := range lits {
				s = append(s, string(l))
			}
			sort.Strings(s)
			got = strings.Join(s, "|")
		}
		if got != tt.lits {
			t.Errorf("Literals(%q) = %q, want %q", tt.script, got, tt.lits)
		}
	}
}
