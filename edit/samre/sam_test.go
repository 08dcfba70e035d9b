package samre

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The differential test against plan9port sam: for random expressions and
// texts, sam -d runs an x loop, a forward and a backward address search and
// a substitution that shows every group, and the same is computed here.

// samOracle returns the path of sam, or skips.
func samOracle(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("sam")
	if err != nil {
		t.Skip("sam (plan9port) not on PATH: no differential test against sam")
	}
	return path
}

// runSam runs script on text with sam -d and returns its stdout and the
// lines of its stderr after the file menu line.
func runSam(t *testing.T, sam string, script string, text []byte) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, text, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sam, "-d", file)
	cmd.Stdin = strings.NewReader(script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("sam: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], " -. ") {
		t.Fatalf("sam: no file menu line in %q", stderr.String())
	}
	return stdout.String(), lines[1:]
}

// runeOff converts a byte offset in buf to the rune offset sam prints.
func runeOff(buf []byte, off int) int { return utf8.RuneCount(buf[:off]) }

func fmtRange(buf []byte, m []int) string {
	if m[0] == m[1] {
		return fmt.Sprintf("#%d", runeOff(buf, m[0]))
	}
	return fmt.Sprintf("#%d,#%d", runeOff(buf, m[0]), runeOff(buf, m[1]))
}

// nextRune and prevRune step one rune as sam's p++ and p-- do.
func nextRune(buf []byte, p int) int {
	if p >= len(buf) {
		return p + 1
	}
	_, w := decodeRune(buf[p:])
	return p + w
}

func prevRune(buf []byte, p int) int {
	if p <= 0 {
		return p - 1
	}
	_, w := decodeLastRune(buf[:p])
	return p - w
}

// xLoop is sam's x loop (looper in xec.c) over the whole buffer: the
// ranges the subcommand runs on.
func xLoop(re *Regexp, buf []byte) []string {
	var out []string
	op := -1
	for p := 0; p <= len(buf); {
		m := re.Find(buf, 0, len(buf), p, nil)
		if m == nil {
			break
		}
		if m[0] == m[1] {
			if m[0] == op {
				p = nextRune(buf, p)
				continue
			}
			p = nextRune(buf, m[1])
		} else {
			p = m[1]
		}
		out = append(out, fmtRange(buf, m))
		op = m[1]
	}
	return out
}

// addrSearch is sam's nextmatch: a search that skips an empty match at
// its starting point.
func addrSearch(re *Regexp, buf []byte, p int, backward bool) string {
	if !backward {
		m := re.Search(buf, p, nil)
		if m == nil {
			return "?search"
		}
		if m[0] == m[1] && m[0] == p {
			if p = nextRune(buf, p); p > len(buf) {
				p = 0
			}
			m = re.Search(buf, p, nil)
		}
		return fmtRange(buf, m)
	}
	m := re.SearchBackward(buf, p, nil)
	if m == nil {
		return "?search"
	}
	if m[0] == m[1] && m[1] == p {
		if p = prevRune(buf, p); p < 0 {
			p = len(buf)
		}
		m = re.SearchBackward(buf, p, nil)
	}
	return fmtRange(buf, m)
}

// groupsTemplate is the replacement that shows the match and every group.
const groupsTemplate = "\x01&\x02\\1\x02\\2\x02\\3\x02\\4\x02\\5\x02\\6\x02\\7\x02\\8\x02\\9\x01"

func groupsText(buf []byte, m []int) string {
	var b strings.Builder
	b.WriteString("\x01")
	for k := 0; k < 10; k++ {
		if k > 0 {
			b.WriteString("\x02")
		}
		if 2*k < len(m) && m[2*k] >= 0 {
			b.Write(buf[m[2*k]:m[2*k+1]])
		}
	}
	b.WriteString("\x01")
	return b.String()
}

// samCase compares one expression on one text with sam.
func samCase(t *testing.T, sam, expr string, buf []byte, fwdFrom, bwdFrom int) {
	t.Helper()
	re, err := Compile(expr)
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	script := fmt.Sprintf(",x/%s/ =#\n0 =\n#%d/%s/ =#\n0 =\n#%d?%s? =#\n0 =\n,s/%s/%s/\n,p\n",
		expr, runeOff(buf, fwdFrom), expr, runeOff(buf, bwdFrom), strings.ReplaceAll(expr, "?", `\?`), expr, groupsTemplate)
	stdout, lines := runSam(t, sam, script, buf)

	var sections [][]string
	cur := []string{}
	for _, l := range lines {
		if strings.Contains(l, ";") {
			sections = append(sections, cur)
			cur = []string{}
			continue
		}
		if l == "?changed files" || l == "?substitution" {
			continue
		}
		cur = append(cur, l)
	}
	if len(sections) != 3 {
		t.Fatalf("sam output for %q on %q: %q", expr, buf, lines)
	}
	for _, sec := range sections {
		if len(sec) == 1 && sec[0] == "?reg. exp. list overflow" {
			t.Logf("%q on %q: sam overflows its thread list", expr, buf)
			return
		}
	}
	x := xLoop(re, buf)
	if strings.Join(x, " ") != strings.Join(sections[0], " ") {
		t.Errorf("x/%s/ on %q: got %q, sam %q", expr, buf, x, sections[0])
	}
	if got := addrSearch(re, buf, fwdFrom, false); []string{got}[0] != strings.Join(sections[1], " ") {
		t.Errorf("#%d/%s/ on %q: got %s, sam %q", runeOff(buf, fwdFrom), expr, buf, got, sections[1])
	}
	if got := addrSearch(re, buf, bwdFrom, true); got != strings.Join(sections[2], " ") {
		t.Errorf("#%d?%s? on %q: got %s, sam %q", runeOff(buf, bwdFrom), expr, buf, got, sections[2])
	}
	want := string(buf)
	if m := re.Find(buf, 0, len(buf), 0, nil); m != nil {
		want = string(buf[:m[0]]) + groupsText(buf, m) + string(buf[m[1]:])
	}
	if stdout != want {
		t.Errorf("s/%s/ on %q: got %q, sam %q", expr, buf, want, stdout)
	}
}

func TestSamOracle(t *testing.T) {
	sam := samOracle(t)
	for _, tc := range []struct{ expr, text string }{
		{`(a|ab)(c|bcd)`, "abcd\n"},
		{`[ab](.)+`, "xbxbabbb\n"}, // sam is not longest here: #1,#4
		{`[ab][^\n]+`, "xbxbabbb\n"},
		{`^`, "a\n"},
		{`$`, "a\nb"},
		{`a*`, "baab"},
		{`(a*)*b`, "aab\n"},
		{`((a)|b)*`, "abba\n"},
		{`(a+)+b`, "aaab\naab"},
		{`x*`, ""},
		{`.`, ""},
		{`(((((((((((a)))))))))))`, "xa"},
		{`[^]`, "a\nb"},
		{`[]a]`, "a]a"},
		{`é+.`, "aééb\n"},
		{`a+?`, "baaa"},
		{`(a?)+`, "aa"},
		{`(a+)?`, "aa"},
		{"a\\\r", "ba\r\n"},
		{`{2}`, "a{2}"},
		{`[a-\z]`, "abz]\\-é\n"},
		{`[\a-z]`, "abz]\\-\n"},
		{`[a-\]]`, "abz]\\-\n"},
		{`[\]-a]`, "abz]\\-\n"},
	} {
		buf := []byte(tc.text)
		samCase(t, sam, tc.expr, buf, len(buf)/2, len(buf)/2)
	}
	n := 300
	if s := os.Getenv("SAMRE_ORACLE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		n = 30
	}
	textLen := 12
	if s := os.Getenv("SAMRE_ORACLE_LEN"); s != "" {
		textLen, _ = strconv.Atoi(s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range n {
		expr := randomSamExpr(r)
		buf := randomSamText(r, textLen)
		ps := runeStarts(buf, 0, len(buf))
		samCase(t, sam, expr, buf, ps[r.IntN(len(ps))], ps[r.IntN(len(ps))])
		if t.Failed() {
			break
		}
	}
}

// randomSamExpr is randomExpr without the bytes sam cannot hold.
func randomSamExpr(r *rand.Rand) string {
	for {
		e := randomExpr(r, 4)
		if !strings.Contains(e, "\xff") {
			return e
		}
	}
}

func randomSamText(r *rand.Rand, n int) []byte {
	return bytes.ReplaceAll(randomText(r, n), []byte{0xff}, []byte("c"))
}

func TestSamOracleErrors(t *testing.T) {
	sam := samOracle(t)
	for _, expr := range []string{`*a`, `a||b`, `a(b|)c`, `(|b)`, `()`, `(a`, `a)`, `[a-]`, `[-a]`, `[a`, `a(|b)`, `(*)`, `a+|*`, `[a-b-c]`} {
		_, err := Compile(expr)
		if err == nil {
			t.Errorf("Compile(%q) succeeded", expr)
			continue
		}
		_, lines := runSam(t, sam, fmt.Sprintf(",x/%s/ =#\n", expr), []byte("abc\n"))
		if want := "?" + err.(*Error).Msg; len(lines) != 1 || lines[0] != want {
			t.Errorf("Compile(%q) = %q, sam says %q", expr, want, lines)
		}
	}
}

// Real kernel sources against sam, for the kind of expression go-edit is
// for. GOEDIT_KSRC names the tree (make test sets it).
func TestSamOracleKernel(t *testing.T) {
	sam := samOracle(t)
	ksrc := os.Getenv("GOEDIT_KSRC")
	if ksrc == "" {
		t.Skip("GOEDIT_KSRC not set: no kernel sources to compare with sam on")
	}
	files := []string{"kernel/fork.c", "drivers/net/ethernet/intel/e1000/e1000_main.c", "fs/namei.c", "include/linux/list.h"}
	exprs := []string{
		`[a-z_]+\(`, `k[mz]alloc\(`, `printk\(KERN_[A-Z]+`, `^static`, `;$`, `\{[^}]*\}`,
		`(struct|union) ([a-z_0-9]+)`, `"[^"\n]*"`, `^[ 	]+return (-?[A-Z]+|0);$`, `(if|while) \(!?([a-z_>.\-]+)\)`,
		`\*.*\*`, `#(define|include) *([^ ]*)`, `([a-z]+)_([a-z]+)_([a-z]+)`, `^}$`, `\n\n+`,
	}
	for _, f := range files {
		buf, err := os.ReadFile(filepath.Join(ksrc, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.IndexByte(buf, 0) >= 0 || !utf8.Valid(buf) {
			t.Fatalf("%s: not NUL-free UTF-8; sam would change it", f)
		}
		ps := runeStarts(buf, 0, len(buf))
		for i, expr := range exprs {
			samCase(t, sam, expr, buf, ps[(i+1)*len(ps)/(len(exprs)+2)], ps[(i+2)*len(ps)/(len(exprs)+2)])
		}
	}
}
