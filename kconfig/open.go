package kconfig

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

// OpenOptions says which tree to parse and how to run its toolchain
// probes.
type OpenOptions struct {
	Srctree string
	Arch    string
	// Objtree is where $(shell,...) commands run (conf runs in the
	// object tree; cc-option creates temporary directories there).
	Objtree string
	// Getenv and Environ describe the caller's environment; a nil
	// Environ means the process's (probes need PATH).
	Getenv  func(string) (string, bool)
	Environ []string
	// Shell overrides the real /bin/sh runner (tests inject fakes).
	Shell Shell
	// NoCache disables the per-toolchain probe cache.
	NoCache bool
	// Info receives $(info,...) output.
	Info io.Writer
}

// Tree is a parsed Kconfig tree with the environment it was parsed in.
type Tree struct {
	*Config
	Vars  map[string]string
	Cache *CachedShell
}

// Open derives the Makefile environment, runs (or recalls) the toolchain
// probes and parses the tree.
func Open(o OpenOptions) (*Tree, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) (string, bool) { return "", false }
	}
	vars, err := DeriveEnv(EnvOptions{Srctree: o.Srctree, Arch: o.Arch, Getenv: getenv})
	if err != nil {
		return nil, err
	}
	objtree := o.Objtree
	if objtree == "" {
		objtree = "."
	}
	if abs, err := filepath.Abs(objtree); err == nil {
		objtree = abs
	}
	inner := o.Shell
	if inner == nil {
		environ := o.Environ
		if environ == nil {
			environ = os.Environ()
		}
		inner = &ExecShell{Dir: objtree, Vars: vars, Environ: environ}
	}
	cachePath := ""
	if !o.NoCache && o.Shell == nil {
		cachePath = filepath.Join(CacheDir(getenv), "kconfig-probes-"+ToolchainKey(vars, getenv)+".txt")
	}
	cache := NewCachedShell(inner, cachePath)
	ProbeCCVersion(vars, cache, getenv)
	env := &Env{Srctree: vars["srctree"], Vars: vars, Getenv: getenv, Shell: cache, Info: o.Info}
	if k, ok := getenv("KBUILD_KCONFIG"); ok && k != "" {
		env.Kconfig = k
	}
	var c *Config
	if o.NoCache {
		c, err = Parse(env)
	} else {
		c, err = parseWithPrefetch(env, cache)
	}
	if err != nil {
		return nil, err
	}
	// A cache that cannot be written only costs speed next time.
	_ = cache.Save()
	return &Tree{Config: c, Vars: vars, Cache: cache}, nil
}

// DefaultDefconfig returns the arch defconfig `make defconfig` uses,
// relative to srctree (KBUILD_DEFCONFIG of arch/$(SRCARCH)/Makefile).
func DefaultDefconfig(vars map[string]string) string {
	arch, src := vars["ARCH"], vars["SRCARCH"]
	name := "defconfig"
	switch {
	case arch == "x86":
		name = "i386_defconfig"
		if HostArch() == "x86" && is64BitHost() {
			name = "x86_64_defconfig"
		}
	case arch == "x86_64" || arch == "i386":
		name = arch + "_defconfig"
	default:
		if mk, err := os.ReadFile(filepath.Join(vars["srctree"], "arch", src, "Makefile")); err == nil {
			if v := makeAssignments(mk, "KBUILD_DEFCONFIG")["KBUILD_DEFCONFIG"]; v != "" && !containsAny(v, "$(") {
				name = v
			}
		}
	}
	return filepath.Join("arch", src, "configs", name)
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return true
			}
		}
	}
	return false
}

// parseWithPrefetch parses with the probe cache; when probes are missing
// (a cold cache) it runs them in parallel instead of one by one. The
// first parse only records the missing commands (answering them with
// nothing); those run concurrently, then preprocessing-only passes find
// the commands whose text depends on earlier answers, until none is
// missing. The final parse sees only real answers, so the result is the
// same as running every probe in order, as conf does; commands run
// speculatively are toolchain queries whose answers are merely unused.
func parseWithPrefetch(env *Env, cache *CachedShell) (*Config, error) {
	spec := &recordingShell{cache: cache}
	info := &seenWriter{}
	quiet := *env
	quiet.Shell, quiet.Info = spec, info
	c, err := readTree(&quiet)
	if !spec.pending {
		if info.seen && env.Info != nil {
			// The tree prints with $(info,...): parse once more so
			// that the output goes where the caller wants it.
			return Parse(env)
		}
		if err != nil {
			return nil, err
		}
		return c.complete()
	}
	for round := 0; round < 8 && len(spec.missed) > 0; round++ {
		cache.prefetch(spec.missed)
		if len(spec.missed) <= fewProbes {
			// The chains are nearly resolved: a pass costs more than
			// running the few remaining probes in order.
			break
		}
		spec = &recordingShell{cache: cache}
		quiet.Shell = spec
		_, _ = readTree(&quiet)
	}
	// Whatever is still missing runs in order during the real parse.
	return Parse(env)
}

// fewProbes is where another preprocessing pass stops paying: on the
// Linux tree the passes find 68, then 15, then 6 probes, and a pass
// takes as long as a dozen probes run in order.
const fewProbes = 16

// recordingShell answers from the cache and notes every command it could
// not answer.
type recordingShell struct {
	cache   *CachedShell
	missed  []string
	seen    map[string]bool
	pending bool // some answer was pendingAnswer
}

// seenWriter notes that something was written to it.
type seenWriter struct{ seen bool }

func (w *seenWriter) Write(p []byte) (int, error) {
	w.seen = true
	return len(p), nil
}

func (r *recordingShell) Run(cmd string) string {
	if out, ok := r.cache.lookup(cmd); ok {
		return out
	}
	// A command built from an answer still pending would be a wasted
	// (or misleading) compiler run: it waits for the next pass.
	if !strings.Contains(cmd, pendingAnswer) {
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		if !r.seen[cmd] {
			r.seen[cmd] = true
			r.missed = append(r.missed, cmd)
		}
	}
	r.pending = true
	return pendingAnswer
}

// pendingAnswer stands for the output of a probe not run yet; it is a
// plain word so that the lexer treats it like any answer.
const pendingAnswer = "GOEDIT_PENDING_PROBE_ANSWER"
