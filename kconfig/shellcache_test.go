package kconfig_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/kconfig"
)

// TestCachedShellRoundTrip: every output, whatever its bytes, reads back
// exactly from the saved file.
func TestCachedShellRoundTrip(t *testing.T) {
	answers := map[string]string{
		"cc --version":          "gcc (Debian 12.2.0-14) 12.2.0\nCopyright\n",
		`echo "a b" 'c\d'`:      "\"a b\" 'c\\d'\n",
		"printf '\\377\\n'":     "\xff\n\x00\r\t",
		"true":                  "",
		"echo \u2028 é <>&":     "\u2028 é <>&\n",
		"cmd with\nnewline\x01": " \n\n",
	}
	path := filepath.Join(t.TempDir(), "probes")
	c := kconfig.NewCachedShell(&fakeShell{answers: answers}, path)
	for cmd := range answers {
		c.Run(cmd)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	inner := &fakeShell{}
	again := kconfig.NewCachedShell(inner, path)
	for cmd, want := range answers {
		if got := again.Run(cmd); got != want {
			t.Errorf("Run(%q) = %q after reload, want %q", cmd, got, want)
		}
	}
	if len(inner.calls) != 0 {
		t.Errorf("reloaded cache ran %q", inner.calls)
	}
}

// TestCachedShellIgnoresOtherFormats: a cache file in the JSON format of
// earlier versions, or one cut short or damaged, counts as empty: the
// probes run again, nothing fails, and Save replaces the file with one
// that loads.
func TestCachedShellIgnoresOtherFormats(t *testing.T) {
	answers := map[string]string{"cc --version": "cc 2.0\n", "ld -v": "ld 2.40\n"}
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	c := kconfig.NewCachedShell(&fakeShell{answers: answers}, good)
	c.Run("cc --version")
	c.Run("ld -v")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(saved), "\n"); lines != 3 {
		t.Fatalf("saved cache has %d lines, want a header and 2 entries:\n%s", lines, saved)
	}
	damaged := map[string]string{
		"json":           `{"cc --version":"stale 1.0\n","ld -v":"stale\n"}`,
		"empty":          "",
		"truncated":      string(saved[:len(saved)-1]),
		"cut in a quote": string(saved[:len(saved)-5]),
		"no separator":   strings.Replace(string(saved), `" "`, `""`, 1),
		"extra field":    strings.Replace(string(saved), "\n\"ld", " \"x\"\n\"ld", 1),
		"bad escape":     strings.Replace(string(saved), `\n`, `\q`, 1),
		"other header":   strings.Replace(string(saved), "v1", "v0", 1),
	}
	for name, text := range damaged {
		t.Run(name, func(t *testing.T) {
			if text == string(saved) {
				t.Fatal("the damage changed nothing")
			}
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			inner := &fakeShell{answers: answers}
			c := kconfig.NewCachedShell(inner, path)
			if got := c.Run("cc --version"); got != "cc 2.0\n" {
				t.Errorf("Run = %q, want the fresh answer", got)
			}
			if c.Misses != 1 || len(inner.calls) != 1 {
				t.Errorf("misses %d, inner calls %q: the damaged file must count as empty", c.Misses, inner.calls)
			}
			if err := c.Save(); err != nil {
				t.Fatalf("Save: %v", err)
			}
			reloaded := kconfig.NewCachedShell(&fakeShell{}, path)
			if got := reloaded.Run("cc --version"); got != "cc 2.0\n" || reloaded.Misses != 0 {
				t.Errorf("after Save, the rebuilt cache answers %q with %d misses", got, reloaded.Misses)
			}
		})
	}
}

// FuzzCachedShellFile: any cache file loads without error, and after Save
// the file holds what the cache answered, fresh probe included.
func FuzzCachedShellFile(f *testing.F) {
	f.Add([]byte("go-edit shell cache v1\n\"a\" \"b\\n\"\n"))
	f.Add([]byte(`{"a":"b"}`))
	f.Add([]byte("go-edit shell cache v1\n\"x\" \"\\xff\"\n\"\" \"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "probes")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c := kconfig.NewCachedShell(&fakeShell{answers: map[string]string{"probe": "fresh\n"}}, path)
		a, b := c.Run("a"), c.Run("probe")
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		again := kconfig.NewCachedShell(&fakeShell{}, path)
		if again.Run("a") != a || again.Run("probe") != b || again.Misses != 0 {
			t.Errorf("reloaded cache differs: a %q, probe %q, %d misses", again.Run("a"), again.Run("probe"), again.Misses)
		}
	})
}

// TestToolchainKey: the cache file's key is stable for one toolchain and
// changes with anything that changes the probes' answers.
func TestToolchainKey(t *testing.T) {
	env := map[string]string{"PATH": "/nonexistent"}
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	vars := map[string]string{"CC": "gcc", "ARCH": "x86", "srctree": "/src"}
	key := kconfig.ToolchainKey(vars, getenv)
	if len(key) != 24 || strings.Trim(key, "0123456789abcdef") != "" {
		t.Fatalf("key %q, want 24 lower-case hex digits", key)
	}
	if again := kconfig.ToolchainKey(vars, getenv); again != key {
		t.Errorf("key changed between calls: %q, %q", key, again)
	}
	vars["CC"] = "clang"
	if other := kconfig.ToolchainKey(vars, getenv); other == key {
		t.Errorf("CC=clang gives the key of CC=gcc")
	}
	vars["CC"] = "gcc"
	env["LLVM"] = "1"
	if other := kconfig.ToolchainKey(vars, getenv); other == key {
		t.Errorf("LLVM=1 in the environment does not change the key")
	}
}
