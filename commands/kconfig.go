package commands

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/go-edit/go-edit/internal/jsonenc"
	"github.com/go-edit/go-edit/kconfig"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newKconfigCmd) }

// kconfigOptions are the persistent flags of 'go-edit kconfig'.
type kconfigOptions struct {
	srctree, arch, config, objtree string
	jsonOut, verbose, noCache      bool
}

const kconfigLong = `Read and edit a kernel .config with the kernel's own Kconfig rules.

go-edit parses the Kconfig tree itself (Linux 6.1 language and semantics,
macro preprocessing included), derives the environment the top Makefile
would give scripts/kconfig/conf (srctree, ARCH/SRCARCH, KERNELVERSION,
CC/LD/... honouring CROSS_COMPILE and LLVM, CC_VERSION_TEXT) and runs the
toolchain probes of $(shell,...) for real, caching their results per
toolchain under $XDG_CACHE_HOME/go-edit (or ~/.cache/go-edit). No make is
needed; olddefconfig, defconfig and savedefconfig write the same bytes as
the C tools.

--srctree defaults to the kernel tree containing the current directory,
--arch to $ARCH or the host's (x86 on x86-64), --config to $KCONFIG_CONFIG
or .config in --objtree (default: the tree, or the current directory when
--srctree is given).`

const kconfigExample = `  # What is CONFIG_KASAN and why is it off?
  go-edit kconfig get KASAN
  go-edit kconfig why KASAN

  # Enable two options together; fails (and writes nothing) if either
  # does not take, printing the unmet dependencies
  go-edit kconfig set KASAN=y UBSAN=y

  # Same, and let go-edit turn on what they depend on
  go-edit kconfig set --with-deps KASAN=y

  # Out-of-tree build for arm64
  go-edit kconfig --arch arm64 --objtree ../build-arm64 olddefconfig

  # Compare two configurations like scripts/diffconfig
  go-edit kconfig diff .config.old .config`

func newKconfigCmd(s streams) *cobra.Command {
	o := &kconfigOptions{}
	cmd := &cobra.Command{
		Use:     "kconfig",
		Short:   "Query and edit .config with the kernel's Kconfig rules",
		Long:    kconfigLong,
		Example: kconfigExample,
		Args:    usageArgs(cobra.NoArgs),
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	f := cmd.PersistentFlags()
	f.StringVar(&o.srctree, "srctree", "", "kernel source tree (default: the tree containing the current directory)")
	f.StringVar(&o.arch, "arch", "", "target ARCH as make takes it (default $ARCH, else the host's)")
	f.StringVar(&o.config, "config", "", "configuration file (default $KCONFIG_CONFIG or .config, relative to --objtree)")
	f.StringVar(&o.objtree, "objtree", "", "object tree, where conf would run (make O=...; default $KBUILD_OUTPUT)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "print probe cache statistics")
	f.BoolVar(&o.noCache, "no-cache", false, "run every toolchain probe, do not use or update the cache")
	cmd.AddCommand(
		newKconfigGet(s, o), newKconfigSet(s, o), newKconfigWhy(s, o), newKconfigSearch(s, o),
		newKconfigOlddefconfig(s, o), newKconfigDefconfig(s, o), newKconfigSavedefconfig(s, o),
		newKconfigDiff(s, o),
	)
	return cmd
}

// kconfigSession is a parsed tree plus where its configuration lives.
type kconfigSession struct {
	tree       *kconfig.Tree
	configPath string
	srctree    string
	objtree    string
}

// paths resolves --srctree, --objtree and --config.
func (o *kconfigOptions) paths() (srctree, objtree, config string, err error) {
	srctree, objtree = o.srctree, o.objtree
	if objtree == "" {
		// make takes O= from KBUILD_OUTPUT too.
		objtree = os.Getenv("KBUILD_OUTPUT")
	}
	if srctree == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", "", "", err
		}
		for d := wd; ; d = filepath.Dir(d) {
			if isKernelTree(d) {
				srctree = d
				break
			}
			if d == filepath.Dir(d) {
				return "", "", "", usageErrorf("not inside a kernel tree (no Kconfig, Makefile and arch/ above %s); use --srctree", wd)
			}
		}
		if objtree == "" {
			objtree = srctree
		}
	}
	if !isKernelTree(srctree) {
		return "", "", "", usageErrorf("--srctree %s: not a kernel tree (no Kconfig, Makefile and arch/)", srctree)
	}
	if objtree == "" {
		objtree = "."
	}
	if srctree, err = filepath.Abs(srctree); err != nil {
		return "", "", "", err
	}
	if objtree, err = filepath.Abs(objtree); err != nil {
		return "", "", "", err
	}
	config = o.config
	if config == "" {
		config = os.Getenv("KCONFIG_CONFIG")
	}
	if config == "" {
		config = ".config"
	}
	if !filepath.IsAbs(config) {
		config = filepath.Join(objtree, config)
	}
	return srctree, objtree, config, nil
}

func isKernelTree(d string) bool {
	for _, f := range []string{"Kconfig", "Makefile", "arch"} {
		if _, err := os.Stat(filepath.Join(d, f)); err != nil {
			return false
		}
	}
	return true
}

// open confines the process, then parses the tree. extraRead and
// extraWrite are further files the subcommand reads or writes.
func (o *kconfigOptions) open(cmd *cobra.Command, s streams, extraRead []string, extraWrite string) (*kconfigSession, error) {
	srctree, objtree, config, err := o.paths()
	if err != nil {
		return nil, err
	}
	cacheDir := kconfig.CacheDir(os.LookupEnv)
	tmpDir := filepath.Join(cacheDir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(objtree, 0o755); err != nil {
		return nil, err
	}
	vars, err := kconfig.DeriveEnv(kconfig.EnvOptions{Srctree: srctree, Arch: o.arch, Getenv: os.LookupEnv})
	if err != nil {
		return nil, err
	}
	tools := []string{"sh", "env"}
	for _, k := range []string{"CC", "LD", "AR", "NM", "OBJCOPY", "PAHOLE", "RUSTC", "BINDGEN"} {
		if f := strings.Fields(vars[k]); len(f) > 0 {
			tools = append(tools, f[0])
		}
	}
	tools = append(tools, sandbox.KconfigHelpers...)
	tools = append(tools, "as", "ld.bfd", "ld.gold", "ld.lld", vars["CROSS_COMPILE"]+"as")
	prof := sandbox.KconfigProfile(srctree, objtree, config, cacheDir, sandbox.LookPaths(tools...))
	for _, r := range extraRead {
		prof = prof.Allow(sandbox.Read, "input file", r)
	}
	if extraWrite != "" {
		prof = prof.Allow(sandbox.Read|sandbox.Write|sandbox.Create, "output file's directory", filepath.Dir(extraWrite))
	}
	if err := confine(cmd, prof); err != nil {
		return nil, err
	}
	tuneGC()
	environ := append(os.Environ(), "TMPDIR="+tmpDir)
	var info io.Writer = s.err
	tree, err := kconfig.Open(kconfig.OpenOptions{Srctree: srctree, Arch: o.arch, Objtree: objtree,
		Getenv: os.LookupEnv, Environ: environ, NoCache: o.noCache, Info: info})
	if err != nil {
		return nil, err
	}
	// conf prints Kconfig warnings (and $(warning-if,...)) every time.
	for _, w := range tree.Warnings {
		fmt.Fprintln(s.err, w)
	}
	if o.verbose {
		fmt.Fprintf(s.err, "go-edit: %d Kconfig files, probes: %d cached, %d run\n", len(tree.Files), tree.Cache.Hits, tree.Cache.Misses)
	}
	tree.Warnings = nil
	return &kconfigSession{tree: tree, configPath: config, srctree: srctree, objtree: objtree}, nil
}

// tuneGC trades a little memory for speed: a full kernel parse allocates
// about 30 MB that stays live until the process exits, so collecting
// along the way only burns CPU. The collector runs only when the heap
// nears 48 MB, which keeps peak RSS under 64 MB. GOGC or GOMEMLIMIT in
// the environment take precedence.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(48 << 20)
}

// readConfig loads the configuration file; a missing file leaves every
// symbol at its default (reported on stderr).
func (ks *kconfigSession) readConfig(s streams) ([]byte, bool, error) {
	data, err := os.ReadFile(ks.configPath)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(s.err, "go-edit: %s does not exist; starting from defaults\n", ks.configPath)
		ks.tree.Reset()
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ks.tree.ReadConfig(ks.displayName(), data)
	ks.flushWarnings(s)
	return data, true, nil
}

func (ks *kconfigSession) displayName() string {
	if rel, err := filepath.Rel(ks.objtree, ks.configPath); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return ks.configPath
}

func (ks *kconfigSession) flushWarnings(s streams) {
	for _, w := range ks.tree.Warnings {
		fmt.Fprintln(s.err, w)
	}
	ks.tree.Warnings = nil
}

// writeConfig writes the configuration as conf does and says so.
func (ks *kconfigSession) writeConfig(s streams, data []byte) error {
	changed, err := kconfig.WriteFile(ks.configPath, data)
	if err != nil {
		return err
	}
	if changed {
		fmt.Fprintf(s.err, "# configuration written to %s\n", ks.displayName())
	} else {
		fmt.Fprintf(s.err, "# No change to %s\n", ks.displayName())
	}
	return nil
}

func kconfigJSON(w io.Writer, v any) error {
	enc := jsonenc.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// symbolInfo is one symbol printed by 'kconfig get'.
type symbolInfo struct {
	Name      string   `json:"name"`
	Value     string   `json:"value"`
	Type      string   `json:"type"`
	Prompt    string   `json:"prompt,omitempty"`
	DefinedAt []string `json:"defined_at"`
	Visible   string   `json:"visible"`
}

// symbolArg strips an optional CONFIG_ prefix.
func symbolArg(a string) string { return strings.TrimPrefix(a, "CONFIG_") }

func newKconfigGet(s streams, o *kconfigOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "get SYMBOL...",
		Short: "Print symbols' values, types, prompts and definitions",
		Example: `  go-edit kconfig get CONFIG_SMP NR_CPUS
  go-edit kconfig get --json KASAN`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ks, err := o.open(cmd, s, nil, "")
			if err != nil {
				return err
			}
			if _, _, err := ks.readConfig(s); err != nil {
				return err
			}
			var out []symbolInfo
			missing := 0
			for _, a := range args {
				sym := ks.tree.Lookup(symbolArg(a))
				if sym == nil {
					fmt.Fprintf(s.err, "go-edit: unknown symbol %s\n", symbolArg(a))
					missing++
					continue
				}
				out = append(out, symbolInfo{sym.Name, ks.tree.Value(sym), sym.Type.String(), sym.Prompt(),
					sym.Where(), ks.tree.Visible(sym).String()})
			}
			if o.jsonOut {
				if err := kconfigJSON(s.out, out); err != nil {
					return err
				}
			} else {
				for _, e := range out {
					fmt.Fprintf(s.out, "CONFIG_%s=%s\t%s", e.Name, e.Value, e.Type)
					if e.Prompt != "" {
						fmt.Fprintf(s.out, "\t%q", e.Prompt)
					}
					fmt.Fprintf(s.out, "\t%s\tvisible=%s\n", strings.Join(e.DefinedAt, ","), e.Visible)
				}
			}
			if missing > 0 {
				return silentExit(exitError)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.jsonOut, "json", false, "print JSON")
	return cmd
}

func newKconfigSet(s streams, o *kconfigOptions) *cobra.Command {
	var withDeps, dryRun bool
	cmd := &cobra.Command{
		Use:   "set SYMBOL=VALUE...",
		Short: "Set symbols together and resolve like make olddefconfig, or explain why not",
		Long: `Apply all assignments together, as if written into .config followed by
'make olddefconfig'. Their order does not matter. Selecting a member of a
choice deselects the previously selected one, as menuconfig does.

If any assignment does not take (unmet dependencies, out of range, choice
conflict, selected by another symbol, m for a bool or with modules off,
unknown symbol), nothing is written: go-edit exits 1 and prints, for each
one, the dependency expression as a tree with every term's value and
where it is defined, and the symbols that select it.

--with-deps also assigns what the requested values depend on: it searches
for a small set of extra assignments (enabling dependencies, disabling
selecters) that makes every request hold, prints them and applies them.`,
		Example: `  go-edit kconfig set KASAN=y
  go-edit kconfig set CONFIG_NR_CPUS=64 CMDLINE='"console=ttyS0"'
  go-edit kconfig set --with-deps BPF_LSM=y`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var as []kconfig.Assignment
			for _, a := range args {
				x, err := kconfig.ParseAssignment(a)
				if err != nil {
					return usageErrorf("%v", err)
				}
				as = append(as, x)
			}
			ks, err := o.open(cmd, s, nil, "")
			if err != nil {
				return err
			}
			old, _, err := ks.readConfig(s)
			if err != nil {
				return err
			}
			var res *kconfig.SetResult
			if withDeps {
				res = ks.tree.SetWithDeps(ks.displayName(), old, as)
			} else {
				res = ks.tree.Set(ks.displayName(), old, as)
			}
			ks.tree.Warnings = nil
			if len(res.Failures) > 0 {
				if o.jsonOut {
					_ = kconfigJSON(s.out, res.Failures)
				}
				for _, f := range res.Failures {
					fmt.Fprintf(s.err, "go-edit: CONFIG_%s=%s not applied: %s\n", f.Name, f.Value, f.Msg)
					if f.Why != nil && !o.jsonOut {
						fmt.Fprint(s.err, indent(f.Why.Render(), "  "))
					}
				}
				return silentExit(exitError)
			}
			for _, a := range res.Added {
				fmt.Fprintf(s.out, "also set CONFIG_%s=%s\n", a.Name, a.Value)
			}
			for _, ch := range kconfig.Diff(old, res.Config) {
				fmt.Fprintln(s.out, ch.String())
			}
			if dryRun {
				return nil
			}
			return ks.writeConfig(s, res.Config)
		},
	}
	cmd.Flags().BoolVar(&withDeps, "with-deps", false, "also set what the requested values depend on")
	cmd.Flags().BoolVarP(&dryRun, "dry-run", "n", false, "print the changes, do not write")
	cmd.Flags().BoolVar(&o.jsonOut, "json", false, "print failures as JSON")
	return cmd
}

func indent(s, pre string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pre + l)
		}
	}
	return b.String()
}

func newKconfigWhy(s streams, o *kconfigOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "why SYMBOL",
		Short:   "Explain a symbol's value: dependencies, visibility, selects, implies, defaults",
		Example: `  go-edit kconfig why DEBUG_INFO_BTF`,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ks, err := o.open(cmd, s, nil, "")
			if err != nil {
				return err
			}
			if _, _, err := ks.readConfig(s); err != nil {
				return err
			}
			sym := ks.tree.Lookup(symbolArg(args[0]))
			if sym == nil {
				fmt.Fprintf(s.err, "go-edit: unknown symbol %s\n", symbolArg(args[0]))
				return silentExit(exitError)
			}
			w := ks.tree.Explain(sym)
			if o.jsonOut {
				return kconfigJSON(s.out, w)
			}
			_, err = fmt.Fprint(s.out, w.Render())
			return err
		},
	}
	cmd.Flags().BoolVar(&o.jsonOut, "json", false, "print JSON")
	return cmd
}

func newKconfigSearch(s streams, o *kconfigOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "search REGEX",
		Short:   "Find symbols whose name or prompt matches (like menuconfig's search)",
		Example: `  go-edit kconfig search '^KASAN'`,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			re, err := regexp.Compile("(?i)" + args[0])
			if err != nil {
				return usageErrorf("bad regular expression: %v", err)
			}
			ks, err := o.open(cmd, s, nil, "")
			if err != nil {
				return err
			}
			if _, _, err := ks.readConfig(s); err != nil {
				return err
			}
			ms := ks.tree.Search(re)
			if o.jsonOut {
				return kconfigJSON(s.out, ms)
			}
			for _, m := range ms {
				fmt.Fprintf(s.out, "CONFIG_%s=%s\t%s", m.Name, m.Value, m.Type)
				if m.Prompt != "" {
					fmt.Fprintf(s.out, "\t%q", m.Prompt)
				}
				fmt.Fprintf(s.out, "\t%s\n", strings.Join(m.DefinedAt, ","))
				if m.DependsOn != "" {
					fmt.Fprintf(s.out, "\tdepends on %s\n", m.DependsOn)
				}
			}
			if len(ms) == 0 {
				return silentExit(exitError)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.jsonOut, "json", false, "print JSON")
	return cmd
}

func newKconfigOlddefconfig(s streams, o *kconfigOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "olddefconfig",
		Short: "Update .config, new symbols at their defaults (make olddefconfig)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks, err := o.open(cmd, s, nil, "")
			if err != nil {
				return err
			}
			if _, _, err := ks.readConfig(s); err != nil {
				return err
			}
			return ks.writeConfig(s, ks.tree.Write())
		},
	}
}

func newKconfigDefconfig(s streams, o *kconfigOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "defconfig [FILE]",
		Short: "Write .config from a defconfig file (default: the arch's, as make defconfig)",
		Example: `  go-edit kconfig defconfig
  go-edit kconfig --arch arm64 defconfig arch/arm64/configs/defconfig`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var extra []string
			if len(args) == 1 {
				if abs, err := filepath.Abs(args[0]); err == nil {
					extra = append(extra, abs)
				}
			}
			ks, err := o.open(cmd, s, extra, "")
			if err != nil {
				return err
			}
			file := kconfig.DefaultDefconfig(ks.tree.Vars)
			path := filepath.Join(ks.srctree, file)
			if len(args) == 1 {
				file = args[0]
				path = file
				if _, err := os.Stat(path); err != nil && !filepath.IsAbs(file) {
					path = filepath.Join(ks.srctree, file)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("can't find default configuration %q: %w", file, err)
			}
			fmt.Fprintf(s.err, "*** Default configuration is based on '%s'\n", filepath.Base(file))
			ks.tree.ReadConfig(file, data)
			ks.flushWarnings(s)
			ks.tree.PinChoices()
			return ks.writeConfig(s, ks.tree.Write())
		},
	}
}

func newKconfigSavedefconfig(s streams, o *kconfigOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "savedefconfig [OUT]",
		Short: "Write the minimal configuration (default: defconfig in the object tree)",
		Args:  usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, objtree, _, err := o.paths()
			if err != nil {
				return err
			}
			out := filepath.Join(objtree, "defconfig")
			if len(args) == 1 {
				if out, err = filepath.Abs(args[0]); err != nil {
					return err
				}
			}
			ks, err := o.open(cmd, s, nil, out)
			if err != nil {
				return err
			}
			if _, _, err := ks.readConfig(s); err != nil {
				return err
			}
			return os.WriteFile(out, ks.tree.WriteMinimal(), 0o644)
		},
	}
}

func newKconfigDiff(s streams, o *kconfigOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two .config files (like scripts/diffconfig)",
		Long: `Print the symbols removed (-NAME value), changed ( NAME old -> new) and
added (+NAME value) between two configurations, each group sorted by name,
exactly as scripts/diffconfig prints them. Needs no kernel tree.`,
		Example: `  go-edit kconfig diff .config.old .config`,
		Args:    usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in []string
			for _, a := range args {
				abs, err := filepath.Abs(a)
				if err != nil {
					return err
				}
				in = append(in, abs)
			}
			if err := confine(cmd, sandbox.CheckProfile(in)); err != nil {
				return err
			}
			a, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			b, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			chs := kconfig.Diff(a, b)
			if o.jsonOut {
				if chs == nil {
					chs = []kconfig.Change{}
				}
				return kconfigJSON(s.out, chs)
			}
			for _, ch := range chs {
				fmt.Fprintln(s.out, ch.String())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.jsonOut, "json", false, "print JSON")
	return cmd
}
