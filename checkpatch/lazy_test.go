package checkpatch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sourcePatterns returns the expr of every lazyRegexp literal in the
// package's source, read with go/parser: patterns are data, not
// registered by code at start-up.
func sourcePatterns(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "lazyRegexp" {
				return true
			}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok || kv.Key.(*ast.Ident).Name != "expr" {
					continue
				}
				bl, ok := kv.Value.(*ast.BasicLit)
				if !ok {
					t.Errorf("%s: a pattern's expr is not a string literal", fset.Position(kv.Pos()))
					continue
				}
				s, err := strconv.Unquote(bl.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, s)
			}
			return true
		})
	}
	return out
}

// TestPatternsCompile expands and compiles every pattern, so that an
// invalid one, or one naming no piece, fails here rather than in the
// middle of a check.
func TestPatternsCompile(t *testing.T) {
	exprs := sourcePatterns(t)
	if len(exprs) < 100 {
		t.Fatalf("only %d patterns found", len(exprs))
	}
	for _, expr := range exprs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("pattern %q: %v", expr, r)
				}
			}()
			if _, err := regexp.Compile(expandPieces(expr)); err != nil {
				t.Errorf("pattern %q: %v", expr, err)
			}
		}()
	}
}

// TestRequiredLiterals pins down what requiredLiterals finds in a few
// patterns of the shapes the rule set uses; a leading "~" marks a literal
// to find in any case.
func TestRequiredLiterals(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string // nil: nothing known
	}{
		{`\bLINUX_VERSION_CODE\b`, []string{"LINUX_VERSION_CODE"}},
		{`^\+.*\bEFI_GUID\s*\(|^\+\s*(?:\w+)?\s*DEFINE_PER_CPU`, []string{"EFI_GUID", "DEFINE_PER_CPU"}},
		{`\b(?:if|while|for|switch)\(`, []string{"if", "while", "for", "switch"}},
		{`x*abc?`, []string{"ab"}},
		{`(?:abc){1,3}|d+`, []string{"abc", "d"}},
		{`[\[(]\s*$`, []string{"(", "["}},
		{`(?i)\bwrite to`, []string{"~write to"}},
		{`(?i)\bwrite to the Free|\b675\s+Mass\s+Ave|\b59\s+Temple\s+Pl|\b51\s+Franklin\s+St`,
			[]string{"~write to the free", "675", "~temple", "51"}},
		{`(?i)kiss`, nil}, // k and s fold to non-ASCII letters too
		{`(?i:675)\s+Mass`, []string{"Mass"}},
		{`A(?i:b)`, []string{"~ab"}},
		{`a?b*`, nil},
		{`[^"]*`, nil},
		{`\w+`, nil},
	} {
		tree, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range requiredLiterals(tree) {
			if l.fold {
				got = append(got, "~"+l.text)
			} else {
				got = append(got, l.text)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

// TestRequiredLiteralsSound holds the shortcut to the regexp engine on
// random patterns and texts: whenever a pattern matches a text, the text
// holds one of the pattern's required literals.
func TestRequiredLiteralsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	atoms := []string{"a", "b", "ab", "ba", "(", `\(`, "[ab]", "[(a]", ".", `\b`, "^", "$", `\s`, `\w`, "(?i:a)", "A", "é", `\x{FFFD}`,
		"(?i:ab)", "(?i:k)", "(?i:s)", "(?i:é)", "É", "(?i:a1)"}
	var gen func(depth int) string
	gen = func(depth int) string {
		if depth == 0 {
			return atoms[r.IntN(len(atoms))]
		}
		switch r.IntN(6) {
		case 0:
			return gen(depth-1) + gen(depth-1)
		case 1:
			return "(?:" + gen(depth-1) + "|" + gen(depth-1) + ")"
		case 2:
			return "(?:" + gen(depth-1) + ")" + []string{"*", "+", "?", "{1,2}", "{0,2}", "{2}"}[r.IntN(6)]
		case 3:
			return "(" + gen(depth-1) + ")"
		default:
			return gen(depth-1) + gen(depth-1) + gen(depth-1)
		}
	}
	alphabet := []string{"a", "b", "A", "B", "(", " ", "\t", "é", "\xff", "k", "K", "s", "S", "1", "\u212a", "\u017f", "É"}
	for range 5000 {
		expr := gen(r.IntN(4))
		if _, err := regexp.Compile(expr); err != nil {
			continue // such as a repeated repetition
		}
		c := compileRegexp(expr)
		for range 20 {
			var b strings.Builder
			for range r.IntN(10) {
				b.WriteString(alphabet[r.IntN(len(alphabet))])
			}
			s := b.String()
			if c.re.MatchString(s) && !c.may(s) {
				t.Fatalf("%q matches %q, which holds none of %v", expr, s, c.need)
			}
		}
	}
}

// TestExpandPieces checks the $Name notation: pieces inside pieces, the
// braced form, and a '$' that stays itself.
func TestExpandPieces(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{`^$Storage\b`, `^extern|static|asmlinkage\b`},
		{`${Storage}_x`, `extern|static|asmlinkage_x`},
		{`$Lval`, piece("Ident") + `(?:->` + piece("Ident") + `|\.` + piece("Ident") + `|\[[^]]*\])*`},
		{`a$|\$Storage|[$Storage]|[]$Storage]|[[:alpha:]$S]`, `a$|\$Storage|[$Storage]|[]$Storage]|[[:alpha:]$S]`},
	} {
		if got := expandPieces(tc.expr); got != tc.want {
			t.Errorf("expandPieces(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}
