//go:build linux

package sandbox

import (
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The self-test's probes of forbidden system calls. Each is harmless when
// it succeeds unconfined (the control run): it closes what it opens and
// aims ptrace and process_vm_readv at the parent, which it does not
// attach to, so they fail with ESRCH/EFAULT there instead of EPERM.

func openSocket(string) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	return unix.Close(fd)
}

// execShell replaces the child with /bin/sh if execve is allowed; the shell
// then prints a line the parent reads as this probe's result.
func execShell(string) error {
	err := syscall.Exec("/bin/sh", []string{"sh", "-c", `printf 'exec /bin/sh\tRAN\t\n'`}, os.Environ())
	return os.NewSyscallError("execve", err)
}

// startProcess forks without opening /dev/null first (as os/exec would),
// so that it is the process creation that meets the sandbox.
func startProcess(string) error {
	pid, err := syscall.ForkExec("/bin/true", []string{"true"}, &syscall.ProcAttr{})
	if err != nil {
		return os.NewSyscallError("fork/exec", err)
	}
	_, err = syscall.Wait4(pid, nil, 0, nil)
	return os.NewSyscallError("wait4", err)
}

func ptracePeek(string) error {
	var word [8]byte
	_, err := unix.PtracePeekData(os.Getppid(), 0, word[:])
	return os.NewSyscallError("ptrace", err)
}

func memfdCreate(string) error {
	fd, err := unix.MemfdCreate("go-edit-probe", unix.MFD_CLOEXEC)
	if err != nil {
		return os.NewSyscallError("memfd_create", err)
	}
	return unix.Close(fd)
}

func userfaultfd(string) error {
	fd, _, errno := unix.Syscall(unix.SYS_USERFAULTFD, unix.O_CLOEXEC, 0, 0)
	if errno != 0 {
		return os.NewSyscallError("userfaultfd", errno)
	}
	return unix.Close(int(fd))
}

func processVMRead(string) error {
	var buf [8]byte
	local := []unix.Iovec{{Base: &buf[0], Len: 8}}
	remote := []unix.RemoteIovec{{Base: 0, Len: 8}}
	_, err := unix.ProcessVMReadv(os.Getppid(), local, remote, 0)
	return os.NewSyscallError("process_vm_readv", err)
}

func errnoName(e syscall.Errno) string { return unix.ErrnoName(e) }

// bpfMapCreate makes a one-entry array map and closes it.
func bpfMapCreate(string) error {
	attr := struct{ mapType, keySize, valueSize, maxEntries uint32 }{unix.BPF_MAP_TYPE_ARRAY, 4, 4, 1}
	fd, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_MAP_CREATE, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	if errno != 0 {
		return os.NewSyscallError("bpf", errno)
	}
	return unix.Close(int(fd))
}
