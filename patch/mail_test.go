package patch

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFormatSeriesGit builds a series as commits in a scratch repository
// and compares FormatSeries with `git format-patch --stdout --cover-letter`.
func TestFormatSeriesGit(t *testing.T) {
	r := newGitRepo(t)
	date := time.Date(2026, 11, 5, 9, 7, 3, 0, time.FixedZone("", -7*3600))
	dateStr := "2026-11-05T09:07:03-0700"
	r.env = append(r.env, "GIT_COMMITTER_DATE="+dateStr, "GIT_AUTHOR_DATE="+dateStr)

	base := map[string]string{
		"drivers/foo/foo.c": "int foo(void)\n{\n\treturn 0;\n}\n",
		"scripts/run.sh":    "#!/bin/sh\necho run\n",
		"doc/old.txt":       "obsolete\n",
	}
	for p, c := range base {
		r.write(p, []byte(c), 0)
	}
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")

	type step struct {
		author, subject, body string
		sob                   []string
		files                 []File
	}
	steps := []step{
		{"Jane Dev <jane@example.org>", "foo: return 1", "The caller wants one.\n\nSecond paragraph.", []string{"Jane Dev <jane@example.org>"},
			[]File{{Path: "drivers/foo/foo.c", Old: []byte(base["drivers/foo/foo.c"]), New: []byte("int foo(void)\n{\n\treturn 1;\n}\n")}}},
		{"Jörg Müller <jm@example.org>", "scripts: make run.sh executable and add a new header for the foo driver so the subject wraps", "", []string{"Jörg Müller <jm@example.org>", "Jane Dev <jane@example.org>"},
			[]File{{Path: "scripts/run.sh", Old: []byte(base["scripts/run.sh"]), New: []byte(base["scripts/run.sh"]), OldMode: 0o100644, Mode: 0o100755},
				{Path: "drivers/foo/foo.h", New: []byte("int foo(void);\n"), Created: true}}},
		{"Dev, Jane <jane@example.org>", "doc: remove old.txt (naïve)", "Nobody reads it — gone.", nil,
			[]File{{Path: "doc/old.txt", Old: []byte(base["doc/old.txt"]), Deleted: true}}},
	}
	var patches []Patch
	for _, s := range steps {
		for _, f := range s.files {
			p := filepath.Join(r.dir, filepath.FromSlash(f.Path))
			if f.Deleted {
				os.Remove(p)
			} else {
				_, nm := f.modes()
				r.write(f.Path, f.New, nm)
			}
		}
		msg := s.subject + "\n"
		if s.body != "" {
			msg += "\n" + s.body + "\n"
		}
		if len(s.sob) > 0 {
			msg += "\n"
			for _, so := range s.sob {
				msg += "Signed-off-by: " + so + "\n"
			}
		}
		r.git("add", "-A")
		r.git("commit", "-q", "--author", s.author, "-m", msg)
		commit := strings.TrimSpace(string(r.git("rev-parse", "HEAD")))
		patches = append(patches, Patch{
			Mail:  Mail{Commit: commit, From: s.author, Date: date, Subject: s.subject, Body: s.body, SignedOffBy: s.sob, Signature: "2.39.5"},
			Files: s.files,
		})
	}
	want := r.git("format-patch", "--stdout", "--cover-letter", "--signature=2.39.5", "-3")
	head := patches[len(patches)-1].Mail.Commit
	var got bytes.Buffer
	cover := &Mail{Commit: head, From: "t <t@example.org>", Date: date, Signature: "2.39.5"}
	if err := FormatSeries(&got, cover, patches); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("FormatSeries differs from git format-patch\n--- git\n%s\n--- got\n%s", want, got.Bytes())
	}

	// git am takes the series back to the same tree, and Parse finds
	// every file patch in it.
	headTree := strings.TrimSpace(string(r.git("rev-parse", "HEAD^{tree}")))
	r.git("checkout", "-q", "-b", "am", "HEAD~3")
	var noCover bytes.Buffer // git am stops at a cover letter: it has no patch
	if err := FormatSeries(&noCover, nil, patches); err != nil {
		t.Fatal(err)
	}
	mbox := filepath.Join(t.TempDir(), "series.mbox")
	if err := os.WriteFile(mbox, noCover.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r.git("am", "-q", mbox)
	if tree := strings.TrimSpace(string(r.git("rev-parse", "HEAD^{tree}"))); tree != headTree {
		t.Errorf("git am of FormatSeries output gives tree %s, want %s", tree, headTree)
	}
	fps, err := Parse(got.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 4 {
		t.Errorf("Parse(series) found %d file patches, want 4", len(fps))
	}

	// A lone patch has no numbering.
	want = r.git("format-patch", "--stdout", "--signature=2.39.5", "-1", "HEAD~2")
	got.Reset()
	if err := FormatPatch(&got, patches[0].Files, patches[0].Mail); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("FormatPatch differs from git format-patch -1\n--- git\n%s\n--- got\n%s", want, got.Bytes())
	}
}

// TestFormatPatchPrefixGit compares a subject prefix and a long author
// name with git format-patch --subject-prefix.
func TestFormatPatchPrefixGit(t *testing.T) {
	r := newGitRepo(t)
	dateStr := "2026-01-02T03:04:05+0100"
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))
	r.env = append(r.env, "GIT_COMMITTER_DATE="+dateStr, "GIT_AUTHOR_DATE="+dateStr)
	old := "a\n"
	r.write("x.c", []byte(old), 0)
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.write("x.c", []byte("b\n"), 0)
	r.git("add", ".")
	author := "Alexander Maximilian Bartholomew Konstantin von Longname-Doublebarrel <a.very.long.address@subdomain.example.org>"
	subject := "x: a subject that is long enough to need folding once the prefix is as long as this one"
	r.git("commit", "-q", "--author", author, "-m", subject)
	want := r.git("format-patch", "--stdout", "--subject-prefix=RFC PATCH v3", "--signature=v", "-1")
	var got bytes.Buffer
	m := Mail{Commit: strings.TrimSpace(string(r.git("rev-parse", "HEAD"))), From: author, Date: date, Subject: subject, Prefix: "RFC PATCH v3", Signature: "v"}
	if err := FormatPatch(&got, []File{{Path: "x.c", Old: []byte(old), New: []byte("b\n")}}, m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("FormatPatch differs from git format-patch\n--- git\n%s\n--- got\n%s", want, got.Bytes())
	}
}
