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
// counting tracepoint program on sys_enter_getppid, and with a kprobe
// and kretprobe on __x64_sys_getppid: the difference is the cost of one
// probe hit (filter, per-CPU count; return histogram for the kprobe).
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
	b.Run("probe=kprobe", func(b *testing.B) {
		spec, _ := LoadBTF(KernelBTF)
		run(b, &ProbeSpec{Funcs: FuncProbes([]string{"__x64_sys_getppid"}, spec)})
	})
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
	b.Run("kprobe", func(b *testing.B) {
		run(b, &ProbeSpec{Funcs: []FuncProbe{{Name: "vfs_read", RetSize: 8, RetSigned: true}}, AllProcesses: true})
	})
}
