package sandbox

import "syscall"

// Syscall is one entry of a seccomp allowlist: a system call by name, an
// optional condition on its arguments, and why go-edit needs it.
type Syscall struct {
	Name string
	// Cond, when set, limits the call to some argument values; every other
	// use of the call gets the profile's default action.
	Cond *Cond
	// Errno, when non-zero, makes the filter fail the call with this error
	// instead of allowing it (clone3: ENOSYS so Go falls back to clone).
	Errno syscall.Errno
	Why   string
}

// Rule says what the filter does with the call: "allow", "if COND" or
// "fail ERRNO".
func (s Syscall) Rule() string {
	switch {
	case s.Errno != 0:
		return "fail " + errnoName(s.Errno)
	case s.Cond != nil:
		return "if " + s.Cond.Text
	}
	return "allow"
}

// Cond restricts one argument of a system call. Op is one of the
// operations of github.com/elastic/go-seccomp-bpf ("Equal", "BitsSet",
// ...); SelfPID in Value means the process's own pid at install time.
type Cond struct {
	Arg   uint32
	Op    string
	Value uint64
	Text  string // human-readable form, for 'go-edit sandbox'
}

// Argument values the conditions compare against, spelled out so the
// policy reads the same on every GOOS (they are the Linux values on amd64
// and arm64).
const (
	prSetVMA    = 0x53564d41 // PR_SET_VMA, include/uapi/linux/prctl.h
	prSetName   = 15         // PR_SET_NAME, include/uapi/linux/prctl.h
	cloneThread = 0x00010000 // CLONE_THREAD, include/uapi/linux/sched.h
	tcgets      = 0x5401     // TCGETS, include/uapi/asm-generic/ioctls.h
)

// SelfPID stands for the pid of the process that installs the filter.
const SelfPID = ^uint64(0)

// The allowlist, in groups a profile picks from. Every entry was seen in
// `strace -f` of go-edit's subcommands on real work (a whole-tree exec -w
// over Linux 6.1, kconfig runs with toolchain probes) or is named in the
// Go runtime's system call stubs (runtime/sys_linux_amd64.s) for paths a
// short strace run does not hit (signal delivery, thread exit, crash
// reporting). Calls missing on an architecture are skipped there.
var (
	// runtimeCalls keep the Go runtime alive: memory, threads, signals,
	// timers and the poller os.File registers with.
	runtimeCalls = []Syscall{
		{Name: "mmap", Why: "heap and stack memory (runtime.sysAlloc)"},
		{Name: "munmap", Why: "returning memory (runtime.sysFree)"},
		{Name: "madvise", Why: "scavenger returns idle pages (MADV_DONTNEED/FREE, hugepage hints)"},
		{Name: "prctl", Cond: &Cond{0, "Equal", prSetVMA, "option == PR_SET_VMA"},
			Why: "Go >= 1.25 names its anonymous mappings (runtime.setVMAName) on kernels with CONFIG_ANON_VMA_NAME; any other prctl is denied"},
		{Name: "futex", Why: "goroutine parking, locks and notes (runtime.futexsleep/futexwakeup)"},
		{Name: "clone", Cond: &Cond{0, "BitsSet", cloneThread, "flags & CLONE_THREAD"},
			Why: "new OS threads for goroutines (runtime.newosproc); without CLONE_THREAD it would make a process, which is denied"},
		{Name: "clone3", Errno: syscall.ENOSYS,
			Why: "its flags live in memory seccomp cannot inspect; ENOSYS makes Go (and libc) fall back to clone, whose flags the filter checks"},
		{Name: "exit", Why: "a thread ends (runtime.exitThread)"},
		{Name: "exit_group", Why: "the process ends"},
		{Name: "gettid", Why: "thread id for signal forwarding and locking (runtime.gettid)"},
		{Name: "getpid", Why: "own pid for self-signalling"},
		{Name: "tgkill", Cond: &Cond{0, "Equal", SelfPID, "tgid == own pid"},
			Why: "goroutine preemption signals (SIGURG) to the process's own threads only"},
		{Name: "kill", Cond: &Cond{0, "Equal", SelfPID, "pid == own pid"},
			Why: "re-raising a fatal signal on crash (runtime.raiseproc), to itself only"},
		{Name: "rt_sigaction", Why: "installing the runtime's signal handlers"},
		{Name: "rt_sigprocmask", Why: "signal masks around thread creation and in new threads"},
		{Name: "rt_sigreturn", Why: "returning from every signal handler (preemption uses signals)"},
		{Name: "sigaltstack", Why: "each new thread's signal stack (runtime.minitSignalStack)"},
		{Name: "sched_yield", Why: "spinning locks and GC (runtime.osyield)"},
		{Name: "sched_getaffinity", Why: "GOMAXPROCS tracks the CPU affinity mask (Go >= 1.25 re-reads it)"},
		{Name: "nanosleep", Why: "short sleeps in the scheduler (runtime.usleep)"},
		{Name: "clock_gettime", Why: "time when the vDSO is unavailable"},
		{Name: "gettimeofday", Why: "time when the vDSO is unavailable (older fallbacks)"},
		{Name: "restart_syscall", Why: "the kernel restarts a sleep interrupted by a signal"},
		{Name: "getrandom", Why: "map hash seeds and crypto/rand when the vDSO getrandom is absent"},
		{Name: "epoll_create1", Why: "the runtime poller, created when the first os.File is opened"},
		{Name: "epoll_ctl", Why: "os.File registers descriptors with the poller (EPERM for regular files is expected)"},
		{Name: "epoll_pwait", Why: "the poller waits (netpoll)"},
		{Name: "epoll_pwait2", Why: "the poller waits (netpoll, newer Go)"},
		{Name: "eventfd2", Why: "waking the poller (netpollBreak)"},
		{Name: "pipe2", Why: "waking the poller on kernels without eventfd (netpollinit fallback)"},
	}

	// readCalls read the files Landlock lets the profile read, and the
	// standard streams.
	readCalls = []Syscall{
		{Name: "read", Why: "reading files and stdin"},
		{Name: "pread64", Why: "os.File.ReadAt; the runtime re-reads the cgroup CPU limit"},
		{Name: "readv", Why: "vectored reads (bufio, io.Copy paths)"},
		{Name: "write", Why: "stdout, stderr (the patch, reports); files only where Landlock allows"},
		{Name: "writev", Why: "vectored writes to stdout/stderr"},
		{Name: "openat", Why: "opening files; Landlock decides which paths"},
		{Name: "close", Why: "closing files"},
		{Name: "lseek", Why: "os.File.Seek, io.ReadAll size hints"},
		{Name: "fstat", Why: "os.File.Stat"},
		{Name: "newfstatat", Why: "os.Stat/Lstat, directory walks"},
		{Name: "statx", Why: "stat on newer libc-free paths"},
		{Name: "getdents64", Why: "reading directories (tree walk)"},
		{Name: "readlinkat", Why: "telling symlinks apart while walking (never followed for writing)"},
		{Name: "fcntl", Why: "descriptor flags (os.NewFile, F_DUPFD_CLOEXEC)"},
		{Name: "getcwd", Why: "resolving relative paths (os.Getwd)"},
		{Name: "faccessat2", Why: "exec.LookPath and permission checks"},
		{Name: "ioctl", Cond: &Cond{1, "Equal", tcgets, "request == TCGETS"},
			Why: "asking whether stdout is a terminal; every other ioctl is denied"},
	}

	// writeCalls change files; Landlock limits them to the write paths.
	writeCalls = []Syscall{
		{Name: "fsync", Why: "flushing a rewritten file before the rename that publishes it"},
		{Name: "fdatasync", Why: "flushing file data"},
		{Name: "ftruncate", Why: "shortening a file opened for writing (Landlock checks the open)"},
		{Name: "fchmod", Why: "giving the temporary file the mode of the file it replaces"},
		{Name: "fchown", Why: "giving the temporary file the owner of the file it replaces (as root; internal/tree)"},
		{Name: "geteuid", Why: "internal/tree chowns the new file only when running as root"},
		{Name: "linkat", Why: "internal/tree keeps a hard-link backup beside each file to undo a failed commit; Landlock denies links across directories (no refer right), so nothing outside can be linked in"},
		{Name: "renameat", Why: "publishing a rewritten file atomically (temporary file in the same directory)"},
		{Name: "renameat2", Why: "as renameat, on newer Go and libc"},
		{Name: "unlinkat", Why: "removing a temporary file after a failed write"},
	}

	// processCalls run other programs: only Kconfig's $(shell,...)
	// toolchain probes need them, and Landlock's execute right limits what
	// may run.
	processCalls = []Syscall{
		{Name: "execve", Why: "running the shell and toolchain for Kconfig's $(shell,...) probes"},
		{Name: "clone", Why: "fork/vfork for the probes (overrides the threads-only clone of runtimeCalls)"},
		{Name: "vfork", Why: "the shell forks pipelines with vfork"},
		{Name: "wait4", Why: "collecting probe exit status"},
		{Name: "waitid", Why: "os.Process.Wait with pidfds"},
		{Name: "pidfd_open", Why: "os/exec tracks children by pidfd"},
		{Name: "pidfd_send_signal", Why: "os/exec kills a probe that times out"},
		{Name: "dup2", Why: "the shell wires pipes to stdin/stdout"},
		{Name: "dup3", Why: "os/exec wires the child's stdio"},
		{Name: "dup", Why: "the shell saves descriptors"},
		{Name: "pipe", Why: "the shell's pipelines"},
		{Name: "access", Why: "the shell and gcc look for programs"},
		{Name: "faccessat", Why: "the shell and gcc look for programs"},
		{Name: "open", Why: "older binaries open files by path (Landlock decides which)"},
		{Name: "stat", Why: "older binaries stat by path"},
		{Name: "lstat", Why: "older binaries lstat by path"},
		{Name: "readlink", Why: "gcc resolves its own location"},
		{Name: "getdents", Why: "older directory reads"},
		{Name: "brk", Why: "libc malloc in the probes"},
		{Name: "mprotect", Why: "the dynamic loader makes relocated data read-only (RELRO) in every probe program"},
		{Name: "arch_prctl", Why: "thread-local storage set-up in every new program"},
		{Name: "set_tid_address", Why: "libc start-up"},
		{Name: "set_robust_list", Why: "libc start-up"},
		{Name: "rseq", Why: "glibc registers restartable sequences at start-up"},
		{Name: "prlimit64", Why: "libc and Go's fork restore resource limits"},
		{Name: "getrlimit", Why: "libc start-up"},
		{Name: "uname", Why: "gcc and the shell ask for the machine"},
		{Name: "getuid", Why: "the shell checks its credentials"},
		{Name: "geteuid", Why: "the shell checks its credentials"},
		{Name: "getgid", Why: "the shell checks its credentials"},
		{Name: "getegid", Why: "the shell checks its credentials"},
		{Name: "getppid", Why: "the shell's $PPID"},
		{Name: "getpgrp", Why: "the shell's job control check"},
		{Name: "setpgid", Why: "the shell's job control"},
		{Name: "umask", Why: "gcc creates its temporary files"},
		{Name: "chdir", Why: "scripts change directory (Landlock still confines them)"},
		{Name: "mkdir", Why: "cc-option makes a .tmp_$$ directory in the object tree"},
		{Name: "mkdirat", Why: "as mkdir"},
		{Name: "rmdir", Why: "cc-option removes its .tmp_$$ directory"},
		{Name: "unlink", Why: "gcc removes its temporary files"},
		{Name: "rename", Why: "the toolchain renames its outputs"},
		{Name: "creat", Why: "older binaries create files"},
		{Name: "chmod", Why: "the linker marks outputs executable"},
		{Name: "utimensat", Why: "touch-like probes set file times"},
		{Name: "fchmodat", Why: "as chmod"},
		{Name: "sysinfo", Why: "gcc sizes its garbage collector from memory"},
		{Name: "getrusage", Why: "gcc's time reports"},
		{Name: "times", Why: "the shell's times"},
		{Name: "alarm", Why: "scripts' timeouts"},
		{Name: "rt_sigsuspend", Why: "the shell waits for children"},
		{Name: "poll", Why: "the toolchain waits on pipes"},
		{Name: "ppoll", Why: "the toolchain waits on pipes"},
		{Name: "select", Why: "the toolchain waits on pipes"},
		{Name: "pselect6", Why: "the toolchain waits on pipes"},
		{Name: "mremap", Why: "libc realloc of large blocks"},
		{Name: "getcpu", Why: "libc malloc arenas"},
		{Name: "membarrier", Why: "libc start-up on some versions"},
		{Name: "epoll_wait", Why: "event loops in the tools (rustup's rustc proxy)"},
		{Name: "mincore", Why: "grep (pcre2) sizes its stack; killed in --sandbox=kill without it"},
		{Name: "prctl", Cond: &Cond{0, "Equal", prSetName, "option == PR_SET_NAME"}, Why: "threaded tools (rustup's rustc proxy) name their threads"},
		{Name: "statfs", Why: "the toolchain checks file systems"},
		{Name: "fadvise64", Why: "cat and sed announce sequential reads"},
		{Name: "fstatfs", Why: "the toolchain checks file systems"},
	}

	// probeCalls attach eBPF probes ('go-edit probe').
	probeCalls = []Syscall{
		{Name: "bpf", Why: "loading programs and maps, reading BTF"},
		{Name: "perf_event_open", Why: "attaching kprobes, tracepoints and uprobes"},
		{Name: "ioctl", Why: "PERF_EVENT_IOC_SET_BPF/ENABLE on perf events (overrides the TCGETS-only ioctl)"},
		{Name: "setrlimit", Why: "raising RLIMIT_MEMLOCK on kernels before 5.11"},
		{Name: "prlimit64", Why: "raising RLIMIT_MEMLOCK on kernels before 5.11"},
		{Name: "mkdirat", Why: "pinning objects in bpffs"},
		{Name: "statfs", Why: "cilium/ebpf checks that tracefs and bpffs are what they claim"},
		{Name: "wait4", Why: "collecting the exit status of the workload probe run started"},
		{Name: "waitid", Why: "os.Process.Wait with pidfds, for the workload"},
	}
)

// alwaysDenied are the calls the issue promises no profile allows, apart
// from the stated exceptions (execve and process clone for kconfig's
// probes; bpf and perf_event_open for probe). TestProfilesDenyDangerousCalls
// checks every profile against it.
var alwaysDenied = []string{
	"ptrace", "process_vm_readv", "process_vm_writev", "memfd_create", "memfd_secret",
	"userfaultfd", "execveat", "socket", "socketpair", "connect", "bind", "listen",
	"accept", "accept4", "sendto", "sendmsg", "recvfrom", "recvmsg", "mount",
	"umount2", "pivot_root", "chroot", "kexec_load", "kexec_file_load", "init_module",
	"finit_module", "delete_module", "unshare", "setns", "keyctl", "add_key",
	"request_key", "io_uring_setup", "io_uring_enter", "open_by_handle_at",
	"name_to_handle_at", "setuid", "setgid", "setresuid", "setresgid", "capset",
	"reboot", "swapon", "swapoff", "syslog", "acct", "quotactl", "personality",
	"fanotify_init", "fanotify_mark", "mknod", "mknodat", "symlink", "symlinkat",
	"link", "seccomp", "landlock_create_ruleset", "landlock_add_rule",
	"landlock_restrict_self", "pidfd_getfd", "kcmp",
}
