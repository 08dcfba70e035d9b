package checkpatch

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestOperatorIndexes holds the hand-written operator scanner to the
// regexp alternation it replaces, on random text made of operator
// characters, letters and blanks.
func TestOperatorIndexes(t *testing.T) {
	var quoted []string
	for _, op := range operators {
		quoted = append(quoted, regexp.QuoteMeta(op))
	}
	re := regexp.MustCompile(strings.Join(quoted, "|"))
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "<>=!+-*/%^|&~,?:; ab\t()"
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		want := re.FindAllStringIndex(s, -1)
		if got := operatorIndexes(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	}
}

// TestFastPaths holds the hand-written shortcuts to the patterns they stand
// for or guard: commentEdge to /\*|\*/, endsInSpace to every line that
// trailingWS matches.
func TestFastPaths(t *testing.T) {
	edge := regexp.MustCompile(`/\*|\*/`)
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "/* +\t\r\nab\""
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		if got, want := commentEdge(s), edge.FindString(s); got != want {
			t.Fatalf("commentEdge(%q) = %q, want %q", s, got, want)
		}
		if trailingWS.MatchString(s) && !endsInSpace(s) {
			t.Fatalf("trailingWS matches %q, which endsInSpace rejects", s)
		}
	}
}

// TestMayStartType holds mayStartType's test of words that start with
// "__" to the patterns it guards: whenever one of them matches a text
// that starts with such a word, mayStartType must accept the text.
func TestMayStartType(t *testing.T) {
	words := []string{"__func__", "__FUNCTION__", "__attribute__", "__le32", "__be16", "__u8", "__s64",
		"__kernel_size_t", "__foo_handler", "__foo_handler_fn", "__int8_t", "__uint32_t", "__typeof__",
		"__LINE__", "__initdata", "__initconst", "__devinitdata", "__net_initconst", "__alloc_size",
		"__data", "__x", "__", "___", "__init_or_module", "__always_inline", "__inline__", "__const"}
	for _, p := range underscoreStarts {
		words = append(words, p, p+"x", p+"_", p[:len(p)-1])
	}
	for _, p := range strings.Split(expandPieces(`$Modifier`), "|") {
		if strings.HasPrefix(p, "__") || strings.HasPrefix(p, "(?:__") {
			words = append(words, strings.TrimPrefix(p, "(?:"))
		}
	}
	tails := []string{"", " ", " x", " *x;", "(", "(1)", ")", ",", " ## y_t", "\n", " __user x", " int", "_t x;"}
	r := rand.New(rand.NewPCG(7, 8))
	for _, w := range words {
		for range 20 {
			s := w + tails[r.IntN(len(tails))] + tails[r.IntN(len(tails))]
			if !strings.HasPrefix(s, "__") {
				continue
			}
			if (avDeclare.MatchString(s) || avModifier.MatchString(s) || avCast.MatchString("("+s)) && !mayStartType(s) {
				t.Errorf("a type or modifier pattern matches %q, which mayStartType rejects", s)
			}
		}
	}
}

// TestLeadingOps holds token's operator lists to the anchored alternations
// they stand for: checkpatch's $Assignment and $Operators, and the
// operators that may be unary.
func TestLeadingOps(t *testing.T) {
	for _, tc := range []struct {
		ops  []string
		expr string
	}{
		{assignmentOps[:], `^(?:$Assignment)`},
		{unaryOps[:], `^(?:-|\+|\*|&&|&)`},
		{valueOps[:], `^(?:$Operators)`},
	} {
		re := regexp.MustCompile(expandPieces(tc.expr))
		r := rand.New(rand.NewPCG(9, 10))
		const alphabet = "<>=!+-*/%^|&~,?:;[ a"
		for range 20000 {
			b := make([]byte, r.IntN(5))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			s := string(b)
			if got, want := leadingOp(s, tc.ops), len(re.FindString(s)); got != want {
				t.Fatalf("%s on %q: leadingOp %d, pattern %d", tc.expr, s, got, want)
			}
		}
	}
}

// TestMayDeclare holds mayDeclare to learnDecl, which it guards, on random
// statements made of the tokens of declarations and of other statements.
func TestMayDeclare(t *testing.T) {
	tokens := []string{"int", "foo", "static", "const", "__user", "struct", "x", " ", "\t", "\n", "\v", "*", " ## ",
		";", "=", ",", "(", ")", "(*", "-", ">", ".", "[", "]", "__alloc_size(1)", "__init", "0"}
	r := rand.New(rand.NewPCG(11, 12))
	for range 50000 {
		var b strings.Builder
		b.WriteString([]string{"+", " ", ";", "é"}[r.IntN(4)])
		for range r.IntN(8) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s := b.String()
		if learnDecl.MatchString(s) && !mayDeclare(s) {
			t.Fatalf("learnDecl matches %q, which mayDeclare rejects", s)
		}
	}
}

// TestHeaderParsers holds the hand-written parsers of hunk headers and
// "diff --git" lines to the patterns they stand for, on random lines.
func TestHeaderParsers(t *testing.T) {
	hunk := regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(,(\d+))? @@(.*)`)
	diff := regexp.MustCompile(`^diff --git.*?(\S+)$`)
	r := rand.New(rand.NewPCG(13, 14))
	const alphabet = "@ -+,019x\t\n"
	for range 100000 {
		b := make([]byte, r.IntN(16))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		tail := string(b)
		s := []string{"@@ -", "@@ -1", "@@ -1,2 +", "@@ -3 +4", "", "diff --git", "diff --git a/x b/y"}[r.IntN(7)] + tail
		start, count, rest, ok := hunkStart(s)
		if m := hunk.FindStringSubmatch(s); (m != nil) != ok {
			t.Fatalf("hunkStart(%q) ok = %v, pattern %v", s, ok, m != nil)
		} else if ok {
			wantStart, _ := strconv.Atoi(m[1])
			wantCount := 1
			if m[2] != "" {
				wantCount, _ = strconv.Atoi(m[3])
			}
			if start != wantStart || count != wantCount || rest != m[4] {
				t.Fatalf("hunkStart(%q) = %d, %d, %q; pattern %q", s, start, count, rest, m)
			}
		}
		want := ""
		if m := diff.FindStringSubmatch(s); m != nil {
			want = m[1]
		}
		if strings.HasPrefix(s, "diff --git") {
			if got := fileHeader(s); got != want {
				t.Fatalf("fileHeader(%q) = %q, pattern %q", s, got, want)
			}
		}
	}
}

// typeTokens make random C fragments for the tests of the shortcuts that
// guard the type patterns.
var typeTokens = []string{"int", "unsigned", "long", "char", "const", "struct", "foo", "foo_t", "u8", "__le32",
	"__user", "__iomem", "static", "extern", "typeof", "__typeof__", "bar_handler", "FILE", "x", "a ## b_t",
	"__func__", "constant", "volatile", " ", "\t", "\n", "\v", "*", "(", ")", "[]", ",", ";", "=", "{", "\"X\"", "0",
	"##", " ## ", "##_t", "_t", " __alloc_size(1)", "(*"}

func randomFragment(r *rand.Rand, lead string) string {
	var b strings.Builder
	b.WriteString(lead)
	for range r.IntN(7) {
		b.WriteString(typeTokens[r.IntN(len(typeTokens))])
	}
	return b.String()
}

// TestTypeGuards holds the cheap tests in front of the patterns built on
// $Type to those patterns, on random fragments of C: mayStartType to
// $Type and $NonptrType, mayStartFuncType to funcDefinition, and funcArg's
// shortcut to typecast.
func TestTypeGuards(t *testing.T) {
	typ := regexp.MustCompile(expandPieces(`^(?:$Type)`))
	nonptr := regexp.MustCompile(expandPieces(`^(?:$NonptrType)`))
	r := rand.New(rand.NewPCG(15, 16))
	for range 50000 {
		s := randomFragment(r, "")
		if (typ.MatchString(s) || nonptr.MatchString(s)) && !mayStartType(s) {
			t.Fatalf("a type pattern matches %q, which mayStartType rejects", s)
		}
		if d := randomFragment(r, []string{"+", " ", "\n", "é"}[r.IntN(4)]); funcDefinition.MatchString(d) && !mayStartFuncType(d) {
			t.Fatalf("funcDefinition matches %q, which mayStartFuncType rejects", d)
		}
		lead := []string{"+", " ", "+\t"}[r.IntN(3)] + []string{"", "static ", "extern\t", "asmlinkage  "}[r.IntN(4)]
		if d := randomFragment(r, lead) + " name"; funcDefinition.MatchString(d) && !mayStartFuncType(d) {
			t.Fatalf("funcDefinition matches %q, which mayStartFuncType rejects", d)
		}
		cast := randomFragment(r, []string{"(", " (", "\t(\f", ""}[r.IntN(4)])
		off := skipRE2Space(cast, 0)
		if off < len(cast) && cast[off] == '(' && mayStartType(cast[skipRE2Space(cast, off+1):]) {
			off = typecast.FindStringIndex(cast)[1]
		}
		if want := typecast.FindStringIndex(cast)[1]; off != want {
			t.Fatalf("typecast on %q ends at %d, the shortcut at %d", cast, want, off)
		}
	}
}

// TestLineShortcuts holds the hand-written line tests to the patterns they
// stand for, on random lines.
func TestLineShortcuts(t *testing.T) {
	call := regexp.MustCompile(expandPieces(`^.\s*$Ident\s*\(`))
	ident := regexp.MustCompile(expandPieces(`^$Ident`))
	elseRe := regexp.MustCompile(`^.\s*else\b`)
	body := regexp.MustCompile(`^(?:\+|-| |\\ No newline|$)`)
	upper := regexp.MustCompile(expandPieces(`$String[A-Z_]`))
	word := regexp.MustCompile(expandPieces(`([A-Za-z0-9_]+)$String`))
	r := rand.New(rand.NewPCG(17, 18))
	tokens := []string{"+", "-", " ", "\t", "\n", "\v", "é", "\xff", "(", "else", "elsewhere", "foo", "_x1", "1x", " ## ", "##",
		`\ No newline`, `"`, "X", "XX", "L", "u", "A", "_", ";", "\\"}
	for range 100000 {
		var b strings.Builder
		for range r.IntN(7) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s := b.String()
		if got, want := startsCall(s), call.MatchString(s); got != want {
			t.Fatalf("startsCall(%q) = %v, pattern %v", s, got, want)
		}
		if got, want := identAt(s), len(ident.FindString(s)); got != want {
			t.Fatalf("identAt(%q) = %d, pattern %d", s, got, want)
		}
		if got, want := startsElse(s), elseRe.MatchString(s); got != want {
			t.Fatalf("startsElse(%q) = %v, pattern %v", s, got, want)
		}
		if got, want := isHunkBody(s), body.MatchString(s); got != want {
			t.Fatalf("isHunkBody(%q) = %v, pattern %v", s, got, want)
		}
		if got, want := stringThenUpper(s), upper.MatchString(s); got != want {
			t.Fatalf("stringThenUpper(%q) = %v, pattern %v", s, got, want)
		}
		want := ""
		if m := word.FindStringSubmatch(s); m != nil {
			want = m[1]
		}
		if got := wordThenString(s); got != want {
			t.Fatalf("wordThenString(%q) = %q, pattern %q", s, got, want)
		}
	}
}

// TestStartsKeyword checks the premise of the shortcut learnTypes takes
// for statements that startsKeyword accepts: whatever learnDecl finds in
// them, typeName learns nothing from it.
func TestStartsKeyword(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	tails := []string{"x", "ret", " ## y", " foo_t", "*p", " int", ";", "=", ",", "(", " ", "\t", "\n", "-1", "__user", " bar;"}
	accepted := 0
	for _, w := range []string{"return", "goto", "case", "else", "do", "asm", "__asm__", "foo", "returned", "static", "int"} {
		for range 2000 {
			var b strings.Builder
			b.WriteString([]string{"+", " ", "+\t"}[r.IntN(3)] + w)
			for range r.IntN(6) {
				b.WriteString(tails[r.IntN(len(tails))])
			}
			s := b.String()
			if !startsKeyword(s) {
				continue
			}
			accepted++
			if m := learnDecl.FindStringSubmatch(s); m != nil && typeName(m[1]) != "" {
				t.Fatalf("learnDecl finds %q in %q, a name typeName keeps", m[1], s)
			}
		}
	}
	if accepted == 0 {
		t.Fatal("startsKeyword accepted no statement")
	}
}

// TestRuleShortcuts holds the hand-written tests of the rules to the
// patterns they stand for (or, for opensCall, imply), on random lines.
func TestRuleShortcuts(t *testing.T) {
	str := regexp.MustCompile(expandPieces(`$String`))
	added := regexp.MustCompile(expandPieces(`^\+.*$String`))
	nl := regexp.MustCompile(`^.*".*\s\\n`)
	open := regexp.MustCompile(`^\+.*([\[(])\s*$`)
	semi := regexp.MustCompile(`^\+.*\S\s+;\s*$`)
	r := rand.New(rand.NewPCG(21, 22))
	tokens := []string{"+", "+", " ", "\t", "\n", "\v", "(", "[", ";", ",", "&&", "||", "\"", "X", "\"XX\"", "L", "u",
		"xL", `\n`, "\\", "pr_err", "foo ## bar", "1", "=", "*"}
	opens := 0
	for range 200000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s := b.String()
		if got, want := firstString(s), str.FindStringIndex(s); !slices.Equal(got, want) {
			t.Fatalf("firstString(%q) = %v, pattern %v", s, got, want)
		}
		if got, want := addedString(s), added.MatchString(s); got != want {
			t.Fatalf("added string in %q: %v, pattern %v", s, got, want)
		}
		if got, want := spaceBeforeNewline(s), nl.MatchString(s); got != want {
			t.Fatalf("spaceBeforeNewline(%q) = %v, pattern %v", s, got, want)
		}
		want := ""
		if m := open.FindStringSubmatch(s); m != nil {
			want = m[1]
		}
		if got := openEnd(s); got != want {
			t.Fatalf("openEnd(%q) = %q, pattern %q", s, got, want)
		}
		if got, want := spaceBeforeSemicolon(s), semi.MatchString(s); got != want {
			t.Fatalf("spaceBeforeSemicolon(%q) = %v, pattern %v", s, got, want)
		}
		if opensCall(s) {
			opens++
			if !alignOpener.MatchString(s) {
				t.Fatalf("opensCall(%q), which alignOpener does not match", s)
			}
		}
	}
	if opens == 0 {
		t.Fatal("opensCall took no line")
	}
}

// TestPlainNumber holds token's shortcut for plain numbers to avValue.
func TestPlainNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	const alphabet = "0123456789.xXbBeEpPlLuUfF_a-+ )"
	taken := 0
	for range 50000 {
		b := make([]byte, 1+r.IntN(6))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		if n := plainNumber(s); n > 0 {
			taken++
			if want := len(avValue.FindString(s)); n != want {
				t.Fatalf("plainNumber(%q) = %d, avValue %d", s, n, want)
			}
		}
	}
	if taken == 0 {
		t.Fatal("plainNumber took nothing")
	}
}

// TestDeclarationCut holds the annotator's kept avDeclare matches to the
// pattern on the whole text, on random fragments of C.
func TestDeclarationCut(t *testing.T) {
	var a annotator
	r := rand.New(rand.NewPCG(25, 26))
	for range 30000 {
		s := randomFragment(r, []string{"int", "struct foo", "u8", "typeof(", "const"}[r.IntN(5)])
		if got, want := a.declaration(s), avDeclare.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Fatalf("declaration(%q) = %v, avDeclare %v", s, got, want)
		}
	}
	if len(a.declarations) == 0 {
		t.Fatal("no match was kept")
	}
}

// TestDeclaredCut holds the checker's kept learnDecl answers to the
// pattern on the whole statement, on random statements.
func TestDeclaredCut(t *testing.T) {
	var c checker
	r := rand.New(rand.NewPCG(27, 28))
	for range 30000 {
		s := randomFragment(r, []string{"+", " ", "+static ", " __alloc_size(1) ", "é"}[r.IntN(5)]+
			[]string{"int x", "foo bar", "u8 (*f", "const char *p"}[r.IntN(4)])
		name, ok := c.declared(s)
		m := learnDecl.FindStringSubmatch(s)
		if ok != (m != nil) || ok && name != m[1] {
			t.Fatalf("declared(%q) = %q, %v; learnDecl %q", s, name, ok, m)
		}
	}
	if len(c.decls) == 0 {
		t.Fatal("no answer was kept")
	}
}

// TestPointerGuard holds pointerLocation's first test to the patterns it
// guards, on random fragments of C.
func TestPointerGuard(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	for range 30000 {
		s := randomFragment(r, []string{"+", "+(", "+x = (", "+__func__ "}[r.IntN(4)])
		if (typePtrCast.MatchString(s) || typePtrDecl.MatchString(s)) && !strings.Contains(s, "*") &&
			!hasUnderscoreModifier(s) && !strings.Contains(s, "const") && !strings.Contains(s, "volatile") &&
			!strings.Contains(s, "fastcall") {
			t.Fatalf("a pointer pattern matches %q, which the guard turns away", s)
		}
	}
}
