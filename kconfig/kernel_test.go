package kconfig_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/kconfig"
)

// The tests in this file compare go-edit with the C tools of the real
// Linux 6.1 tree: scripts/kconfig/conf is built from the tree (through
// make, into a temporary object tree) and run on Debian's shipped
// configurations (package linux-config-6.1).

const debianConfigs = "/usr/src/linux-config-6.1"

// oracle is an object tree where make runs the C tools.
type oracle struct {
	ksrc, obj, arch string
	// confEnv is the environment make gives conf, captured once so
	// that repeated olddefconfig runs can call conf directly.
	confEnv []string
}

func newOracle(t *testing.T, ksrc, arch string) *oracle {
	t.Helper()
	testutil.LookPath(t, "make", "the C oracle is built with make")
	testutil.LookPath(t, "gcc", "the C oracle is built with gcc")
	o := &oracle{ksrc: ksrc, obj: filepath.Join(t.TempDir(), "obj-"+arch), arch: arch}
	// Building conf is part of the first target run.
	o.run(t, "defconfig", nil)
	o.captureConfEnv(t)
	return o
}

// captureConfEnv records the environment make passes to conf: conf is
// wrapped by a script that dumps it for one make run, then restored.
func (o *oracle) captureConfEnv(t *testing.T) {
	t.Helper()
	conf := filepath.Join(o.obj, "scripts", "kconfig", "conf")
	dump := filepath.Join(o.obj, "conf.env")
	if err := os.Rename(conf, conf+".real"); err != nil {
		t.Fatal(err)
	}
	wrapper := "#!/bin/sh\nenv -0 >'" + dump + "'\nexec '" + conf + ".real' \"$@\"\n"
	if err := os.WriteFile(conf, []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	o.run(t, "olddefconfig", nil)
	if err := os.Rename(conf+".real", conf); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(string(data), "\x00") {
		if kv != "" {
			o.confEnv = append(o.confEnv, kv)
		}
	}
}

// olddefconfig runs conf --olddefconfig on the object tree's .config the
// way make does, without make's own start-up cost.
func (o *oracle) olddefconfig(t *testing.T) error {
	cmd := exec.Command(filepath.Join(o.obj, "scripts", "kconfig", "conf"), "-s", "--olddefconfig", "Kconfig")
	cmd.Dir = o.obj
	cmd.Env = o.confEnv
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("conf --olddefconfig: %v\n%s", err, out)
	}
	return nil
}

// clone copies the object tree (with its built conf) so that oracle runs
// can proceed in parallel.
func (o *oracle) clone(t *testing.T) *oracle {
	t.Helper()
	n := &oracle{ksrc: o.ksrc, obj: filepath.Join(t.TempDir(), "clone"), arch: o.arch, confEnv: o.confEnv}
	if out, err := exec.Command("cp", "-a", o.obj, n.obj).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	return n
}

// run puts config (if any) into the object tree, runs make target and
// returns the resulting .config.
func (o *oracle) run(t *testing.T, target string, config []byte) []byte {
	t.Helper()
	if err := os.MkdirAll(o.obj, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(o.obj, ".config")
	os.Remove(cfg)
	os.Remove(cfg + ".old")
	if config != nil {
		if err := os.WriteFile(cfg, config, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("make", "-s", "-C", o.ksrc, "O="+o.obj, "ARCH="+o.arch, target)
	cmd.Env = append(os.Environ(), "KCONFIG_CONFIG=.config")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", target, err, out)
	}
	out, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// scriptsConfig runs scripts/config on the object tree's .config.
func (o *oracle) scriptsConfig(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(o.ksrc, "scripts", "config"), append([]string{"--file", filepath.Join(o.obj, ".config")}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("scripts/config %v: %v\n%s", args, err, out)
	}
}

func openTree(t *testing.T, ksrc, arch string) *kconfig.Tree {
	t.Helper()
	cache := t.TempDir()
	getenv := func(k string) (string, bool) {
		if k == "XDG_CACHE_HOME" {
			return cache, true
		}
		return os.LookupEnv(k)
	}
	tree, err := kconfig.Open(kconfig.OpenOptions{Srctree: ksrc, Arch: arch, Objtree: t.TempDir(),
		Getenv: getenv, Environ: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// loadDebianConfigs decompresses the configs of linux-config-6.1.
func loadDebianConfigs(t *testing.T) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(debianConfigs, "config.*.xz"))
	if len(files) == 0 {
		if os.Getenv("GOEDIT_REQUIRE_KSRC") != "" {
			t.Fatalf("no Debian configs in %s (package linux-config-6.1)", debianConfigs)
		}
		t.Skipf("no Debian configs in %s (install linux-config-6.1)", debianConfigs)
	}
	if _, err := exec.LookPath("xz"); err != nil && os.Getenv("GOEDIT_REQUIRE_KSRC") != "" {
		t.Fatalf("xz not on PATH: Debian ships its configs xz-compressed (install xz-utils)")
	}
	testutil.LookPath(t, "xz", "Debian ships its configs xz-compressed")
	out := map[string][]byte{}
	for _, f := range files {
		data, err := exec.Command("xz", "-dc", f).Output()
		if err != nil {
			t.Fatalf("xz -dc %s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".xz")] = data
	}
	return out
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: C %q, go-edit %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths differ: C %d lines, go-edit %d lines", len(la), len(lb))
}

// TestKernelOracleFiles checks olddefconfig on every Debian config and
// defconfig against the C tools, byte for byte, for each architecture.
func TestKernelOracleFiles(t *testing.T) {
	ksrc := testutil.KernelTree(t)
	configs := loadDebianConfigs(t)
	names := make([]string, 0, len(configs))
	for n := range configs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, arch := range []string{"x86_64", "x86", "arm64"} {
		t.Run(arch, func(t *testing.T) {
			o := newOracle(t, ksrc, arch)
			tree := openTree(t, ksrc, arch)
			t.Run("defconfig", func(t *testing.T) {
				want := o.run(t, "defconfig", nil)
				file := kconfig.DefaultDefconfig(tree.Vars)
				data, err := os.ReadFile(filepath.Join(ksrc, file))
				if err != nil {
					t.Fatal(err)
				}
				tree.ReadConfig(file, data)
				tree.PinChoices()
				if got := tree.Write(); !bytes.Equal(got, want) {
					t.Errorf("defconfig (%s) differs from conf: %s", file, firstDiff(want, got))
				}
			})
			for _, n := range names {
				t.Run("olddefconfig/"+n, func(t *testing.T) {
					want := o.run(t, "olddefconfig", configs[n])
					tree.ReadConfig(n, configs[n])
					if got := tree.Write(); !bytes.Equal(got, want) {
						t.Errorf("olddefconfig of %s differs from conf: %s", n, firstDiff(want, got))
					}
					// savedefconfig of the result, then defconfig from it,
					// must give the result back (conf's own round trip).
					wantMin := o.runSave(t, want)
					tree.ReadConfig(".config", want)
					if gotMin := tree.WriteMinimal(); !bytes.Equal(gotMin, wantMin) {
						t.Errorf("savedefconfig of %s differs from conf: %s", n, firstDiff(wantMin, gotMin))
					}
				})
			}
		})
	}
}

// runSave runs make savedefconfig on config and returns the minimal file.
func (o *oracle) runSave(t *testing.T, config []byte) []byte {
	t.Helper()
	o.run(t, "savedefconfig", config)
	out, err := os.ReadFile(filepath.Join(o.obj, "defconfig"))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// setCase is one request of the set oracle test.
type setCase struct {
	kind     string
	as       kconfig.Assignment
	deselect string // previously selected choice member (scripts/config --disable)
}

// sampleSetCases picks a deterministic, varied sample of assignments
// from the configuration tree: flips of visible bool/tristate symbols,
// =m requests, requests on invisible or selected symbols (which must
// fail), choice member selections, int/hex values inside and outside
// their ranges, and strings.
func sampleSetCases(tree *kconfig.Tree, max map[string]int) []setCase {
	var out []setCase
	count := map[string]int{}
	add := func(kind string, a kconfig.Assignment, desel string) {
		if count[kind] < max[kind] {
			count[kind]++
			out = append(out, setCase{kind, a, desel})
		}
	}
	syms := tree.Symbols()
	// Stride through the sorted list so the sample spans the whole tree.
	for i := 0; i < len(syms); i++ {
		s := syms[(i*7919)%len(syms)]
		v := tree.Value(s)
		vis := tree.Visible(s)
		switch s.Type {
		case kconfig.TypeBool, kconfig.TypeTristate:
			if ch := s.Choice(); ch != nil {
				if v != "y" && vis != kconfig.No {
					prev := ""
					for _, m := range ch.Members() {
						if tree.Value(m) == "y" {
							prev = m.Name
						}
					}
					add("choice", kconfig.Assignment{Name: s.Name, Value: "y"}, prev)
				}
				continue
			}
			if vis == kconfig.No {
				nv := "y"
				if v == "y" {
					nv = "n"
				}
				add("invisible", kconfig.Assignment{Name: s.Name, Value: nv}, "")
				continue
			}
			switch v {
			case "y":
				add("flip", kconfig.Assignment{Name: s.Name, Value: "n"}, "")
			case "m":
				add("flip", kconfig.Assignment{Name: s.Name, Value: "y"}, "")
			default:
				if s.Type == kconfig.TypeTristate {
					add("module", kconfig.Assignment{Name: s.Name, Value: "m"}, "")
				} else {
					add("flip", kconfig.Assignment{Name: s.Name, Value: "y"}, "")
				}
			}
		case kconfig.TypeInt:
			if vis != kconfig.No {
				if count["int"]%2 == 0 {
					add("int", kconfig.Assignment{Name: s.Name, Value: "1"}, "")
				} else {
					add("int", kconfig.Assignment{Name: s.Name, Value: "100000"}, "")
				}
			}
		case kconfig.TypeHex:
			if vis != kconfig.No {
				add("hex", kconfig.Assignment{Name: s.Name, Value: "0x1000"}, "")
			}
		case kconfig.TypeString:
			if vis != kconfig.No {
				add("string", kconfig.Assignment{Name: s.Name, Value: "go-edit test"}, "")
			} else {
				add("string-invisible", kconfig.Assignment{Name: s.Name, Value: "x"}, "")
			}
		}
	}
	return out
}

// TestKernelOracleSet compares `set` with scripts/config followed by make
// olddefconfig on a sample of more than 100 symbols: the same file when
// the C tools keep the request, an error exactly when they drop it.
func TestKernelOracleSet(t *testing.T) {
	ksrc := testutil.KernelTree(t)
	configs := loadDebianConfigs(t)
	base, ok := configs["config.amd64_none_amd64"]
	if !ok {
		for _, v := range configs {
			base = v
			break
		}
	}
	const arch = "x86_64"
	o := newOracle(t, ksrc, arch)
	tree := openTree(t, ksrc, arch)
	// Start from a configuration both tools agree on.
	base = o.run(t, "olddefconfig", base)
	tree.ReadConfig(".config", base)
	max := map[string]int{"flip": 40, "module": 15, "invisible": 15, "choice": 12, "int": 10, "hex": 5, "string": 5, "string-invisible": 2}
	if testing.Short() {
		for k := range max {
			max[k] = 2
		}
	}
	cases := sampleSetCases(tree, max)
	if !testing.Short() && len(cases) < 100 {
		t.Fatalf("only %d set cases sampled, want at least 100", len(cases))
	}
	t.Logf("%d set cases", len(cases))

	type verdict struct {
		file []byte
		took bool
	}
	results := make([]verdict, len(cases))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 2; w++ {
		oc := o.clone(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = oracleSet(t, oc, base, cases[i])
			}
		}()
	}
	for i := range cases {
		work <- i
	}
	close(work)
	wg.Wait()

	fails := 0
	for i, sc := range cases {
		res := tree.Set(".config", base, []kconfig.Assignment{sc.as})
		name := fmt.Sprintf("%s %s=%s", sc.kind, sc.as.Name, sc.as.Value)
		switch {
		case results[i].took && len(res.Failures) > 0:
			t.Errorf("%s: conf keeps it, go-edit refuses: %s", name, res.Failures[0].Msg)
		case !results[i].took && len(res.Failures) == 0:
			t.Errorf("%s: conf drops it, go-edit claims it took", name)
		case results[i].took && !bytes.Equal(res.Config, results[i].file):
			t.Errorf("%s: files differ: %s", name, firstDiff(results[i].file, res.Config))
		}
		if len(res.Failures) > 0 {
			fails++
		}
	}
	t.Logf("%d of %d requests refused (as conf dropped them)", fails, len(cases))
}

// oracleSet applies one case with scripts/config and make olddefconfig
// and reports the file and whether the request survived.
func oracleSet(t *testing.T, o *oracle, base []byte, sc setCase) struct {
	file []byte
	took bool
} {
	cfg := filepath.Join(o.obj, ".config")
	if err := os.WriteFile(cfg, base, 0o644); err != nil {
		t.Error(err)
	}
	n, v := sc.as.Name, sc.as.Value
	switch {
	case sc.kind == "string" || sc.kind == "string-invisible":
		o.scriptsConfig(t, "--set-str", n, v)
	case v == "y":
		o.scriptsConfig(t, "--enable", n)
	case v == "n":
		o.scriptsConfig(t, "--disable", n)
	case v == "m":
		o.scriptsConfig(t, "--module", n)
	default:
		o.scriptsConfig(t, "--set-val", n, v)
	}
	if sc.deselect != "" {
		o.scriptsConfig(t, "--disable", sc.deselect)
	}
	if err := o.olddefconfig(t); err != nil {
		t.Error(err)
	}
	out, err := os.ReadFile(cfg)
	if err != nil {
		t.Error(err)
	}
	want := "CONFIG_" + n + "=" + v
	switch {
	case sc.kind == "string" || sc.kind == "string-invisible":
		want = "CONFIG_" + n + "=\"" + v + "\""
	case v == "n":
		want = "# CONFIG_" + n + " is not set"
	}
	took := false
	for _, l := range strings.Split(string(out), "\n") {
		if l == want {
			took = true
		}
	}
	// An n request also holds when the symbol is not written at all.
	if v == "n" && !bytes.Contains(out, []byte("CONFIG_"+n+"=")) {
		took = true
	}
	return struct {
		file []byte
		took bool
	}{out, took}
}

// BenchmarkKernelOlddefconfig parses the x86 tree with a warm probe
// cache and runs olddefconfig on Debian's amd64 configuration.
func BenchmarkKernelOlddefconfig(b *testing.B) {
	ksrc := testutil.KernelTree(b)
	cache := b.TempDir()
	getenv := func(k string) (string, bool) {
		if k == "XDG_CACHE_HOME" {
			return cache, true
		}
		return os.LookupEnv(k)
	}
	open := func() *kconfig.Tree {
		tree, err := kconfig.Open(kconfig.OpenOptions{Srctree: ksrc, Arch: "x86", Objtree: b.TempDir(), Getenv: getenv, Environ: os.Environ()})
		if err != nil {
			b.Fatal(err)
		}
		return tree
	}
	open() // warm the cache
	input, err := os.ReadFile(filepath.Join(ksrc, "arch", "x86", "configs", "x86_64_defconfig"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		tree := open()
		tree.ReadConfig(".config", input)
		tree.Write()
	}
}
