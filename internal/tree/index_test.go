package tree

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestIndexVersions writes one repository's index in each format git
// supports and checks that readIndex lists the same regular files as git,
// including ignored files added with -f, and that Select picks them up.
func TestIndexVersions(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	files := map[string]string{
		"Kbuild": "", "Kconfig": "", "MAINTAINERS": "",
		".gitignore":                  "*.o\n/include/generated/\n",
		"a.c":                         "int a;\n",
		"drivers/net/long-name-one.c": "1", "drivers/net/long-name-two.c": "2", "drivers/net/long.c": "3",
		"drivers/tracked.o":           "ignored but tracked",
		"drivers/untracked.o":         "ignored and untracked",
		"include/generated/tracked.h": "tracked inside an ignored directory",
		"include/generated/other.h":   "untracked inside an ignored directory",
		"link":                        "->a.c",
		"exec.sh":                     "#!/bin/sh\n",
	}
	writeTree(t, root, files)
	env := gitEnv(t.TempDir())
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = root, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q")
	git("add", ".")
	git("add", "-f", "drivers/tracked.o", "include/generated/tracked.h")
	want := []string{".gitignore", "Kbuild", "Kconfig", "MAINTAINERS", "a.c",
		"drivers/net/long-name-one.c", "drivers/net/long-name-two.c", "drivers/net/long.c",
		"drivers/tracked.o", "exec.sh", "include/generated/tracked.h"}
	for _, v := range []string{"2", "3", "4"} {
		git("update-index", "--index-version", v)
		if v == "3" {
			// Version 3 only differs with extended flags.
			git("update-index", "--skip-worktree", "exec.sh")
		}
		var got []string
		err := readIndex(filepath.Join(root, ".git", "index"), 20, func(name []byte) { got = append(got, string(name)) })
		if err != nil {
			t.Fatalf("version %s: %v", v, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("version %s:\n%s", v, diffLists(want, got))
		}
		set, err := Select(root, Options{Cwd: root})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(set.Files, want) || set.Stats.Tracked != 2 {
			t.Errorf("version %s: Select (tracked %d):\n%s", v, set.Stats.Tracked, diffLists(want, set.Files))
		}
		set, err = Select(root, Options{Cwd: root, Paths: []string{"include"}, Exclude: []string{"*.c"}})
		if err != nil || !slices.Equal(set.Files, []string{"include/generated/tracked.h"}) {
			t.Errorf("version %s: Select include/: %q, %v", v, set.Files, err)
		}
	}
	// A damaged index costs the tracked-but-ignored files only.
	if err := os.WriteFile(filepath.Join(root, ".git", "index"), []byte("DIRC\x00\x00\x00\x02garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Select(root, Options{Cwd: root})
	if err != nil || slices.Contains(set.Files, "drivers/tracked.o") || !slices.Contains(set.Files, "a.c") {
		t.Errorf("damaged index: %q, %v", set.Files, err)
	}
}

// TestIndexMalformed feeds scanIndex truncated and corrupted indexes: it
// must fail cleanly, never panic.
func TestIndexMalformed(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a": "1", "b/c": "2", "b/d": "3"})
	cmd := exec.Command("sh", "-c", "git init -q && git add . && git update-index --index-version 4")
	cmd.Dir, cmd.Env = root, gitEnv(t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(root, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := scanIndex(data, 20, func(name []byte) { got = append(got, string(name)) }); err != nil || strings.Join(got, " ") != "a b/c b/d" {
		t.Fatalf("scanIndex = %q, %v", got, err)
	}
	for i := range data {
		if scanIndex(data[:i], 20, func([]byte) {}) == nil {
			t.Errorf("index cut at %d bytes accepted", i)
		}
		bad := slices.Clone(data)
		bad[i] ^= 0xff
		scanIndex(bad, 20, func([]byte) {})
	}
}

// FuzzIndex: any bytes either parse or give an error.
func FuzzIndex(f *testing.F) {
	f.Add([]byte("DIRC\x00\x00\x00\x04\x00\x00\x00\x01"), 20)
	f.Fuzz(func(t *testing.T, data []byte, hashSize int) {
		scanIndex(data, 20+12*(hashSize&1), func([]byte) {})
	})
}
