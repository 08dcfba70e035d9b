package kconfig_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/kconfig"
	"golang.org/x/tools/txtar"
)

// goldenSeeds returns one section of every golden case, to seed fuzzing.
func goldenSeeds(t testing.TB, section string) [][]byte {
	paths, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(t), "testdata", "kconfig", "*.txtar"))
	var out [][]byte
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasPrefix(f.Name, section) {
				out = append(out, f.Data)
			}
		}
	}
	return out
}

func fuzzEnv(kconfigText []byte) *kconfig.Env {
	return &kconfig.Env{
		FS:   fstest.MapFS{"Kconfig": {Data: kconfigText}},
		Vars: map[string]string{"ARCH": "x86", "SRCARCH": "x86", "KERNELVERSION": "6.1.0"},
	}
}

// FuzzKconfig: any input either parses or fails with positioned errors
// inside the input; a parsed tree's configuration is a fixed point of
// write, read, write.
func FuzzKconfig(f *testing.F) {
	for _, s := range goldenSeeds(f, "Kconfig") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := kconfig.Parse(fuzzEnv(src))
		if err != nil {
			lines := bytes.Count(src, []byte("\n")) + 1
			var list kconfig.ErrorList
			if el, ok := err.(kconfig.ErrorList); ok {
				list = el
			}
			if len(list) == 0 {
				t.Fatalf("error of type %T, want ErrorList: %v", err, err)
			}
			for _, e := range list {
				if e.File == "Kconfig" && (e.Line < 0 || e.Line > lines+1) {
					t.Fatalf("error line %d outside the input (%d lines): %v", e.Line, lines, e)
				}
			}
			return
		}
		first := c.Write()
		c.ReadConfig(".config", first)
		if second := c.Write(); !bytes.Equal(first, second) {
			t.Fatalf("write/read/write is not a fixed point:\n%s", testutil.LineDiff(first, second))
		}
	})
}

// dotConfigTree is the Kconfig tree FuzzDotConfig reads configurations
// against: every type, a choice, ranges and selects.
const dotConfigTree = `
config MODULES
	bool "modules"
	modules
	default y
config B
	bool "b"
config T
	tristate "t"
	select B
config S
	string "s"
	default "x"
config I
	int "i"
	range 0 100
	default 5
config H
	hex "h"
	default 0x10
choice
	prompt "c"
	default C2
config C1
	bool "c1"
config C2
	tristate "c2"
endchoice
`

// FuzzDotConfig: reading any .config never panics, and the written
// result reads back to itself (olddefconfig is idempotent).
func FuzzDotConfig(f *testing.F) {
	for _, s := range goldenSeeds(f, ".config") {
		f.Add(s)
	}
	for _, s := range goldenSeeds(f, "want/.config") {
		f.Add(s)
	}
	c, err := kconfig.Parse(fuzzEnv([]byte(dotConfigTree)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c.ReadConfig(".config", data)
		first := c.Write()
		c.ReadConfig(".config", first)
		if second := c.Write(); !bytes.Equal(first, second) {
			t.Fatalf("not a fixed point:\n%s", testutil.LineDiff(first, second))
		}
		c.Warnings = nil
	})
}
