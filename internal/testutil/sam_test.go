package testutil

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var samRegen = flag.Bool("sam-regen", false, "rewrite the out/err/error sections of testdata/edit/*.txtar from real sam")

func lookSam(t *testing.T) Sam {
	t.Helper()
	p, err := exec.LookPath("sam")
	if err != nil {
		t.Skip("sam (plan9port) not on PATH: the oracle for testdata/edit is absent")
	}
	return Sam{Path: p}
}

func TestSectionRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		data       string
		crlf, esc  bool
		wantSuffix string
	}{
		{"a\nb\n", false, false, ""},
		{"a\nb", false, false, "noeol"},
		{"", false, false, ""},
		{"a\r\nb\r\n", true, false, "crlf"},
		{"a\r\nb", true, false, "noeol,crlf"},
		{"a\r\nb\n", true, false, "esc"}, // mixed endings: CR escaped
		{"a\r\nb\r\n", false, false, "esc"},
		{"x\xffy\n", false, false, "esc"},
		{"x\x00y", false, false, "noeol,esc"},
		{`back\slash` + "\n", false, true, "esc"},
		{"-- out --\n", false, false, "esc"},
		{"\xe2\x82\n", true, false, "esc"},
	} {
		stored, sfx := EncodeSection([]byte(tc.data), tc.crlf, tc.esc)
		if got := strings.Join(sfx, ","); got != tc.wantSuffix {
			t.Errorf("EncodeSection(%q) suffixes = %q, want %q", tc.data, got, tc.wantSuffix)
		}
		back, err := DecodeSection(stored, sfx)
		if err != nil || string(back) != tc.data {
			t.Errorf("DecodeSection(EncodeSection(%q)) = %q, %v", tc.data, back, err)
		}
	}
}

func TestParseGoldenSuffixes(t *testing.T) {
	g, err := ParseGolden([]byte("comment\n-- cmd --\n,p\n-- in,crlf,noeol --\na\nb\n-- out,esc --\n\\xff\\\\\n"))
	if err != nil {
		t.Fatal(err)
	}
	if string(g.In) != "a\r\nb" || string(g.Out) != "\xff\\\n" || string(g.Cmd) != ",p\n" {
		t.Errorf("decoded in=%q out=%q cmd=%q", g.In, g.Out, g.Cmd)
	}
	again, err := ParseGolden(g.Format())
	if err != nil || !bytes.Equal(again.In, g.In) || !bytes.Equal(again.Out, g.Out) {
		t.Errorf("Format does not round-trip: %q", g.Format())
	}
	for _, bad := range []string{
		"-- cmd --\np\n-- in,noeol --\n",    // nothing to drop
		"-- cmd --\np\n-- in,esc --\n\\q\n", // lone backslash
		"-- cmd --\np\n-- in,bogus --\nx\n", // unknown suffix
		"-- in --\nx\n",                     // no cmd
		"-- cmd --\np\n-- skip --\n",        // skip without reason
	} {
		if _, err := ParseGolden([]byte(bad)); err == nil {
			t.Errorf("ParseGolden(%q) succeeded, want an error", bad)
		}
	}
}

func TestSamRun(t *testing.T) {
	sam := lookSam(t)
	for _, tc := range []struct {
		script, in string
		noPrint    bool
		out, err   string
		errMsg     string
		syntax     bool
	}{
		{script: ",x/o/c/0/\n", in: "foo\n", out: "f00\n"},
		{script: "/o/=\n=#\n", in: "foo\n", out: "foo\n", err: "1; #1,#2\n#0,#4\n"}, // = leaves dot alone
		{script: "1p\n/zz/\n2p\n", in: "a\nb\n", out: "a\n", errMsg: "search"},
		{script: "1p\nQ\n", in: "a\n", errMsg: "unknown command `Q'", syntax: true},
		{script: "1p\n/zz/\nQ\n", in: "a\n", errMsg: "unknown command `Q'", syntax: true},
		{script: "\xff\n", in: "a\n", errMsg: "unknown command `\xff'", syntax: true},
		{script: ",p\n", in: "a\x00b\xff", noPrint: true, out: "a\x00b\xff"},
		{script: "/b/p\n", in: "b\n?search\n", noPrint: true, out: "b"},
	} {
		r, err := sam.Run([]byte(tc.script), []byte(tc.in), tc.noPrint)
		if err != nil {
			t.Errorf("%q: %v", tc.script, err)
			continue
		}
		if string(r.Stdout) != tc.out || string(r.Stderr) != tc.err || r.Error != tc.errMsg || r.Syntax != tc.syntax {
			t.Errorf("%q on %q: got out %q err %q error %q syntax %v; want %q %q %q %v",
				tc.script, tc.in, r.Stdout, r.Stderr, r.Error, r.Syntax, tc.out, tc.err, tc.errMsg, tc.syntax)
		}
	}
}

// TestSamRunAmbiguous checks that Run refuses to guess when the p output
// holds the very error line that follows it.
func TestSamRunAmbiguous(t *testing.T) {
	sam := lookSam(t)
	if r, err := sam.Run([]byte("2p\n/zz/\n"), []byte("a\n?search\n"), false); err == nil {
		t.Errorf("Run = %+v, want an ambiguity error", r)
	}
}

// TestSamRegen rewrites the expectations of the edit goldens from real sam
// when run with -sam-regen; it is how the corpus is made, never from
// go-edit itself.
func TestSamRegen(t *testing.T) {
	if !*samRegen {
		t.Skip("run with -sam-regen to rewrite testdata/edit from sam")
	}
	sam := lookSam(t)
	dir := filepath.Join(RepoRoot(t), "testdata", "edit")
	gs, err := LoadGoldens(dir)
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, g := range gs {
		r, err := sam.Run(g.Cmd, g.In, g.NoPrint())
		if err != nil {
			t.Errorf("%s: %v", g.Name(), err)
			continue
		}
		old := g.Format()
		g.SetExpected(r.Stdout, r.Stderr, r.Error)
		if data := g.Format(); !bytes.Equal(data, old) {
			changed++
			if err := os.WriteFile(g.Path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d cases, %d rewritten", len(gs), changed)
}

func TestLineDiff(t *testing.T) {
	if d := LineDiff([]byte("a\nb\n"), []byte("a\nb\n")); d != "" {
		t.Errorf("equal texts: diff %q", d)
	}
	want := " a\n-b\n+B\n c\n+\"\\x00\"  (no newline at end)\n"
	if d := LineDiff([]byte("a\nb\nc\n"), []byte("a\nB\nc\n\x00")); d != want {
		t.Errorf("LineDiff = %q, want %q", d, want)
	}
	if got := Indent([]byte("x\ny")); got != "\tx\n\ty  (no newline at end)\n" {
		t.Errorf("Indent = %q", got)
	}
}

// TestSamRunLargeOutput places an error after a large print, which a
// recursive search of the interleaving once could not.
func TestSamRunLargeOutput(t *testing.T) {
	sam := lookSam(t)
	in := strings.Repeat("abc\n", 100000)
	r, err := sam.Run([]byte(",p\n=\n/zzz/\n"), []byte(in), false)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Stdout) != in || string(r.Stderr) != "1,100000; #0,#400000\n" || r.Error != "search" {
		t.Errorf("got %d bytes of stdout, stderr %q, error %q", len(r.Stdout), r.Stderr, r.Error)
	}
}
