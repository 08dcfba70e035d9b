package bpf

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// KernelBTF is where a running kernel exposes its BTF.
const KernelBTF = "/sys/kernel/btf/vmlinux"

// TargetOptions say which kernel to check against.
type TargetOptions struct {
	// BTF is a vmlinux ELF or raw BTF file; "" means the running
	// kernel's (KernelBTF).
	BTF string
	// Name is the kernel's name in messages ("6.1"); default the
	// running kernel's release, or the BTF file's name.
	Name string
	// Kallsyms is a /proc/kallsyms dump of the target kernel; for the
	// running kernel /proc/kallsyms is read when this is "".
	Kallsyms string
}

// LoadTarget reads the BTF, and for the running kernel its symbols and
// the functions ftrace can attach to (when tracefs is mounted).
func LoadTarget(o TargetOptions) (*Target, error) {
	running := o.BTF == "" || o.BTF == KernelBTF
	path := o.BTF
	if path == "" {
		path = KernelBTF
	}
	spec, err := LoadBTF(path)
	if err != nil {
		return nil, err
	}
	t := &Target{Spec: spec, Name: o.Name}
	if t.Name == "" {
		if running {
			t.Name = "running kernel " + kernelRelease()
		} else {
			t.Name = "target kernel " + filepath.Base(path)
		}
	} else {
		t.Name = "target kernel " + t.Name
	}
	syms := o.Kallsyms
	if syms == "" && running {
		syms = "/proc/kallsyms"
	}
	if syms != "" {
		f, err := os.Open(syms)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if t.Symbols, err = ParseKallsyms(f); err != nil {
			return nil, err
		}
	}
	if running {
		if dir := TracefsDir(); dir != "" {
			if f, err := os.Open(filepath.Join(dir, "available_filter_functions")); err == nil {
				t.Ftrace, _ = ParseFtraceFunctions(f)
				f.Close()
			}
		}
	}
	return t, nil
}

// kernelRelease is uname -r, read from procfs.
func kernelRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "(unknown release)"
	}
	return strings.TrimSpace(string(b))
}

// TracefsDir finds where tracefs is mounted ("" when it is not): the
// kernel's tracing interface, which names tracepoints and, on kernels
// without the kprobe PMU, creates kprobes.
func TracefsDir() string {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	found := ""
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		switch {
		case fields[2] == "tracefs" && (found == "" || fields[1] == "/sys/kernel/tracing"):
			found = fields[1]
		case fields[2] == "debugfs" && found == "":
			if _, err := os.Stat(filepath.Join(fields[1], "tracing", "events")); err == nil {
				found = filepath.Join(fields[1], "tracing")
			}
		}
	}
	return found
}
