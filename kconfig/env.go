package kconfig

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-edit/go-edit/internal/sha1"
)

// Shell runs the commands of $(shell,...). It is an interface so that
// tests can fake the toolchain and callers can cache probe results.
type Shell interface {
	// Run runs cmd with /bin/sh -c and returns its standard output.
	Run(cmd string) string
}

// Env is what the top-level Makefile hands to scripts/kconfig/conf: the
// exported make variables, the rest of the environment, and where the
// Kconfig tree lives.
type Env struct {
	// Srctree is the kernel source tree; Kconfig paths are relative to it.
	Srctree string
	// Kconfig is the top-level file, relative to Srctree ("Kconfig").
	Kconfig string
	// Vars are the variables make exports (ARCH, SRCARCH, CC, ...); they
	// take precedence over Getenv, as make's exports do.
	Vars map[string]string
	// Getenv looks up the rest of the environment; nil means none.
	Getenv func(string) (string, bool)
	// Shell runs $(shell,...) commands; nil makes every command print
	// nothing.
	Shell Shell
	// Info receives $(info,...) output (conf prints it on stdout).
	Info io.Writer
	// FS, when set, holds the tree instead of the directory Srctree
	// (paths relative to the tree root); fuzzing and tests use it.
	FS fs.FS
}

// readFile reads a Kconfig file named as a source statement names it.
func (e *Env) readFile(name string) ([]byte, error) {
	if e.FS != nil {
		return fs.ReadFile(e.FS, path.Clean(name))
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(e.Srctree, name)
	}
	return os.ReadFile(name)
}

func (e *Env) lookup(name string) (string, bool) {
	if v, ok := e.Vars[name]; ok {
		return v, true
	}
	if e.Getenv != nil {
		return e.Getenv(name)
	}
	return "", false
}

func (e *Env) shell(cmd string) string {
	if e.Shell == nil {
		return ""
	}
	return e.Shell.Run(cmd)
}

func (e *Env) info(msg string) {
	if e.Info != nil {
		fmt.Fprintln(e.Info, msg)
	}
}

// EnvOptions selects the kernel tree and target for DeriveEnv.
type EnvOptions struct {
	Srctree string
	// Arch is the make ARCH value; "" means $ARCH, else the host's.
	Arch string
	// Getenv reads the caller's environment (os.LookupEnv in commands).
	Getenv func(string) (string, bool)
}

// DeriveEnv computes the variables the top-level Makefile (Linux 6.1)
// exports to conf: srctree, ARCH and SRCARCH, KERNELVERSION from the
// Makefile's VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION, and the toolchain
// names honouring CROSS_COMPILE and LLVM. CC_VERSION_TEXT needs the
// compiler; see ProbeCCVersion.
func DeriveEnv(o EnvOptions) (map[string]string, error) {
	get := o.Getenv
	if get == nil {
		get = func(string) (string, bool) { return "", false }
	}
	env := func(k string) string { v, _ := get(k); return v }
	srctree, err := filepath.Abs(o.Srctree)
	if err != nil {
		return nil, err
	}
	mk, err := os.ReadFile(filepath.Join(srctree, "Makefile"))
	if err != nil {
		return nil, err
	}
	mv := makeAssignments(mk, "VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION")
	kv := mv["VERSION"]
	if mv["PATCHLEVEL"] != "" {
		kv += "." + mv["PATCHLEVEL"]
		if mv["SUBLEVEL"] != "" {
			kv += "." + mv["SUBLEVEL"]
		}
	}
	kv += mv["EXTRAVERSION"]

	arch := o.Arch
	if arch == "" {
		arch = env("ARCH")
	}
	if arch == "" {
		arch = HostArch()
	}
	v := map[string]string{
		"srctree":       srctree,
		"ARCH":          arch,
		"SRCARCH":       SrcArch(arch),
		"KERNELVERSION": kv,
		"VERSION":       mv["VERSION"],
		"PATCHLEVEL":    mv["PATCHLEVEL"],
		"SUBLEVEL":      mv["SUBLEVEL"],
		"CROSS_COMPILE": env("CROSS_COMPILE"),
		"RUSTC":         "rustc",
		"BINDGEN":       "bindgen",
		"PAHOLE":        "pahole",
		"HOSTCC":        "gcc",
	}
	cross := v["CROSS_COMPILE"]
	if llvm := env("LLVM"); llvm != "" {
		prefix, suffix := "", ""
		if strings.HasSuffix(llvm, "/") {
			prefix = llvm
		} else if strings.HasPrefix(llvm, "-") {
			suffix = llvm
		}
		for k, tool := range map[string]string{"CC": "clang", "LD": "ld.lld", "AR": "llvm-ar", "NM": "llvm-nm",
			"OBJCOPY": "llvm-objcopy", "OBJDUMP": "llvm-objdump", "READELF": "llvm-readelf", "STRIP": "llvm-strip"} {
			v[k] = prefix + tool + suffix
		}
		v["HOSTCC"] = prefix + "clang" + suffix
	} else {
		for k, tool := range map[string]string{"CC": "gcc", "LD": "ld", "AR": "ar", "NM": "nm",
			"OBJCOPY": "objcopy", "OBJDUMP": "objdump", "READELF": "readelf", "STRIP": "strip"} {
			v[k] = cross + tool
		}
	}
	v["CPP"] = v["CC"] + " -E"
	return v, nil
}

// ProbeCCVersion sets CC_VERSION_TEXT as the Makefile computes it: the
// first line of `LC_ALL=C $(CC) --version`, with '#' removed.
//
// A clang compiler also gets CLANG_FLAGS as scripts/Makefile.clang sets
// them (target triple, integrated assembler, -Werror for unknown flags);
// getenv supplies LLVM_IAS.
func ProbeCCVersion(vars map[string]string, sh Shell, getenv func(string) (string, bool)) {
	out := sh.Run("LC_ALL=C " + vars["CC"] + " --version 2>/dev/null | head -n 1")
	vars["CC_VERSION_TEXT"] = strings.ReplaceAll(shellResult(out), "#", "")
	vars["CLANG_FLAGS"] = ""
	if !strings.Contains(vars["CC_VERSION_TEXT"], "clang") {
		return
	}
	targets := map[string]string{"arm": "arm-linux-gnueabi", "arm64": "aarch64-linux-gnu", "hexagon": "hexagon-linux-musl",
		"m68k": "m68k-linux-gnu", "mips": "mipsel-linux-gnu", "powerpc": "powerpc64le-linux-gnu",
		"riscv": "riscv64-linux-gnu", "s390": "s390x-linux-gnu", "x86": "x86_64-linux-gnu"}
	var flags []string
	if cross := vars["CROSS_COMPILE"]; cross != "" {
		flags = append(flags, "--target="+filepath.Base(strings.TrimSuffix(cross, "-")))
	} else if t := targets[vars["SRCARCH"]]; t != "" {
		flags = append(flags, "--target="+t)
	}
	if ias, _ := getenv("LLVM_IAS"); ias == "0" {
		dir := shellResult(sh.Run("dirname $(which " + vars["CROSS_COMPILE"] + "elfedit)"))
		flags = append(flags, "-fno-integrated-as", "--prefix="+dir+"/"+filepath.Base(vars["CROSS_COMPILE"]))
	} else {
		flags = append(flags, "-fintegrated-as")
	}
	flags = append(flags, "-Werror=unknown-warning-option", "-Werror=ignored-optimization-argument")
	vars["CLANG_FLAGS"] = strings.Join(flags, " ")
}

// makeAssignments reads simple `NAME = value` lines of a Makefile.
func makeAssignments(mk []byte, names ...string) map[string]string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(mk))
	for sc.Scan() {
		line := sc.Text()
		name, val, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		name = strings.TrimSpace(name)
		if want[name] {
			if _, seen := out[name]; !seen {
				out[name] = strings.TrimSpace(val)
			}
		}
	}
	return out
}

// SrcArch maps a make ARCH to the arch/ directory, as the top Makefile
// does (x86_64 and i386 share arch/x86, ...).
func SrcArch(arch string) string {
	switch arch {
	case "i386", "x86_64":
		return "x86"
	case "sparc64":
		return "sparc"
	case "parisc64":
		return "parisc"
	case "sh64":
		return "sh"
	}
	return arch
}

// HostArch is the ARCH a plain `make` picks on this machine
// (scripts/subarch.include).
func HostArch() string {
	switch runtime.GOARCH {
	case "amd64", "386":
		return "x86"
	case "arm64":
		return "arm64"
	case "arm":
		return "arm"
	case "s390x":
		return "s390"
	case "ppc64", "ppc64le":
		return "powerpc"
	case "mips", "mipsle", "mips64", "mips64le":
		return "mips"
	case "riscv64":
		return "riscv"
	case "loong64":
		return "loongarch"
	}
	return runtime.GOARCH
}

// ExecShell runs commands with /bin/sh in Dir, with the process
// environment overlaid by Vars (make's exports). The environment is
// built at each run because Vars gains CC_VERSION_TEXT after the first
// probe.
type ExecShell struct {
	Dir     string
	Vars    map[string]string
	Environ []string
}

// Run implements Shell. Like popen, it ignores the exit status; stderr
// goes to the caller's stderr as conf's does.
func (s *ExecShell) Run(cmd string) string {
	env := make([]string, 0, len(s.Vars)+len(s.Environ))
	for _, kv := range s.Environ {
		k, _, _ := strings.Cut(kv, "=")
		if _, set := s.Vars[k]; !set {
			env = append(env, kv)
		}
	}
	for k, v := range s.Vars {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Dir = s.Dir
	c.Env = env
	c.Stderr = os.Stderr
	out, _ := c.Output()
	return string(out)
}

// CachedShell remembers command outputs per toolchain so that repeated
// runs skip the ~90 compiler probes of a full kernel parse.
type CachedShell struct {
	Inner Shell
	Path  string // cache file; "" disables persistence

	mu      sync.Mutex
	entries map[string]string
	dirty   bool
	Hits    int
	Misses  int
}

// NewCachedShell loads the cache file at path. A missing, unreadable or
// malformed file (one written in another format, say) is an empty cache:
// the probes run again and Save replaces it.
func NewCachedShell(inner Shell, path string) *CachedShell {
	c := &CachedShell{Inner: inner, Path: path, entries: map[string]string{}}
	if path != "" {
		if b, err := os.ReadFile(path); err == nil {
			if entries, ok := parseShellCache(b); ok {
				c.entries = entries
			}
		}
	}
	return c
}

// shellCacheHeader is the first line of a cache file. The format is
// line-based rather than JSON to keep encoding/json out of the binary:
// after the header, each line holds one command and its output, each a
// Go quoted string (strconv.Quote, so any bytes round-trip), separated
// by a space. Changing the format means changing the header.
const shellCacheHeader = "go-edit shell cache v1\n"

// formatShellCache writes entries in the cache file format, sorted by
// command so the same cache gives the same file.
func formatShellCache(entries map[string]string) []byte {
	cmds := make([]string, 0, len(entries))
	for cmd := range entries {
		cmds = append(cmds, cmd)
	}
	sort.Strings(cmds)
	b := []byte(shellCacheHeader)
	for _, cmd := range cmds {
		b = strconv.AppendQuote(b, cmd)
		b = append(b, ' ')
		b = strconv.AppendQuote(b, entries[cmd])
		b = append(b, '\n')
	}
	return b
}

// parseShellCache reads a cache file; ok is false unless all of it is
// in formatShellCache's format.
func parseShellCache(b []byte) (entries map[string]string, ok bool) {
	rest, ok := bytes.CutPrefix(b, []byte(shellCacheHeader))
	if !ok {
		return nil, false
	}
	entries = map[string]string{}
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte{'\n'})
		if !found {
			return nil, false // a truncated last line
		}
		rest = after
		qcmd, err := strconv.QuotedPrefix(string(line))
		if err != nil || len(line) <= len(qcmd) || line[len(qcmd)] != ' ' {
			return nil, false
		}
		cmd, err1 := strconv.Unquote(qcmd)
		out, err2 := strconv.Unquote(string(line[len(qcmd)+1:]))
		if err1 != nil || err2 != nil {
			return nil, false
		}
		entries[cmd] = out
	}
	return entries, true
}

// Run implements Shell.
func (c *CachedShell) Run(cmd string) string {
	c.mu.Lock()
	out, ok := c.entries[cmd]
	c.mu.Unlock()
	if ok {
		c.mu.Lock()
		c.Hits++
		c.mu.Unlock()
		return out
	}
	out = c.Inner.Run(cmd)
	c.mu.Lock()
	c.entries[cmd] = out
	c.dirty = true
	c.Misses++
	c.mu.Unlock()
	return out
}

func (c *CachedShell) lookup(cmd string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, ok := c.entries[cmd]
	if ok {
		c.Hits++
	}
	return out, ok
}

// prefetch runs commands concurrently (two per CPU: probes wait on the
// compiler and on each other's disk I/O) and caches their output.
func (c *CachedShell) prefetch(cmds []string) {
	work := make(chan string)
	var wg sync.WaitGroup
	for range 2 * runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for cmd := range work {
				c.Run(cmd)
			}
		}()
	}
	for _, cmd := range cmds {
		work <- cmd
	}
	close(work)
	wg.Wait()
}

// Save writes the cache atomically (temporary file and rename) if it
// changed.
func (c *CachedShell) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty || c.Path == "" {
		return nil
	}
	b := formatShellCache(c.entries)
	if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Path), ".probes-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), c.Path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	c.dirty = false
	return nil
}

// CacheDir returns $XDG_CACHE_HOME/go-edit or ~/.cache/go-edit.
func CacheDir(getenv func(string) (string, bool)) string {
	if d, ok := getenv("XDG_CACHE_HOME"); ok && d != "" {
		return filepath.Join(d, "go-edit")
	}
	if h, ok := getenv("HOME"); ok && h != "" {
		return filepath.Join(h, ".cache", "go-edit")
	}
	return filepath.Join(os.TempDir(), "go-edit-cache")
}

// ToolchainKey identifies the toolchain whose probe results a cache file
// holds: every tool's resolved path, size and modification time, plus the
// variables that change what the probes ask (ARCH, flags, srctree).
// The hash is only a file name: SHA-1 from internal/sha1 serves, where
// crypto/sha256 would link the standard library's FIPS 140 module (about
// 150 KB of the slim binary).
func ToolchainKey(vars map[string]string, getenv func(string) (string, bool)) string {
	h := sha1.New()
	pathEnv, _ := getenv("PATH")
	for _, k := range []string{"CC", "LD", "AR", "NM", "OBJCOPY", "PAHOLE", "RUSTC", "BINDGEN"} {
		name := strings.Fields(vars[k] + " ")
		fmt.Fprintf(h, "%s=%s;", k, vars[k])
		if len(name) > 0 {
			fmt.Fprintf(h, "%s;", toolStamp(name[0], pathEnv))
		}
	}
	for _, k := range []string{"ARCH", "SRCARCH", "srctree", "CROSS_COMPILE", "KERNELVERSION"} {
		fmt.Fprintf(h, "%s=%s;", k, vars[k])
	}
	for _, k := range []string{"LLVM", "LLVM_IAS", "CLANG_FLAGS", "USERCFLAGS", "USERLDFLAGS", "CROSS_COMPILE_COMPAT", "PATH"} {
		v, _ := getenv(k)
		fmt.Fprintf(h, "%s=%s;", k, v)
	}
	sum := h.Sum()
	return hex.EncodeToString(sum[:12])
}

func toolStamp(name, pathEnv string) string {
	p := name
	if !strings.Contains(name, "/") {
		for _, dir := range filepath.SplitList(pathEnv) {
			cand := filepath.Join(dir, name)
			if st, err := os.Stat(cand); err == nil && !st.IsDir() {
				p = cand
				break
			}
		}
	}
	st, err := os.Stat(p)
	if err != nil {
		return p + ":missing"
	}
	return fmt.Sprintf("%s:%d:%d", p, st.Size(), st.ModTime().UnixNano())
}

// is64BitHost reports whether `uname -m` would say x86_64 (for the x86
// defconfig choice).
func is64BitHost() bool { return runtime.GOARCH == "amd64" }
