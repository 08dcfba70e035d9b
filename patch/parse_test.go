package patch

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// dump is a one-line summary of a parse, for table tests.
func dump(fps []*FilePatch) string {
	var parts []string
	for _, fp := range fps {
		s := fmt.Sprintf("%q->%q@%d", fp.OldPath, fp.NewPath, fp.Line)
		if fp.OldMode != 0 || fp.NewMode != 0 {
			s += fmt.Sprintf(" %o->%o", fp.OldMode, fp.NewMode)
		}
		for _, f := range []struct {
			on   bool
			name string
		}{{fp.Created, "new"}, {fp.Deleted, "del"}, {fp.Renamed, "ren"}, {fp.Copied, "copy"}, {fp.Binary, "bin"}} {
			if f.on {
				s += " " + f.name
			}
		}
		if fp.OldID != "" {
			s += " " + fp.OldID + ".." + fp.NewID
		}
		for _, h := range fp.Hunks {
			s += fmt.Sprintf(" [-%d,%d +%d,%d %q@%d", h.OldStart, h.OldCount, h.NewStart, h.NewCount, h.Section, h.Line)
			for _, l := range h.Lines {
				s += fmt.Sprintf(" %c%d/%d%q", l.Op, l.Old, l.New, l.Text)
			}
			s += "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " | ")
}

func TestParse(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"git modify",
			"diff --git a/x.c b/x.c\nindex 111..222 100644\n--- a/x.c\n+++ b/x.c\n@@ -2,3 +2,3 @@ int f(void)\n a\n-b\n+B\n c\n",
			`"x.c"->"x.c"@1 100644->100644 111..222 [-2,3 +2,3 "int f(void)"@5  2/2"a\n" -3/0"b\n" +0/3"B\n"  4/4"c\n"]`},
		{"no newline markers",
			"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n",
			`"x"->"x"@1 [-1,1 +1,1 ""@3 -1/0"a" +0/1"a\n"]`},
		{"crlf kept",
			"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\r\n+b\r\n",
			`"x"->"x"@1 [-1,1 +1,1 ""@3 -1/0"a\r\n" +0/1"b\r\n"]`},
		{"plain -p0 with timestamps",
			"--- x.c.orig\t2024-01-01 00:00:00\n+++ x.c\t2024-01-02 00:00:00\n@@ -1,0 +2 @@\n+new\n",
			`"x.c.orig"->"x.c"@1 [-1,0 +2,1 ""@3 +0/2"new\n"]`},
		{"plain -p1 new file",
			"--- /dev/null\n+++ b/dir/y.h\n@@ -0,0 +1,2 @@\n+a\n+b\n",
			`""->"dir/y.h"@1 new [-0,0 +1,2 ""@3 +0/1"a\n" +0/2"b\n"]`},
		{"git delete",
			"diff --git a/old.c b/old.c\ndeleted file mode 100644\nindex abc..000\n--- a/old.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
			`"old.c"->""@1 100644->0 del abc..000 [-1,1 +0,0 ""@6 -1/0"x\n"]`},
		{"git new empty file",
			"diff --git a/e b/e\nnew file mode 100644\nindex 000..e69\n",
			`""->"e"@1 0->100644 new 000..e69`},
		{"mode change only",
			"diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\ndiff --git a/t b/t\nindex 1..2 100644\n--- a/t\n+++ b/t\n@@ -1 +1 @@\n-1\n+2\n",
			`"s.sh"->"s.sh"@1 100644->100755 | "t"->"t"@4 100644->100644 1..2 [-1,1 +1,1 ""@8 -1/0"1\n" +0/1"2\n"]`},
		{"rename",
			"diff --git a/a b/b\nsimilarity index 100%\nrename from a\nrename to b\n",
			`"a"->"b"@1 ren`},
		{"binary",
			"diff --git a/img b/img\nindex 1..2 100644\nBinary files a/img and b/img differ\n",
			`"img"->"img"@1 100644->100644 bin 1..2`},
		{"quoted names",
			"diff --git \"a/caf\\303\\251 x\" \"b/caf\\303\\251 x\"\n--- \"a/caf\\303\\251 x\"\t\n+++ \"b/caf\\303\\251 x\"\t\n@@ -1 +1 @@\n-a\n+b\n",
			`"café x"->"café x"@1 [-1,1 +1,1 ""@4 -1/0"a\n" +0/1"b\n"]`},
		{"unquoted names with spaces",
			"diff --git a/my file b/my file\nnew file mode 100644\nindex 000..e69\n",
			`""->"my file"@1 0->100644 new 000..e69`},
		{"mail around the diff",
			"From 0000 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\nmsg\n---\n x | 2 +-\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n\n",
			`"x"->"x"@8 [-1,1 +1,1 ""@11 -1/0"a\n" +0/1"b\n"]`},
		{"empty context line",
			"--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n",
			`"x"->"x"@1 [-1,3 +1,3 ""@3  1/1"a\n"  2/2"\n" -3/0"b\n" +0/3"c\n"]`},
		{"several hunks",
			"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n@@ -10 +10,2 @@ sec\n x\n+y\n",
			`"x"->"x"@1 [-1,1 +1,1 ""@3 -1/0"a\n" +0/1"b\n"] [-10,1 +10,2 "sec"@6  10/10"x\n" +0/11"y\n"]`},
		{"garbage only", "hello\nworld\n", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fps, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(fps); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		code Code
	}{
		{"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n", 4, CodeTruncated},
		{"--- a/x\n+++ b/x\n@@ -1 +1 @@\n a\n b\n", 0, ""}, // complete after one line: the rest is text between files
		{"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n*b\n", 5, CodeBadHunkLine},
		{"--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n-b\n", 5, CodeBadHunkLine},
		{"--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n+a\n+b\n", 5, CodeBadHunkLine},
		{"--- a/x\n+++ b/x\n@@ -x +1 @@\n", 3, CodeBadHunkHeader},
		{"--- a/x\n+++ b/x\n@@ -1 +1\n", 3, CodeBadHunkHeader},
		{"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@ f\n", 4, CodeTruncated},
		{"diff --git a/x b/x\n--- a/x\n@@ -1 +1 @@\n", 2, CodeBadHeader},
		{"diff --git a/x b/x\nold mode 10x644\n", 2, CodeBadHeader},
		{"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@ \n-a\n\n", 6, CodeBadHunkLine},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		if tt.line == 0 {
			if err != nil {
				t.Errorf("Parse(%q): unexpected error %v", tt.in, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want *Error at line %d", tt.in, err, tt.line)
			continue
		}
		if pe.Line != tt.line || pe.Code != tt.code {
			t.Errorf("Parse(%q): line %d code %s (%v), want line %d code %s", tt.in, pe.Line, pe.Code, err, tt.line, tt.code)
		}
	}
}
