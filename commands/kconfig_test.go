package commands

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kconfigTree writes a small kernel-like tree (Makefile, arch/, Kconfig)
// and returns its path; the object tree and cache live in temp dirs.
func kconfigTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"Makefile": "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 7\nEXTRAVERSION = -test\n",
		"Kconfig": `mainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"

source "arch/$(SRCARCH)/Kconfig"

config MODULES
	bool "Enable loadable module support"
	modules
	default y

config BASE
	bool "base feature"

config MID
	bool "middle layer"
	depends on BASE

config DEP
	tristate "needs the middle layer"
	depends on MID

config SELECTOR
	bool "selects LOCKED"
	select LOCKED

config LOCKED
	bool "locked"

choice
	prompt "speed"
	default SLOW
config SLOW
	bool "slow"
config FAST
	bool "fast"
endchoice

config COUNT
	int "count"
	range 1 16
	default 4

config NAME
	string "name"
	default "tux"
`,
		"arch/x86/Kconfig":                  "config X86\n\tdef_bool y\n",
		"arch/x86/configs/x86_64_defconfig": "CONFIG_BASE=y\nCONFIG_FAST=y\n",
		"arch/x86/configs/i386_defconfig":   "CONFIG_BASE=y\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("ARCH", "")
	t.Setenv("KCONFIG_CONFIG", "")
	return dir
}

// runKconfig runs go-edit kconfig in-process with the tree's flags.
func runKconfig(t *testing.T, tree, obj string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"--sandbox=off", "kconfig", "--srctree", tree, "--objtree", obj, "--arch", "x86"}, args...)
	code = run("test", full, streams{in: strings.NewReader(""), out: &out, err: &errb})
	return out.String(), errb.String(), code
}

func TestKconfigDefconfigThenSet(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	if _, serr, code := runKconfig(t, tree, obj, "defconfig"); code != 0 {
		t.Fatalf("defconfig: exit %d\n%s", code, serr)
	}
	cfg, err := os.ReadFile(filepath.Join(obj, ".config"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Linux/x86 6.1.7-test Kernel Configuration\n", "CONFIG_BASE=y\n", "CONFIG_FAST=y\n", "# CONFIG_SLOW is not set\n", "CONFIG_COUNT=4\n"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("defconfig output lacks %q:\n%s", want, cfg)
		}
	}

	// Assignments go together: MID depends on BASE (already y), DEP on MID.
	out, serr, code := runKconfig(t, tree, obj, "set", "DEP=m", "CONFIG_MID=y", "SLOW=y", "NAME=penguin")
	if code != 0 {
		t.Fatalf("set: exit %d\n%s", code, serr)
	}
	for _, want := range []string{"+DEP m", " MID n -> y", " FAST y -> n", " SLOW n -> y", ` NAME "tux" -> "penguin"`} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("set output lacks %q:\n%s", want, out)
		}
	}
	old, err := os.ReadFile(filepath.Join(obj, ".config.old"))
	if err != nil || !bytes.Equal(old, cfg) {
		t.Errorf(".config.old does not hold the previous configuration (%v)", err)
	}
	cfg2, _ := os.ReadFile(filepath.Join(obj, ".config"))

	// olddefconfig on the result changes nothing.
	if _, serr, code := runKconfig(t, tree, obj, "olddefconfig"); code != 0 || !strings.Contains(serr, "No change") {
		t.Errorf("olddefconfig after set: exit %d, stderr %q", code, serr)
	}
	cfg3, _ := os.ReadFile(filepath.Join(obj, ".config"))
	if !bytes.Equal(cfg2, cfg3) {
		t.Errorf("olddefconfig changed the file set wrote")
	}
}

func TestKconfigSetFailureWritesNothing(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	if _, serr, code := runKconfig(t, tree, obj, "olddefconfig"); code != 0 {
		t.Fatalf("olddefconfig: exit %d\n%s", code, serr)
	}
	if _, serr, code := runKconfig(t, tree, obj, "set", "SELECTOR=y"); code != 0 {
		t.Fatalf("set SELECTOR: %d\n%s", code, serr)
	}
	before, _ := os.ReadFile(filepath.Join(obj, ".config"))
	_, serr, code := runKconfig(t, tree, obj, "set", "DEP=y", "LOCKED=n", "COUNT=99")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, serr)
	}
	for _, want := range []string{
		"CONFIG_DEP=y not applied: cannot raise DEP to y",
		"MID [=n]  Kconfig:13",
		"CONFIG_LOCKED=n not applied: cannot lower LOCKED to n: selected by SELECTOR [=y] (Kconfig:21)",
		"CONFIG_COUNT=99 not applied: COUNT=99 is outside the range 1..16",
	} {
		if !strings.Contains(serr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, serr)
		}
	}
	after, _ := os.ReadFile(filepath.Join(obj, ".config"))
	if !bytes.Equal(before, after) {
		t.Errorf("a failed set changed .config")
	}
}

func TestKconfigSetWithDeps(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	runKconfig(t, tree, obj, "olddefconfig")
	out, serr, code := runKconfig(t, tree, obj, "set", "--with-deps", "DEP=y")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, serr)
	}
	for _, want := range []string{"also set CONFIG_MID=y", "also set CONFIG_BASE=y", "+DEP y"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Lowering a selected symbol turns the selecter off.
	runKconfig(t, tree, obj, "set", "SELECTOR=y")
	out, serr, code = runKconfig(t, tree, obj, "set", "--with-deps", "LOCKED=n")
	if code != 0 || !strings.Contains(out, "also set CONFIG_SELECTOR=n") {
		t.Errorf("exit %d, out %q, err %q", code, out, serr)
	}
}

func TestKconfigGetWhySearchJSON(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	runKconfig(t, tree, obj, "olddefconfig")
	out, serr, code := runKconfig(t, tree, obj, "get", "--json", "CONFIG_COUNT", "NAME")
	if code != 0 {
		t.Fatalf("get: %d %s", code, serr)
	}
	var got []struct{ Name, Value, Type, Visible string }
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 2 {
		t.Fatalf("get --json: %v\n%s", err, out)
	}
	if got[0].Name != "COUNT" || got[0].Value != "4" || got[0].Type != "int" || got[1].Value != "tux" {
		t.Errorf("get --json = %+v", got)
	}
	if _, _, code := runKconfig(t, tree, obj, "get", "NO_SUCH"); code != 1 {
		t.Errorf("get of an unknown symbol: exit %d, want 1", code)
	}

	out, _, code = runKconfig(t, tree, obj, "why", "--json", "LOCKED")
	var why struct {
		Value, Reason string
		SelectedBy    []struct{ By string } `json:"selected_by"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &why) != nil || why.Value != "n" {
		t.Fatalf("why --json: %d %s", code, out)
	}
	out, _, code = runKconfig(t, tree, obj, "why", "MID")
	if code != 0 || !strings.Contains(out, "depends on:\n    BASE [=n]  Kconfig:10") {
		t.Errorf("why MID:\n%s", out)
	}
	out, _, code = runKconfig(t, tree, obj, "search", "--json", "speed|^s")
	var ms []struct{ Name string }
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil {
		t.Fatalf("search: %d %s", code, out)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if strings.Join(names, " ") != "SELECTOR SLOW" {
		t.Errorf("search found %v", names)
	}
}

func TestKconfigSavedefconfigAndDiff(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	runKconfig(t, tree, obj, "defconfig")
	minimal := filepath.Join(t.TempDir(), "min")
	if _, serr, code := runKconfig(t, tree, obj, "savedefconfig", minimal); code != 0 {
		t.Fatalf("savedefconfig: %d %s", code, serr)
	}
	got, _ := os.ReadFile(minimal)
	if string(got) != "CONFIG_BASE=y\nCONFIG_FAST=y\n" {
		t.Errorf("savedefconfig wrote %q", got)
	}
	a := filepath.Join(t.TempDir(), "a")
	b := filepath.Join(t.TempDir(), "b")
	os.WriteFile(a, []byte("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_S=\"x\"\n"), 0o644)
	os.WriteFile(b, []byte("CONFIG_B=y\nCONFIG_C=y\nCONFIG_D=4\nCONFIG_S=\"x\"\n"), 0o644)
	out, _, code := runKconfig(t, tree, obj, "diff", a, b)
	want := "-A y\n B m -> y\n C n -> y\n+D 4\n"
	if code != 0 || out != want {
		t.Errorf("diff: exit %d\n%q\nwant %q", code, out, want)
	}
}

func TestKconfigUsageErrors(t *testing.T) {
	tree := kconfigTree(t)
	obj := t.TempDir()
	for _, args := range [][]string{
		{"set"},
		{"set", "NOEQUALS"},
		{"diff", "onlyone"},
		{"why"},
		{"search", "("},
	} {
		if _, _, code := runKconfig(t, tree, obj, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var out, errb bytes.Buffer
	if code := run("test", []string{"--sandbox=off", "kconfig", "--srctree", t.TempDir(), "get", "X"}, streams{strings.NewReader(""), &out, &errb}); code != 2 {
		t.Errorf("--srctree without a kernel tree: exit %d, want 2 (%s)", code, errb.String())
	}
}

func TestKconfigParseErrorPosition(t *testing.T) {
	tree := kconfigTree(t)
	os.WriteFile(filepath.Join(tree, "arch/x86/Kconfig"), []byte("config X86\n\tdepends on (A ||\n"), 0o644)
	_, serr, code := runKconfig(t, tree, t.TempDir(), "olddefconfig")
	if code != 1 || !strings.Contains(serr, "arch/x86/Kconfig:2:") {
		t.Errorf("exit %d, stderr %q", code, serr)
	}
}
