package samre

import (
	"fmt"
	"strings"
	"testing"
)

// dump renders a parse tree on one line, for table tests.
func dump(n *node) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			b.WriteString("empty")
			return
		}
		switch n.op {
		case nLit:
			if n.r >= rawRune {
				fmt.Fprintf(&b, "raw%#x", n.r-rawRune)
			} else {
				fmt.Fprintf(&b, "%q", n.r)
			}
			return
		case nAny:
			b.WriteString("any")
			return
		case nBol:
			b.WriteString("bol")
			return
		case nEol:
			b.WriteString("eol")
			return
		case nClass:
			b.WriteString("[")
			if n.class.negate {
				b.WriteString("^")
			}
			for _, r := range n.class.runes {
				fmt.Fprintf(&b, "%q", r)
			}
			for i := 0; i < len(n.class.ranges); i += 2 {
				fmt.Fprintf(&b, "%#x-%#x", n.class.ranges[i], n.class.ranges[i+1])
			}
			b.WriteString("]")
			return
		case nGroup:
			fmt.Fprintf(&b, "group%d{", n.sub)
			walk(n.x)
		case nStar, nPlus, nQuest:
			b.WriteString(map[nodeOp]string{nStar: "star{", nPlus: "plus{", nQuest: "quest{"}[n.op])
			walk(n.x)
		case nCat, nAlt:
			b.WriteString(map[nodeOp]string{nCat: "cat{", nAlt: "alt{"}[n.op])
			walk(n.x)
			b.WriteString(" ")
			walk(n.y)
		}
		b.WriteString("}")
	}
	walk(n)
	return b.String()
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{``, `empty`},
		{`a`, `'a'`},
		{`ab`, `cat{'a' 'b'}`},
		{`abc`, `cat{cat{'a' 'b'} 'c'}`},
		{`a|b|c`, `alt{alt{'a' 'b'} 'c'}`},
		{`ab|cd`, `alt{cat{'a' 'b'} cat{'c' 'd'}}`},
		{`a*b`, `cat{star{'a'} 'b'}`},
		{`(a)(b)`, `cat{group1{'a'} group2{'b'}}`},
		{`((a)b)`, `group1{cat{group2{'a'} 'b'}}`},
		// *, + and ? have distinct precedences in sam: a later operator of
		// higher precedence does not pop an earlier one.
		{`a+?`, `plus{quest{'a'}}`},
		{`a*+`, `star{plus{'a'}}`},
		{`a?*`, `star{quest{'a'}}`},
		{`a**`, `star{star{'a'}}`},
		{`.^$`, `cat{cat{any bol} eol}`},
		{`\n\t\.\\`, `cat{cat{cat{'\n' 't'} '.'} '\\'}`},
		{`a\`, `cat{'a' '\\'}`}, // a trailing backslash is itself
		{`a{2}`, `cat{cat{cat{'a' '{'} '2'} '}'}`},
		{`[abc]`, `['a''b''c']`},
		{`[^a]`, `[^'\n''a']`},
		{`[a-z_]`, `['_'0x61-0x7a]`},
		{`[\]\-\n]`, `[']''-''\n']`},
		{`[]`, `[]`},
		{`[^]`, `[^'\n']`},
		{`[]a]`, `cat{cat{[] 'a'} ']'}`}, // [] is an empty class
		{`[a-\z]`, `[0x61-0x400007a]`},
		{`[\a-z]`, `[0x4000061-0x7a]`},
		{`[\n-z]`, `[0xa-0x7a]`},
		{"\xff", `raw0xff`},
		{"é", `'é'`},
		{"\x00", `'\x00'`},
		{`(((((((((((a)))))))))))`, `group1{group2{group3{group4{group5{group6{group7{group8{group9{group0{group0{'a'}}}}}}}}}}}`},
	} {
		n, _, err := parse(tc.expr)
		if err != nil {
			t.Errorf("parse(%q): %v", tc.expr, err)
			continue
		}
		if got := dump(n); got != tc.want {
			t.Errorf("parse(%q) = %s, want %s", tc.expr, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		expr string
		off  int
		msg  string
	}{
		{`*a`, 0, "no operand for `*'"},
		{`+`, 0, "no operand for `+'"},
		{`?`, 0, "no operand for `?'"},
		{`a|`, 1, "no operand for `|'"},
		{`|a`, 0, "no operand for `|'"},
		{`a||b`, 1, "no operand for `|'"},
		{`(|b)`, 1, "no operand for `|'"},
		{`()`, 0, "no operand for `('"},
		{`(`, 0, "no operand for `('"},
		{`(*)`, 1, "no operand for `*'"},
		{`a(b|)c`, 1, "malformed regexp"},
		{`a(b|)`, 1, "malformed regexp"},
		{`a(|b)`, 1, "malformed regexp"},
		{`(a`, 0, "unmatched `('"},
		{`((a)`, 0, "unmatched `('"},
		{`(a(b)`, 0, "unmatched `('"},
		{`a(b`, 1, "unmatched `('"},
		{`a)`, 1, "unmatched `)'"},
		{`)`, 0, "unmatched `)'"},
		{`(a))`, 3, "unmatched `)'"},
		{`[`, 0, "malformed `[]'"},
		{`[a`, 0, "malformed `[]'"},
		{`[a\`, 0, "malformed `[]'"},
		{`x[-a]`, 1, "malformed `[]'"},
		{`[a-]`, 0, "malformed `[]'"},
		{`[^-]`, 0, "malformed `[]'"},
		{`[a-b-c]`, 0, "malformed `[]'"},
		{`[a-`, 0, "malformed `[]'"},
	} {
		_, err := Compile(tc.expr)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Compile(%q) error = %v, want *Error", tc.expr, err)
			continue
		}
		if e.Off != tc.off || e.Msg != tc.msg {
			t.Errorf("Compile(%q) = %d: %s, want %d: %s", tc.expr, e.Off, e.Msg, tc.off, tc.msg)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, s := range []string{`a(b|)c`, `(a|ab)(c|bcd)`, `[^a-z\]]+`, `a\`, `((((`, `))`, `[a-\z]*$`, "\xff\x00é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		re, err := Compile(expr)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Off < 0 || e.Off > len(expr) || e.Msg == "" {
				t.Fatalf("Compile(%q): bad error %#v", expr, err)
			}
			return
		}
		if re.String() != expr {
			t.Fatalf("String() = %q, want %q", re.String(), expr)
		}
		buf := []byte("ab\nc" + expr)
		re.Find(buf, 0, len(buf), 0, nil)
		re.FindBackward(buf, 0, len(buf), len(buf), nil)
	})
}
