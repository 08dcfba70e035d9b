package tree

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeTree creates files under dir from a map of slash paths to contents;
// a path ending in "/" makes an empty directory, and contents starting with
// "->" make a symlink to the rest.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(data, "->"); ok {
			err = os.Symlink(target, full)
		} else {
			err = os.WriteFile(full, []byte(data), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// sampleTree is a small kernel-shaped tree exercising the ignore rules.
var sampleTree = map[string]string{
	"Kbuild":      "obj-y += drivers/\n",
	"Kconfig":     "source \"drivers/Kconfig\"\n",
	"MAINTAINERS": "M: someone\n",
	".gitignore": "# objects\n" +
		"*.o\n" +
		"!keep.o\n" +
		"/vmlinux\n" +
		"build/\n" +
		"\\#*#\n" +
		"trailing  \n" +
		"escaped\\ \n" +
		"**/gen/**\n" +
		"!**/gen/ok.h\n" +
		"/include/generated/\n" +
		"!/include/generated/keep.h\n" +
		"docs/*.html\n",
	"vmlinux":                     "top-level build product",
	"drivers/vmlinux":             "not anchored: kept",
	"drivers/a.c":                 "int a;\n",
	"drivers/a.o":                 "\x7fELF",
	"drivers/keep.o":              "kept by negation",
	"drivers/net/b.c":             "int b;\r\nint c;\r\n",
	"drivers/net/.gitignore":      "!a.o\n*.c\n!b.c\n/local\n",
	"drivers/net/a.o":             "re-included by the deeper file",
	"drivers/net/x.c":             "ignored by the deeper file",
	"drivers/net/local":           "ignored: /local is anchored to drivers/net",
	"drivers/net/sub/local":       "not the anchored one: kept",
	"drivers/build":               "a file named build: build/ is for directories",
	"drivers/build2/build/x.c":    "ignored directory",
	"fs/#autosave#":               "ignored",
	"fs/trailing":                 "ignored: trailing spaces trimmed",
	"fs/escaped ":                 "ignored: escaped trailing space kept",
	"fs/escaped":                  "kept",
	"fs/[odd]*name":               "kept",
	"fs/gen/x.h":                  "ignored by **/gen/**",
	"fs/gen/ok.h":                 "re-included: gen itself is not ignored",
	"fs/gen/.gitignore":           "->../patterns", // a symlinked .gitignore is not read (git >= 2.32)
	"fs/patterns":                 "ok.h\n",
	"include/generated/keep.h":    "under an ignored directory: stays out",
	"include/linux/kernel.h":      "int k;\n",
	"docs/a.html":                 "ignored",
	"docs/sub/b.html":             "kept: * does not cross /",
	"tools/data.bin":              "binary\x00data",
	"tools/excluded-by-info":      "ignored by .git/info/exclude",
	"tools/link.c":                "->../drivers/a.c",
	"tools/dirlink":               "->../drivers",
	"deep/a/b/c/d/e.c":            "int e;\n",
	"deep/a/b/c/d/e.h":            "int e;\n",
	".git/info/exclude":           "excluded-by-info\n",
	".git/HEAD":                   "ref: refs/heads/main\n",
	"nested/.git/HEAD":            "ref: refs/heads/main\n",
	"nested/.git/objects/":        "",
	"nested/.git/refs/":           "",
	"nested/file.c":               "inside another repository",
	"empty/":                      "",
	"drivers/net/sub/.gitignore/": "", // a directory named .gitignore is no ignore file
}

// sampleWant lists what Select must return for sampleTree.
var sampleWant = []string{
	".gitignore",
	"Kbuild", "Kconfig", "MAINTAINERS",
	"deep/a/b/c/d/e.c", "deep/a/b/c/d/e.h",
	"docs/sub/b.html",
	"drivers/a.c", "drivers/build", "drivers/keep.o",
	"drivers/net/.gitignore", "drivers/net/a.o", "drivers/net/b.c", "drivers/net/sub/local",
	"drivers/vmlinux",
	"fs/[odd]*name", "fs/escaped", "fs/gen/ok.h", "fs/patterns",
	"include/linux/kernel.h",
	"tools/data.bin",
}

func TestSelectSample(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, sampleTree)
	got, err := FindRoot(filepath.Join(root, "drivers", "net"))
	if err != nil || got != mustEval(t, root) {
		t.Fatalf("FindRoot = %q, %v; want %q", got, err, root)
	}
	set, err := Select(root, Options{Cwd: root})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Files, sampleWant) {
		t.Errorf("Select:\n%s", diffLists(sampleWant, set.Files))
	}
	want := Stats{Ignored: 13, Symlinks: 2, Nested: 1}
	if set.Stats != want {
		t.Errorf("Stats = %+v, want %+v", set.Stats, want)
	}
	// git agrees, when it is there to ask.
	if _, err := exec.LookPath("git"); err == nil {
		if g := withoutSymlinks(t, root, gitListFiles(t, root, nil, 0)); !slices.Equal(g, sampleWant) {
			t.Errorf("git ls-files disagrees with the expected list:\n%s", diffLists(sampleWant, g))
		}
	}
}

func mustEval(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFindRootNone(t *testing.T) {
	_, err := FindRoot(t.TempDir())
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeNoRoot {
		t.Fatalf("FindRoot outside a tree: %v", err)
	}
}

func TestSelectPaths(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, sampleTree)
	tests := []struct {
		cwd      string
		paths    []string
		inc, exc []string
		want     []string
	}{
		{"", []string{"drivers/net"}, nil, nil, []string{"drivers/net/.gitignore", "drivers/net/a.o", "drivers/net/b.c", "drivers/net/sub/local"}},
		{"drivers", []string{"net/b.c", "a.c"}, nil, nil, []string{"drivers/a.c", "drivers/net/b.c"}},
		{"drivers/net", []string{"../a.c", "../../fs"}, nil, nil, []string{"drivers/a.c", "fs/[odd]*name", "fs/escaped", "fs/gen/ok.h", "fs/patterns"}},
		{"", []string{"**/*.c"}, nil, nil, []string{"deep/a/b/c/d/e.c", "drivers/a.c", "drivers/net/b.c"}},
		{"", []string{"drivers/**/*.c"}, nil, nil, []string{"drivers/a.c", "drivers/net/b.c"}},
		{"drivers", []string{"*.c"}, nil, nil, []string{"drivers/a.c"}},
		{"", []string{"*/*/*.c"}, nil, nil, []string{"drivers/net/b.c"}},
		{"", []string{"deep/*/b/*"}, nil, nil, []string{"deep/a/b/c/d/e.c", "deep/a/b/c/d/e.h"}}, // a matched directory brings all below
		{"", []string{"d*"}, nil, nil, []string{"deep/a/b/c/d/e.c", "deep/a/b/c/d/e.h", "docs/sub/b.html", "drivers/a.c", "drivers/build", "drivers/keep.o", "drivers/net/.gitignore", "drivers/net/a.o", "drivers/net/b.c", "drivers/net/sub/local", "drivers/vmlinux"}},
		{"", nil, []string{"*.c"}, nil, []string{"deep/a/b/c/d/e.c", "drivers/a.c", "drivers/net/b.c"}},
		{"", nil, []string{"*.c", "*.h"}, []string{"deep"}, []string{"drivers/a.c", "drivers/net/b.c", "fs/gen/ok.h", "include/linux/kernel.h"}},
		{"", nil, []string{"drivers/**"}, []string{"*.o", "drivers/net/.gitignore"}, []string{"drivers/a.c", "drivers/build", "drivers/net/b.c", "drivers/net/sub/local", "drivers/vmlinux"}},
		{"", []string{"include/generated/keep.h"}, nil, nil, nil},            // ignored stays ignored
		{"", []string{"tools/link.c"}, nil, nil, nil},                        // a symlink is counted, not read
		{"", []string{"fs/[odd]*name"}, nil, nil, []string{"fs/[odd]*name"}}, // an existing name is literal
	}
	for _, tt := range tests {
		set, err := Select(root, Options{Cwd: filepath.Join(root, tt.cwd), Paths: tt.paths, Include: tt.inc, Exclude: tt.exc})
		if err != nil {
			t.Errorf("%s %q: %v", tt.cwd, tt.paths, err)
			continue
		}
		if !slices.Equal(set.Files, tt.want) {
			t.Errorf("cwd %q paths %q include %q exclude %q:\n%s", tt.cwd, tt.paths, tt.inc, tt.exc, diffLists(tt.want, set.Files))
		}
	}
	for _, bad := range []struct {
		paths, inc []string
		code       Code
	}{
		{paths: []string{"../outside"}, code: CodeOutsideRoot},
		{paths: []string{"/"}, code: CodeOutsideRoot},
		{paths: []string{"no/such/file.c"}, code: CodeNoSuchPath},
		{paths: []string{"tools/dirlink/a.c"}, code: CodeSymlink},
		{paths: []string{"drivers/[a-"}, code: CodeBadGlob},
		{inc: []string{"[[:nope:]]"}, code: CodeBadGlob},
	} {
		_, err := Select(root, Options{Cwd: root, Paths: bad.paths, Include: bad.inc})
		var e *Error
		if !errors.As(err, &e) || e.Code != bad.code {
			t.Errorf("paths %q include %q: error %v, want code %s", bad.paths, bad.inc, err, bad.code)
		}
	}
}

// gitEnv keeps the user's and the system's git configuration, and so any
// global excludes file, out of the differential tests.
func gitEnv(home string) []string {
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
}

// gitListFiles makes root a git repository (its .git may hold only
// info/exclude so far), adds the given files with -f in index version
// indexVersion, and returns what git ls-files lists.
func gitListFiles(t testing.TB, root string, add []string, indexVersion int) []string {
	t.Helper()
	env := gitEnv(t.TempDir())
	git := func(args ...string) []byte {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = root, env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", args, err)
		}
		return out
	}
	git("init", "-q")
	if len(add) > 0 {
		git(append([]string{"add", "-f", "--"}, add...)...)
		git("update-index", "--index-version", fmt.Sprint(indexVersion))
	}
	out := git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

func withoutSymlinks(t testing.TB, root string, files []string) []string {
	var out []string
	for _, f := range files {
		if fi, err := os.Lstat(filepath.Join(root, f)); err == nil && fi.Mode().IsRegular() {
			out = append(out, f)
		}
	}
	return out
}

// TestSelectDifferential generates random trees and .gitignore files and
// compares Select with git ls-files --others --exclude-standard.
func TestSelectDifferential(t *testing.T) {
	needGit(t)
	n := 40
	if testing.Short() {
		n = 10
	}
	var total Stats
	defer func() {
		// The generator must exercise what it is there to test.
		if !t.Failed() && (total.Ignored == 0 || total.Tracked == 0 || total.Symlinks == 0) {
			t.Errorf("random trees too tame: %+v", total)
		}
	}()
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		root := t.TempDir()
		files := randomTree(r)
		writeTree(t, root, files)
		// Track some files, ignored or not, in a random index version.
		var add []string
		for p := range files {
			if !strings.HasPrefix(p, ".git/") && r.IntN(4) == 0 {
				add = append(add, p)
			}
		}
		slices.Sort(add)
		want := withoutSymlinks(t, root, gitListFiles(t, root, add, 2+r.IntN(3)))
		set, err := Select(root, Options{Cwd: root})
		if err != nil {
			t.Fatal(err)
		}
		total.Ignored += set.Stats.Ignored
		total.Tracked += set.Stats.Tracked
		total.Symlinks += set.Stats.Symlinks
		if !slices.Equal(set.Files, want) {
			var ign strings.Builder
			fmt.Fprintf(&ign, "tracked: %q\n", add)
			for p, d := range files {
				if strings.HasSuffix(p, ".gitignore") || strings.HasSuffix(p, "exclude") {
					fmt.Fprintf(&ign, "%s:\n%s\n", p, d)
				}
			}
			t.Fatalf("seed %d: Select differs from git (-git +ours):\n%s\nignore files:\n%s", seed, diffLists(want, set.Files), ign.String())
		}
	}
}

func needGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH (the differential oracle)")
	}
}

var (
	randNames = []string{"a", "b", "ab", "a.c", "b.o", ".x", "x y", "a b ", "#c#", "!n", "[a]", "*", "a?", `a\b`, "gen", "doc", "a.c.0x.y"}
	randParts = []string{"a", "b", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "[[:alpha:]]", `\*`, "*.c", "*.o", ".*", "a*", "*b", "gen", "doc", `\!n`, `\#c#`, "x y", `a\ b\ `, "[]a]", "[!]]", "a[", `\`}
)

// randomTree builds a random tree of small names with a few .gitignore
// files made of random patterns.
func randomTree(r *rand.Rand) map[string]string {
	files := map[string]string{}
	var dirs = []string{""}
	for range 4 + r.IntN(6) {
		parent := dirs[r.IntN(len(dirs))]
		d := parent + randNames[r.IntN(len(randNames))] + "/"
		dirs = append(dirs, d)
	}
	for range 20 + r.IntN(20) {
		d := dirs[r.IntN(len(dirs))]
		files[d+randNames[r.IntN(len(randNames))]] = "x"
	}
	// A file and a directory may collide by name: keep the directory.
	for p := range files {
		for _, d := range dirs {
			if d != "" && strings.HasPrefix(d, p+"/") {
				delete(files, p)
			}
		}
	}
	for range r.IntN(3) {
		// Symlinks to a file and to a directory: listed by git, never
		// followed by Select.
		files[dirs[r.IntN(len(dirs))]+"link"+fmt.Sprint(r.IntN(9))] = "->" + strings.TrimSuffix(strings.Repeat("../", 3)+dirs[r.IntN(len(dirs))], "/")
	}
	ignores := append([]string{""}, dirs[1:]...)
	for range 1 + r.IntN(3) {
		d := ignores[r.IntN(len(ignores))]
		files[d+".gitignore"] = randomIgnore(r)
	}
	if r.IntN(2) == 0 {
		files[".git/info/exclude"] = randomIgnore(r)
	}
	return files
}

func randomIgnore(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(5) {
		switch r.IntN(12) {
		case 0:
			b.WriteString("# comment\n")
			continue
		case 1:
			b.WriteString("\n")
			continue
		}
		if r.IntN(3) == 0 {
			b.WriteString("!")
		}
		if r.IntN(4) == 0 {
			b.WriteString("/")
		}
		for i := range 1 + r.IntN(3) {
			if i > 0 {
				b.WriteString("/")
			}
			b.WriteString(randParts[r.IntN(len(randParts))])
		}
		if r.IntN(4) == 0 {
			b.WriteString("/")
		}
		if r.IntN(8) == 0 {
			b.WriteString("  ")
		}
		if r.IntN(8) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestSelectNarrowing checks the walk's pruning against brute force: with
// random Paths, Include and Exclude, Select must return exactly the files
// of the unnarrowed selection that the rules, applied to each file and
// each of its parent directories, accept.
func TestSelectNarrowing(t *testing.T) {
	globParts := []string{"a", "b", "*", "**", "?", "[ab]*", "*.c", "a*", "gen", "doc", "x y"}
	n := 60
	if testing.Short() {
		n = 25
	}
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 11))
		root := t.TempDir()
		files := randomTree(r)
		delete(files, ".git/info/exclude")
		writeTree(t, root, files)
		if _, err := exec.LookPath("git"); err == nil && seed%4 == 0 {
			// Tracked files come through the index, and pass the same rules.
			var add []string
			for p := range files {
				if r.IntN(3) == 0 {
					add = append(add, p)
				}
			}
			slices.Sort(add)
			gitListFiles(t, root, add, 2)
		}
		full, err := Select(root, Options{Cwd: root})
		if err != nil {
			t.Fatal(err)
		}
		randGlob := func() string {
			var parts []string
			for range 1 + r.IntN(3) {
				parts = append(parts, globParts[r.IntN(len(globParts))])
			}
			return strings.Join(parts, "/")
		}
		var opt Options
		opt.Cwd = root
		for range r.IntN(3) {
			if r.IntN(2) == 0 && len(full.Files) > 0 {
				// A file or one of its directories.
				f := full.Files[r.IntN(len(full.Files))]
				for r.IntN(2) == 0 && strings.Contains(f, "/") {
					f = f[:strings.LastIndexByte(f, '/')]
				}
				opt.Paths = append(opt.Paths, f)
			} else if g := randGlob(); hasMeta(g) {
				opt.Paths = append(opt.Paths, g)
			}
		}
		for range r.IntN(2) {
			opt.Include = append(opt.Include, randGlob())
		}
		for range r.IntN(2) {
			opt.Exclude = append(opt.Exclude, randGlob())
		}
		set, err := Select(root, opt)
		if err != nil {
			continue // a random path through a symlink, or a missing one
		}
		var want []string
		for _, f := range full.Files {
			if bruteSelects(opt, f, func(p string) bool { _, err := os.Lstat(filepath.Join(root, p)); return err == nil }) {
				want = append(want, f)
			}
		}
		if !slices.Equal(set.Files, want) {
			t.Fatalf("seed %d, paths %q include %q exclude %q:\n%s", seed, opt.Paths, opt.Include, opt.Exclude, diffLists(want, set.Files))
		}
	}
}

// bruteSelects applies Options to one tree-relative file path the slow way;
// exists says which Paths name something and are taken literally.
func bruteSelects(opt Options, f string, exists func(string) bool) bool {
	var prefixes []string // f's parent directories, then f
	for i := range f {
		if f[i] == '/' {
			prefixes = append(prefixes, f[:i])
		}
	}
	prefixes = append(prefixes, f)
	globMatch := func(g, p string) bool {
		if !strings.Contains(g, "/") {
			return wildmatch(g, p[strings.LastIndexByte(p, '/')+1:], true)
		}
		return wildmatch(g, p, true)
	}
	inPaths := len(opt.Paths) == 0
	for _, p := range opt.Paths {
		for _, q := range prefixes {
			if p == q || !exists(p) && wildmatch(p, q, true) {
				inPaths = true
			}
		}
	}
	included := len(opt.Include) == 0
	for _, q := range prefixes {
		for _, g := range opt.Exclude {
			if globMatch(g, q) {
				return false
			}
		}
		for _, g := range opt.Include {
			included = included || globMatch(g, q)
		}
	}
	return inPaths && included
}

// TestSelectsBrute compares selection.selects, which decides for the
// tracked files the walk did not see, with bruteSelects on many random
// option sets and paths, without touching the disk for each.
func TestSelectsBrute(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, sampleTree)
	exists := func(p string) bool { _, err := os.Lstat(filepath.Join(root, p)); return err == nil }
	var names []string
	for p := range sampleTree {
		names = append(names, strings.TrimSuffix(p, "/"))
	}
	slices.Sort(names)
	parts := []string{"drivers", "net", "fs", "*", "**", "?", "[a-f]*", "*.c", "*.h", "gen", "deep", "a", "b"}
	r := rand.New(rand.NewPCG(1, 2))
	randGlob := func() string {
		var g []string
		for range 1 + r.IntN(3) {
			g = append(g, parts[r.IntN(len(parts))])
		}
		return strings.Join(g, "/")
	}
	for range 2000 {
		opt := Options{Cwd: root}
		for range r.IntN(3) {
			if r.IntN(2) == 0 {
				opt.Paths = append(opt.Paths, names[r.IntN(len(names))])
			} else {
				opt.Paths = append(opt.Paths, randGlob())
			}
		}
		for range r.IntN(3) {
			opt.Include = append(opt.Include, randGlob())
		}
		for range r.IntN(2) {
			opt.Exclude = append(opt.Exclude, randGlob())
		}
		sel, err := newSelection(root, opt)
		if err != nil {
			continue
		}
		for _, p := range names {
			if got, want := sel.selects(p), bruteSelects(opt, p, exists); got != want {
				t.Fatalf("paths %q include %q exclude %q: selects(%q) = %v, want %v", opt.Paths, opt.Include, opt.Exclude, p, got, want)
			}
		}
	}
}
