// Package sandbox confines a go-edit process, right after its flags are
// parsed and before it reads any user input, with a seccomp-BPF allowlist
// and Landlock file-system rules taken from a per-subcommand Profile.
//
// The promise: a command script can change the files go-edit was pointed
// at and nothing else. No network, no program execution (except the
// toolchain probes of 'go-edit kconfig', limited by Landlock's execute
// right), no ptrace or process_vm_*, no memfd_create or userfaultfd, no
// writes outside the target set, no reads outside what the command line
// named. Symlinks in the tree that point outside it are harmless: Landlock
// checks the file a path resolves to, so writing through one fails.
//
// Enforcement, in order:
//
//   - Landlock (go-landlock), with every right the kernel's ABI knows
//     handled, and rules granting only the profile's Paths. Denials fail
//     with EACCES. All threads are restricted (psx before ABI 8).
//   - seccomp (go-seccomp-bpf), installed with TSYNC on every thread and
//     no_new_privs, allowing only the profile's Syscalls, some with
//     argument conditions (clone only with CLONE_THREAD, prctl only
//     PR_SET_VMA, tgkill/kill only to itself, ioctl only TCGETS). clone3
//     fails with ENOSYS so Go and libc fall back to clone. Anything else
//     fails with EPERM in mode On or kills the process in mode Kill.
//
// Fail closed: Install returns an *UnsupportedError when the kernel lacks
// seccomp or Landlock, and go-edit then refuses to run unless the user
// chose mode Off (--sandbox=off, GOEDIT_SANDBOX=off). There is no best
// effort mode.
//
// Profiles are data (profile.go, syscalls.go), each system call with the
// reason it is there. SelfTest proves, on the running kernel, that the
// denials hold; 'go-edit sandbox test' prints its report.
package sandbox
