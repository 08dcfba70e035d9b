package tree

import (
	"fmt"
	"strings"
	"testing"
)

// dump prints a parsed pattern on one line, for table tests.
func (p pattern) dump() string {
	var b strings.Builder
	if p.negate {
		b.WriteString("!")
	}
	fmt.Fprintf(&b, "%q", p.glob)
	if p.dirOnly {
		b.WriteString(" dir")
	}
	if p.base {
		b.WriteString(" base")
	}
	b.WriteString([...]string{" glob", " literal", " suffix"}[p.kind])
	return b.String()
}

func TestParseIgnore(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"# comment\n\n   \n", ""},
		{"*.o\n", `"*.o" base suffix`},
		{"\xef\xbb\xbf*.o", `"*.o" base suffix`}, // BOM, no final newline
		{"a\r\nb\r\n", `"a" base literal | "b" base literal`},
		{"a\r\r\n", `"a\r" base literal`}, // only one CR goes
		{"/vmlinux\n", `"vmlinux" literal`},
		{"build/\n", `"build" dir base literal`},
		{"/include/generated/\n", `"include/generated" dir literal`},
		{"a/b\n", `"a/b" literal`},
		{"!keep.o\n", `!"keep.o" base literal`},
		{"\\!keep.o\n", `"\\!keep.o" base glob`},
		{"\\#x#\n", `"\\#x#" base glob`},
		{"trailing  \n", `"trailing" base literal`},
		{"trailing\t\n", `"trailing\t" base literal`}, // tabs stay
		{"escaped\\ \n", `"escaped\\ " base glob`},
		{"escaped\\  \n", `"escaped\\ " base glob`},
		{"back\\\\  \n", `"back\\\\" base glob`},
		{"x\\\n", `"x\\" base glob`}, // a final lone backslash: matches nothing
		{"/\n!\n!/\n", ""},           // empty after parsing
		{"**/gen/**\n", `"**/gen/**" glob`},
		{"nul\x00after\n", `"nul" base literal`},
		{"*.c.[012]*.*", `"*.c.[012]*.*" base glob`},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range parseIgnore([]byte(tt.in)) {
			got = append(got, p.dump())
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("parseIgnore(%q) = %s, want %s", tt.in, g, tt.want)
		}
	}
}

// TestIgnoreDecide checks precedence inside one file and across a stack.
func TestIgnoreDecide(t *testing.T) {
	stack := ignoreStack{
		newIgnoreFile("", parseIgnore([]byte("*.h\n"))), // info/exclude
		newIgnoreFile("", parseIgnore([]byte("*.o\n!keep.o\ndoc/\n/top\n*.c.[012]*.*\n"))),
		newIgnoreFile("a", parseIgnore([]byte("!x.o\n/top\n!*.h\n"))),
	}
	tests := []struct {
		path    string
		dir     bool
		ignored bool
	}{
		{"x.o", false, true},
		{"keep.o", false, false},  // later negation wins
		{"a/x.o", false, false},   // deeper file wins
		{"a/y.o", false, true},    // falls through to the root file
		{"top", false, true},      // anchored to the root
		{"a/top", false, true},    // anchored to a/
		{"a/b/top", false, false}, // anchored: not deeper
		{"doc", true, true},       // directory-only
		{"doc", false, false},     // ... not a file
		{"b/doc", true, true},     // at any depth
		{"x.h", false, true},      // info/exclude
		{"a/x.h", false, false},   // a .gitignore outranks info/exclude
		{"x.c.1.y", false, true},  // a true glob
		{"x.c.3.y", false, false},
	}
	for _, tt := range tests {
		// The walk stacks only the files of the path's parent directories.
		var s ignoreStack
		for _, f := range stack {
			if f.dir == "" || strings.HasPrefix(tt.path, f.dir+"/") {
				s = append(s, f)
			}
		}
		if got := s.ignored(tt.path, tt.dir); got != tt.ignored {
			t.Errorf("ignored(%q, dir=%v) = %v", tt.path, tt.dir, got)
		}
	}
}

func TestLiterals(t *testing.T) {
	tests := []struct{ glob, prefix, needle string }{
		{"cscope.*", "cscope.", ""},
		{"a*bcd", "a", "bcd"},
		{"*.c.[012]*.*", "", ".c."},
		{"arch/*/include/generated", "arch/", "/include/generated"},
		{"a**b", "a", ""},
		{`\#*#`, "", "#"},
		{"[abc]x[", "", ""},
	}
	for _, tt := range tests {
		if p, n := literals(tt.glob); p != tt.prefix || n != tt.needle {
			t.Errorf("literals(%q) = %q, %q; want %q, %q", tt.glob, p, n, tt.prefix, tt.needle)
		}
	}
}
