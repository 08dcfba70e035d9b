package bpf

import (
	"os"
	"syscall"
	"testing"
)

// benchProbing skips unless this process may attach probes.
func benchProbing(b *testing.B) {
	if err := privileged(); err != nil {
		b.Skip(err)
	}
	if TracefsDir() == "" {
		b.Skip("tracefs not mounted")
	}
}

// BenchmarkGetppid measures a getppid(2) round trip bare, with a
// counting tracepoint program on sys_enter_getppid, and with entry and
// return programs on __task_pid_nr_ns attached as a kprobe and
// kretprobe, as fentry and fexit, and through kprobe.multi: the
// difference is the cost of one probe hit (filter, per-CPU count;
// return histogram for the functions).
func BenchmarkGetppid(b *testing.B) {
	b.Run("probe=off", func(b *testing.B) {
		for b.Loop() {
			syscall.Getppid()
		}
	})
	run := func(b *testing.B, spec *ProbeSpec) {
		benchProbing(b)
		if err := Supported(spec); err != nil {
			b.Skip(err)
		}
		s, err := Attach(spec)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := s.Watch(os.Getpid()); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			syscall.Getppid()
		}
	}
	b.Run("probe=tracepoint", func(b *testing.B) {
		run(b, &ProbeSpec{Tracepoints: []Tracepoint{{"syscalls", "sys_enter_getppid"}}})
	})
	for _, mode := range []AttachMode{AttachKprobe, AttachFentry, AttachKprobeMulti} {
		b.Run("probe="+string(mode), func(b *testing.B) {
			benchProbing(b)
			// getppid calls __task_pid_nr_ns once; the syscall's own
			// entry point is not in 6.1's BTF, so fentry cannot use it.
			run(b, benchSpec(mode, "__task_pid_nr_ns"))
		})
	}
}

// benchSpec probes one function attached with mode.
func benchSpec(mode AttachMode, name string) *ProbeSpec {
	spec, _ := LoadBTF(KernelBTF)
	fs := FuncProbes([]string{name}, spec)
	fs[0].Attach = mode
	return &ProbeSpec{Funcs: fs}
}

// BenchmarkAttach measures loading the programs and maps for one probe
// and attaching them, then detaching: what 'probe run' pays per probe
// before the workload starts.
func BenchmarkAttach(b *testing.B) {
	run := func(b *testing.B, spec *ProbeSpec) {
		benchProbing(b)
		if err := Supported(spec); err != nil {
			b.Skip(err)
		}
		for b.Loop() {
			s, err := Attach(spec)
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	}
	b.Run("tracepoint", func(b *testing.B) {
		run(b, &ProbeSpec{Tracepoints: []Tracepoint{{"syscalls", "sys_enter_getppid"}}, AllProcesses: true})
	})
	for _, mode := range []AttachMode{AttachKprobe, AttachFentry, AttachKprobeMulti} {
		b.Run(string(mode), func(b *testing.B) {
			benchProbing(b)
			spec := benchSpec(mode, "vfs_read")
			spec.AllProcesses = true
			run(b, spec)
		})
	}
}
