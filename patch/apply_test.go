package patch

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string) *FilePatch {
	t.Helper()
	fps, err := Parse([]byte(s))
	if err != nil || len(fps) != 1 {
		t.Fatalf("Parse: %v (%d files)", err, len(fps))
	}
	return fps[0]
}

func TestApply(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "line%d\n", i)
	}
	base := b.String()
	hunk := "--- a/f\n+++ b/f\n@@ -5,3 +5,3 @@\n line5\n-line6\n+LINE6\n line7\n"
	changed := strings.Replace(base, "line6\n", "LINE6\n", 1)
	tail := base[strings.Index(base, "line3\n"):]
	tests := []struct {
		name, old, patch, want string
		errLine                int
	}{
		{"at stated line", base, hunk, changed, 0},
		{"offset search: two lines inserted above", "x\ny\n" + base, hunk, "x\ny\n" + changed, 0},
		{"offset search: lines removed above", tail, hunk, strings.Replace(tail, "line6\n", "LINE6\n", 1), 0},
		{"context mismatch", strings.Replace(base, "line7\n", "LINE7\n", 1), hunk, "", 3},
		{"must match at start", "zero\none\ntwo\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-one\n+ONE\n two\n", "", 3},
		{"must match at end", "one\ntwo\nthree\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n", "", 3},
		{"end anchor ok", "one\ntwo\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n", "one\nTWO\n", 0},
		{"no newline on both sides", "a\nb", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", "a\nc", 0},
		{"newline required", "a\nb\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n", "", 3},
		{"create", "", "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n", "a\nb\n", 0},
		{"delete", "a\nb\n", "--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n", "", 0},
		{"crlf exact", "a\r\nb\r\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n", "a\r\nc\r\n", 0},
		{"crlf differs", "a\nb\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n", "", 3},
		{"hunks keep order", "a\nb\na\nb\n", "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+A\n@@ -3 +3 @@\n-a\n+A\n", "A\nb\nA\nb\n", 0},
		{"no context (-U0)", "a\nb\nc\n", "--- a/f\n+++ b/f\n@@ -2 +1,0 @@\n-b\n", "a\nc\n", 0},
		{"pure insertion -U0", "a\nc\n", "--- a/f\n+++ b/f\n@@ -1,0 +2 @@\n+b\n", "a\nb\nc\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply([]byte(tt.old), mustParse(t, tt.patch))
			if tt.errLine != 0 {
				var pe *Error
				if !errors.As(err, &pe) || pe.Line != tt.errLine || pe.Code != CodeNoMatch {
					t.Fatalf("Apply = %q, %v; want hunk-does-not-apply at line %d", got, err, tt.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestApplyBinary(t *testing.T) {
	fp := mustParse(t, "diff --git a/b b/b\nindex 1..2 100644\nBinary files a/b and b/b differ\n")
	var pe *Error
	if _, err := Apply(nil, fp); !errors.As(err, &pe) || pe.Code != CodeBinary {
		t.Fatalf("Apply(binary) = %v, want %s", err, CodeBinary)
	}
}

// TestApplySearchOrder: with two equally distant places, git apply (and
// GNU patch) take the later one.
func TestApplySearchOrder(t *testing.T) {
	old := "x\nctx\nold\nend\np\nctx\nold\nend\nq\n"
	// Stated at line 4, two lines from either candidate (lines 2 and 6).
	fp := mustParse(t, "--- a/f\n+++ b/f\n@@ -4,3 +4,3 @@\n ctx\n-old\n+new\n end\n")
	got, err := Apply([]byte(old), fp)
	if err != nil {
		t.Fatal(err)
	}
	if want := "x\nctx\nold\nend\np\nctx\nnew\nend\nq\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
