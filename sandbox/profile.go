package sandbox

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Access is what a profile lets go-edit do beneath one path. Landlock
// rules are hierarchical: a right granted on a directory holds for every
// file and directory under it.
type Access uint8

const (
	// Read lets go-edit read files and list directories.
	Read Access = 1 << iota
	// Write lets go-edit write and truncate existing files in place.
	Write
	// Create lets go-edit create, replace (rename over) and remove regular
	// files beneath a directory: the temporary-file-and-rename that
	// rewrites a file atomically. It never allows symlinks, devices,
	// fifos or sockets, and never renames across directories.
	Create
	// MakeDir lets go-edit (or the probes it runs) create and remove
	// directories beneath a directory.
	MakeDir
	// Exec lets a profile that allows execve run the file, or any file
	// beneath the directory.
	Exec
)

// String names the rights as 'go-edit sandbox' prints them: "r", "rw",
// "rwc", "rx", ...
func (a Access) String() string {
	var b strings.Builder
	for _, r := range []struct {
		bit Access
		c   byte
	}{{Read, 'r'}, {Write, 'w'}, {Create, 'c'}, {MakeDir, 'd'}, {Exec, 'x'}} {
		if a&r.bit != 0 {
			b.WriteByte(r.c)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// Path grants Access beneath one file or directory.
type Path struct {
	Path   string
	Access Access
	// Optional paths are skipped when they do not exist (a toolchain
	// directory another distribution lays out differently); a missing
	// required path makes Install fail.
	Optional bool
	Why      string
}

// Profile is everything one go-edit subcommand may do once confined: the
// system calls seccomp lets through, and the paths Landlock lets it
// touch. Anything not listed is denied. Profiles are plain data built by
// the constructors below, so that a review of this file is a review of
// the policy.
type Profile struct {
	Name     string
	Syscalls []Syscall
	Paths    []Path
}

// Allow returns p with access granted beneath paths, for what a
// subcommand needs beyond its constructor (an output file, say).
func (p Profile) Allow(a Access, why string, paths ...string) Profile {
	p.Paths = slices.Clone(p.Paths)
	for _, path := range paths {
		p.Paths = append(p.Paths, Path{Path: path, Access: a, Why: why})
	}
	return p
}

// WithOutputDir returns p allowed to create and write files beneath dir
// (an existing directory), with the system calls writing needs: 'exec
// --split' writes its patch series there, as temporary files renamed into
// place, while the tree itself stays read-only.
func (p Profile) WithOutputDir(dir, why string) Profile {
	p.Syscalls = slices.Clone(p.Syscalls)
	for _, c := range writeCalls {
		if !slices.ContainsFunc(p.Syscalls, func(s Syscall) bool { return s.Name == c.Name }) {
			p.Syscalls = append(p.Syscalls, c)
		}
	}
	return p.Allow(Read|Write|Create, why, dir)
}

// Allows reports whether the profile lets the named system call through,
// with or without a condition on its arguments.
func (p Profile) Allows(name string) bool {
	for _, s := range p.Syscalls {
		if s.Name == name && s.Errno == 0 {
			return true
		}
	}
	return false
}

func calls(groups ...[]Syscall) []Syscall {
	all := slices.Clone(cgoCalls)
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

// stdioCalls is the least a command needs to print: write to the
// standard streams it was started with.
var stdioCalls = []Syscall{
	{Name: "write", Why: "stdout and stderr"},
	{Name: "writev", Why: "vectored writes to stdout/stderr"},
	{Name: "close", Why: "closing the standard streams on exit"},
	{Name: "fstat", Why: "os.File.Stat on the standard streams"},
	{Name: "fcntl", Why: "descriptor flags of the standard streams (os.NewFile)"},
	{Name: "ioctl", Cond: &Cond{1, "Equal", tcgets, "request == TCGETS"}, Why: "asking whether stdout is a terminal"},
}

// VersionProfile is the tightest profile, for 'version', 'help',
// 'completion' and 'sandbox' (printing a profile): the Go runtime and the
// standard streams, no file system at all.
func VersionProfile() Profile {
	return Profile{Name: "version", Syscalls: calls(runtimeCalls, stdioCalls)}
}

// ExecProfile is for 'go-edit exec': read the tree under root and the
// inputs named on the command line (script files, -f, patches); with
// write (exec -w), rewrite files under root by temporary file and rename
// in the same directory. Nothing else is readable or writable; no process,
// network or tracing calls at all.
func ExecProfile(root string, write bool, inputs []string) Profile {
	p := Profile{Name: "exec", Syscalls: calls(runtimeCalls, readCalls)}
	a := Read
	if write {
		p.Name = "exec-w"
		p.Syscalls = append(p.Syscalls, writeCalls...)
		a |= Write | Create
	}
	p.Paths = append(p.Paths, Path{Path: root, Access: a, Why: "the tree being edited"})
	return p.Allow(Read, "input named on the command line", inputs...)
}

// CheckProfile is for 'go-edit check': read-only access to its inputs
// (files or directories) and nothing else.
func CheckProfile(inputs []string) Profile {
	p := Profile{Name: "check", Syscalls: calls(runtimeCalls, readCalls)}
	return p.Allow(Read, "input named on the command line", inputs...)
}

// KconfigHelpers are the programs Linux 6.1's Kconfig files run through
// $(shell,...) besides the compiler, assembler and linker: mkdir and rm in
// cc-option; dirname, cat, grep, head and mktemp in scripts/*.sh (seen
// with strace -e execve of a --no-cache olddefconfig on x86), with the
// neighbours those scripts use on other architectures and versions. The
// command layer resolves them with LookPaths and passes them, with the
// toolchain, to KconfigProfile.
var KconfigHelpers = []string{"sh", "env", "mkdir", "rm", "mktemp", "dirname", "basename", "sed", "grep", "head", "tail", "cut", "tr", "cat", "expr", "test", "printf", "echo"}

// LookPaths resolves program names with exec.LookPath (and symlinks, so
// that Landlock's execute right lands on the file the kernel runs),
// leaving out the ones not installed: a probe of a missing program then
// fails as it would unconfined.
func LookPaths(names ...string) []string {
	var paths []string
	for _, name := range names {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if r, err := filepath.EvalSymlinks(p); err == nil && r != p {
			paths = append(paths, r)
		}
		paths = append(paths, p)
	}
	return paths
}

// KconfigProfile is for 'go-edit kconfig': read the source tree, write the
// configuration (temporary file and rename, plus .config.old) under its
// directory, use cacheDir, and run the toolchain probes of $(shell,...).
// Landlock's execute right limits what runs to the toolchain (absolute
// paths: the compiler, assembler, linker and KconfigHelpers, as resolved
// by the caller), the compiler's private programs under /usr/lib/gcc and
// /usr/libexec/gcc, and the tree's scripts/. Probes write only below
// objtree (cc-option's .tmp_$$), cacheDir and /dev/null; the caller sets
// TMPDIR to a directory under cacheDir so gcc's temporary files land
// there.
//
// Landlock rights are hierarchical: with an in-tree build (objtree ==
// srctree) the whole source tree becomes writable for this command.
func KconfigProfile(srctree, objtree, configPath, cacheDir string, toolchain []string) Profile {
	p := Profile{Name: "kconfig", Syscalls: calls(runtimeCalls, readCalls, writeCalls, processCalls)}
	p.Paths = []Path{
		{Path: srctree, Access: Read, Why: "Kconfig files and the tree's scripts"},
		{Path: filepath.Join(srctree, "scripts"), Access: Read | Exec, Why: "scripts/*-version.sh run by $(shell,...)"},
		{Path: objtree, Access: Read | Write | Create | MakeDir, Why: "the object tree: .config, .config.old, cc-option's .tmp_$$"},
		{Path: filepath.Dir(configPath), Access: Read | Write | Create, Why: "the configuration's directory (temporary file and rename)"},
		{Path: cacheDir, Access: Read | Write | Create | MakeDir, Why: "go-edit's cache and TMPDIR of the probes"},
		{Path: "/usr/lib/gcc", Access: Read | Exec, Optional: true, Why: "cc1, collect2 and lto-wrapper, run by gcc"},
		{Path: "/usr/libexec/gcc", Access: Read | Exec, Optional: true, Why: "cc1 on distributions that keep it in libexec"},
	}
	p.Paths = append(p.Paths, programSupport...)
	return p.Allow(Read|Exec, "toolchain program run by $(shell,...)", toolchain...)
}

// programSupport is what any dynamically linked program needs to start
// and run: the loader, shared libraries and their data, /dev/null.
var programSupport = []Path{
	{Path: "/dev/null", Access: Read | Write, Why: "programs discard output"},
	{Path: "/usr", Access: Read, Why: "shared libraries, headers and data"},
	{Path: "/lib", Access: Read, Optional: true, Why: "shared libraries (merged-/usr systems link it to /usr/lib)"},
	{Path: "/lib64", Access: Read, Optional: true, Why: "the dynamic loader's path"},
	{Path: "/etc/ld.so.cache", Access: Read, Optional: true, Why: "the dynamic loader's cache"},
	{Path: "/lib64/ld-linux-x86-64.so.2", Access: Read | Exec, Optional: true, Why: "the dynamic loader (the kernel maps it with the execute right)"},
	{Path: "/lib/ld-linux-aarch64.so.1", Access: Read | Exec, Optional: true, Why: "the dynamic loader on arm64"},
}

// WithPrograms returns p allowing it to run programs (absolute paths, as
// LookPaths gives), for 'exec --allow-exec', which lifts the ban on sam's
// | < > ! commands and nothing else: the programs inherit the profile, so
// they read and write only what go-edit may, and have no network, ptrace
// or further programs beyond the list. Dangerous all the same: a script
// from someone else then runs code of its choosing on the tree.
func (p Profile) WithPrograms(programs ...string) Profile {
	p.Name += "+programs"
	p.Syscalls = append(slices.Clone(p.Syscalls), processCalls...)
	p.Paths = append(slices.Clone(p.Paths), programSupport...)
	return p.Allow(Read|Exec, "program allowed by --allow-exec", programs...)
}

// ProbeProfile is for 'go-edit probe': read its inputs, write the output
// file (empty for stdout), and attach eBPF probes: bpf and
// perf_event_open are allowed, with read access to the kernel's BTF,
// tracefs and the /proc files the loader consults. The workload is
// started before the profile is installed (held on a pipe and released
// once the probes are attached), so no process calls are needed.
//
// The caller creates the output file before installing the profile and
// writes it in place: the rule then names that one file. (A temporary
// file and rename would need create rights on its directory, which
// Landlock grants for the whole directory tree below it.)
func ProbeProfile(inputs []string, output string) Profile {
	p := Profile{Name: "probe", Syscalls: calls(runtimeCalls, readCalls, writeCalls, probeCalls)}
	p.Paths = []Path{
		{Path: "/sys/kernel/btf", Access: Read, Optional: true, Why: "vmlinux and module BTF"},
		{Path: "/sys/kernel/tracing", Access: Read | Write, Optional: true, Why: "tracefs: event ids and kprobe_events"},
		{Path: "/sys/kernel/debug/tracing", Access: Read | Write, Optional: true, Why: "tracefs on systems that mount it under debugfs"},
		{Path: "/sys/bus/event_source/devices", Access: Read, Optional: true, Why: "kprobe/uprobe PMU types"},
		{Path: "/sys/devices/kprobe", Access: Read, Optional: true, Why: "the kprobe PMU type, where the event_source symlink leads"},
		{Path: "/sys/devices/uprobe", Access: Read, Optional: true, Why: "the uprobe PMU type, where the event_source symlink leads"},
		{Path: "/sys/devices/system/cpu/possible", Access: Read, Optional: true, Why: "possible CPUs, for per-CPU maps"},
		{Path: "/sys/fs/bpf", Access: Read | Create | MakeDir, Optional: true, Why: "bpffs pins"},
		{Path: "/proc/self", Access: Read, Why: "auxv, maps and status read by the loader"},
		{Path: "/proc/sys/kernel", Access: Read, Why: "unprivileged_bpf_disabled, perf_event_paranoid"},
		{Path: "/proc/kallsyms", Access: Read, Why: "kernel symbol addresses for kprobes"},
	}
	if output != "" {
		p = p.Allow(Write, "the output file, created before confinement and written in place", output)
	}
	return p.Allow(Read, "input named on the command line", inputs...)
}
