package kconfig_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-edit/go-edit/kconfig"
)

// fakeShell answers $(shell,...) from a table and records the commands.
type fakeShell struct {
	mu      sync.Mutex
	answers map[string]string
	calls   []string
}

func (f *fakeShell) Run(cmd string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, cmd)
	return f.answers[cmd]
}

func parseText(t *testing.T, text string, sh kconfig.Shell) *kconfig.Config {
	t.Helper()
	c, err := kconfig.Parse(&kconfig.Env{FS: fstest.MapFS{"Kconfig": {Data: []byte(text)}}, Shell: sh,
		Vars: map[string]string{"ARCH": "x86", "SRCARCH": "x86"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestShellIsInjectedAndPostProcessed(t *testing.T) {
	sh := &fakeShell{answers: map[string]string{
		"probe-a": "line one\nline two\n\n",
		"probe-b": strings.Repeat("x", 5000),
	}}
	c := parseText(t, `
config A
	string "a"
	default "$(shell,probe-a)"
config B
	string "b"
	default "$(shell,probe-b)"
`, sh)
	if got := c.Value(c.Lookup("A")); got != "line one line two" {
		t.Errorf("A = %q: trailing newlines must go, inner ones become spaces", got)
	}
	if got := c.Value(c.Lookup("B")); len(got) != 4095 {
		t.Errorf("B has %d bytes, want 4095 (conf's buffer)", len(got))
	}
	if strings.Join(sh.calls, ",") != "probe-a,probe-b" {
		t.Errorf("calls = %q", sh.calls)
	}
}

func TestCachedShellPersistsAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "probes.json")
	inner := &fakeShell{answers: map[string]string{"cc --version": "cc 1.0\n"}}
	c := kconfig.NewCachedShell(inner, path)
	first := c.Run("cc --version")
	second := c.Run("cc --version")
	if first != "cc 1.0\n" || second != first {
		t.Fatalf("answers %q, %q", first, second)
	}
	if len(inner.calls) != 1 || c.Hits != 1 || c.Misses != 1 {
		t.Errorf("inner ran %d times, hits %d misses %d; want 1, 1, 1", len(inner.calls), c.Hits, c.Misses)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("cache directory holds %d files, want only the cache (no temporary left)", len(entries))
	}
	again := kconfig.NewCachedShell(&fakeShell{}, path)
	if again.Run("cc --version") != "cc 1.0\n" || again.Misses != 0 {
		t.Errorf("reloaded cache missed")
	}
}

func TestOpenPrefetchMatchesSequentialProbes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "arch", "x86"), 0o755)
	os.WriteFile(filepath.Join(dir, "Makefile"), []byte("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n"), 0o644)
	// b's command depends on a's answer, c's on b's: prefetching must
	// iterate until the chain is resolved.
	os.WriteFile(filepath.Join(dir, "Kconfig"), []byte(`
a := $(shell,first)
b := $(shell,second $(a))
config C
	string "c"
	default "$(shell,third $(b))"
`), 0o644)
	sh := &fakeShell{answers: map[string]string{"first": "1", "second 1": "2", "third 2": "3"}}
	cache := t.TempDir()
	tree, err := kconfig.Open(kconfig.OpenOptions{Srctree: dir, Objtree: t.TempDir(), Shell: sh,
		Getenv: func(k string) (string, bool) {
			if k == "XDG_CACHE_HOME" {
				return cache, true
			}
			return "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tree.Value(tree.Lookup("C")); got != "3" {
		t.Errorf("C = %q, want 3", got)
	}
	// Each probe ran once, and none was built from an answer not yet
	// known.
	want := map[string]bool{"first": true, "second 1": true, "third 2": true}
	for _, c := range sh.calls {
		if !want[c] && !strings.Contains(c, "--version") {
			t.Errorf("unexpected probe %q", c)
		}
		delete(want, c)
	}
	if len(want) > 0 {
		t.Errorf("probes never run: %v", want)
	}
	if tree.Vars["KERNELVERSION"] != "6.1.0" {
		t.Errorf("KERNELVERSION = %q", tree.Vars["KERNELVERSION"])
	}
}

func TestDeriveEnv(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Makefile"), []byte("# comment\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 42\nEXTRAVERSION = -rc1\nNAME = Curry\n"), 0o644)
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	for _, tc := range []struct {
		arch    string
		environ map[string]string
		want    map[string]string
	}{
		{"x86_64", nil, map[string]string{"ARCH": "x86_64", "SRCARCH": "x86", "KERNELVERSION": "6.1.42-rc1", "CC": "gcc", "LD": "ld"}},
		{"", map[string]string{"ARCH": "i386"}, map[string]string{"ARCH": "i386", "SRCARCH": "x86"}},
		{"arm64", map[string]string{"CROSS_COMPILE": "aarch64-linux-gnu-"}, map[string]string{"SRCARCH": "arm64", "CC": "aarch64-linux-gnu-gcc", "OBJCOPY": "aarch64-linux-gnu-objcopy"}},
		{"arm64", map[string]string{"LLVM": "1"}, map[string]string{"CC": "clang", "LD": "ld.lld", "AR": "llvm-ar"}},
		{"x86", map[string]string{"LLVM": "-15"}, map[string]string{"CC": "clang-15", "NM": "llvm-nm-15"}},
		{"x86", map[string]string{"LLVM": "/opt/llvm/bin/"}, map[string]string{"CC": "/opt/llvm/bin/clang"}},
		{"sparc64", nil, map[string]string{"SRCARCH": "sparc"}},
	} {
		vars, err := kconfig.DeriveEnv(kconfig.EnvOptions{Srctree: dir, Arch: tc.arch, Getenv: env(tc.environ)})
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range tc.want {
			if vars[k] != v {
				t.Errorf("arch %q env %v: %s = %q, want %q", tc.arch, tc.environ, k, vars[k], v)
			}
		}
	}
}

func TestHelpText(t *testing.T) {
	// 6.1 no longer knows ---help---.
	if _, err := kconfig.Parse(&kconfig.Env{FS: fstest.MapFS{"Kconfig": {Data: []byte("config B\n\tbool \"b\"\n\t---help---\n")}}}); err == nil || !strings.Contains(err.Error(), "Kconfig:3:2: unknown statement") {
		t.Errorf("---help--- gave %v", err)
	}
	c2, err := kconfig.Parse(&kconfig.Env{FS: fstest.MapFS{"Kconfig": {Data: []byte("config A\n\tbool \"a\"\n\thelp\n\t  First line.\n\n\t    Indented more.\n\t  Last.  \nconfig B\n\tbool \"b\"\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	a := c2.Lookup("A").Nodes()[0]
	// No blank line before the next entry: the last newline is not part
	// of the text (lexer.l ends help at "\n" followed by a non-blank).
	if want := "First line.\n\n  Indented more.\nLast."; a.Help() != want {
		t.Errorf("help = %q, want %q", a.Help(), want)
	}
	if b := c2.Lookup("B"); b == nil || b.Nodes()[0].Line != 8 {
		t.Errorf("the entry after the help text is not at line 8")
	}
}

func TestLineContinuationAndWords(t *testing.T) {
	c := parseText(t, "config A\n\tdef_bool y\nconfig B\n\tdef_bool A && \\\n\t\tC\nconfig C\n\tdef_bool y\nconfig boolean\n\tdef_bool y\n", nil)
	if c.Value(c.Lookup("B")) != "y" {
		t.Errorf("B = %s: the escaped newline must join the lines", c.Value(c.Lookup("B")))
	}
	if c.Lookup("boolean") == nil {
		t.Errorf("a word that starts with a keyword must be a symbol name")
	}
	if got := c.Lookup("B").DirectDeps(); got != nil {
		t.Errorf("B has no depends on, got %v", got)
	}
}

func TestHelpTextEndings(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"config A\n\tbool \"a\"\n\thelp\n\t  text\n\nconfig B\n\tbool \"b\"\n", "text\n"},
		{"config A\n\tbool \"a\"\n\thelp\n\t  text\n\t  more\n", "text\nmore\n"},
		{"config A\n\tbool \"a\"\n\thelp\n\t  text\n\t  more", "text\nmore"},
		{"if X\nconfig A\n\tbool \"a\"\n\thelp\n\t  text\n\n\t  para\n endif\n", "text\n\npara\n"},
		{"config A\n\tbool \"a\"\n\thelp\n\t\ttab\n\t\t        deeper\n\t\tback\nconfig B\n\tbool \"b\"\n", "tab\n        deeper\nback"},
	} {
		c, err := kconfig.Parse(&kconfig.Env{FS: fstest.MapFS{"Kconfig": {Data: []byte(tc.src)}}})
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		if got := c.Lookup("A").Nodes()[0].Help(); got != tc.want {
			t.Errorf("%q: help %q, want %q", tc.src, got, tc.want)
		}
	}
}
