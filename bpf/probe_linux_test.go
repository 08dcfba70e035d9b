package bpf

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// workloadEnv makes the test binary a controlled workload:
// "getppid:N" and "getcwd:N" make N such calls (the Go runtime makes
// none), "read:N:PATH"
// reads one byte from PATH N times, "open:PATH" opens PATH once.
const workloadEnv = "GOEDIT_BPF_TEST_WORKLOAD"

func TestMain(m *testing.M) {
	if w := os.Getenv(workloadEnv); w != "" {
		os.Exit(runWorkload(w))
	}
	os.Exit(m.Run())
}

func runWorkload(w string) int {
	f := strings.Split(w, ":")
	switch f[0] {
	case "getppid":
		n, _ := strconv.Atoi(f[1])
		for i := 0; i < n; i++ {
			syscall.Getppid()
		}
	case "read":
		n, _ := strconv.Atoi(f[1])
		fd, err := syscall.Open(f[2], syscall.O_RDONLY, 0)
		if err != nil {
			return 1
		}
		var b [1]byte
		for i := 0; i < n; i++ {
			syscall.Pread(fd, b[:], 0)
		}
	case "getcwd":
		n, _ := strconv.Atoi(f[1])
		buf := make([]byte, 4096)
		for i := 0; i < n; i++ {
			syscall.Getcwd(buf)
		}
	case "open":
		syscall.Open(f[1], syscall.O_RDONLY, 0)
	default:
		return 2
	}
	return 0
}

// requireProbing skips unless the process may load BPF programs, and
// mounts tracefs for the test when it is not mounted.
func requireProbing(t *testing.T) {
	t.Helper()
	if err := privileged(); err != nil {
		if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if TracefsDir() == "" {
		if err := syscall.Mount("nodev", "/sys/kernel/tracing", "tracefs", 0, ""); err != nil {
			t.Skipf("tracefs not mounted and cannot be: %v", err)
		}
		t.Cleanup(func() { syscall.Unmount("/sys/kernel/tracing", 0) })
	}
}

// runHeld attaches spec, runs the test binary as workload w, and returns
// the results.
func runHeld(t *testing.T, spec *ProbeSpec, w string, during func(*Session)) *Results {
	t.Helper()
	if err := Supported(spec); err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	os.Setenv(workloadEnv, w)
	wl, err := StartHeld([]string{exe}, nil, os.Stdout, os.Stderr)
	os.Unsetenv(workloadEnv)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Attach(spec)
	if err != nil {
		wl.Abort()
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Watch(wl.Pid); err != nil {
		t.Fatal(err)
	}
	if err := wl.Release(); err != nil {
		t.Fatal(err)
	}
	if during != nil {
		during(s)
	}
	if code := wl.Wait(); code != 0 {
		t.Fatalf("workload exit %d", code)
	}
	r, err := s.Results(LoadSymbolizer())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTracepointCountsExact: the workload calls getppid 7 times, so the
// filtered count is exactly 7, whatever else the machine does.
func TestTracepointCountsExact(t *testing.T) {
	requireProbing(t)
	spec := &ProbeSpec{Tracepoints: []Tracepoint{{"syscalls", "sys_enter_getppid"}}, Stacks: true}
	r := runHeld(t, spec, "getppid:7", nil)
	var b bytes.Buffer
	r.Format(&b, 1)
	t.Log("\n" + b.String())
	if n, _ := r.Hit("syscalls:sys_enter_getppid"); n != 7 {
		t.Fatalf("hits %d, want 7", n)
	}
	// Before Linux 6.5 or so a syscall tracepoint hands BPF the
	// user-mode registers, so there is no kernel stack to take (6.1
	// gives none); where there is, it must account for every hit.
	p := r.Probes[0]
	if len(p.Stacks) > 0 && (p.Stacks[0].Count != 7 || !strings.Contains(strings.Join(p.Stacks[0].Frames, " "), "syscall")) {
		t.Fatalf("stacks %+v", p.Stacks)
	}
}

// TestTraceEvents streams the workload's events through the ring buffer:
// one line per call, with its pid and comm and the decoded record.
func TestTraceEvents(t *testing.T) {
	requireProbing(t)
	spec := &ProbeSpec{Tracepoints: []Tracepoint{{"syscalls", "sys_enter_getcwd"}}, Events: true}
	events := streamEvents(t, spec, "getcwd:3", func(ev []Event) bool { return len(ev) == 3 })
	if len(events) != 3 {
		t.Fatalf("%d events, want 3", len(events))
	}
	line := events[0].String()
	t.Log(line)
	if !strings.Contains(line, "syscalls:sys_enter_getcwd") || !strings.Contains(line, " size=4096") || !strings.Contains(line, `comm="bpf.test"`) {
		t.Fatalf("event line %q", line)
	}
}

// streamEvents runs workload under spec (with Events set) and reads the
// ring buffer until enough says the events so far suffice or the session
// ends, and returns them.
func streamEvents(t *testing.T, spec *ProbeSpec, workload string, enough func([]Event) bool) []Event {
	t.Helper()
	var events []Event
	done := make(chan struct{})
	runHeld(t, spec, workload, func(s *Session) {
		rd, err := s.Events()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			defer close(done)
			for {
				ev, err := rd.Next()
				if err != nil {
					return
				}
				events = append(events, ev)
				if enough(events) {
					rd.Close()
				}
			}
		}()
	})
	<-done
	return events
}

// TestKprobesSupportedIsTruthful: when Supported reports kprobes
// missing, the kernel's configuration must agree.
func TestKprobesSupportedIsTruthful(t *testing.T) {
	err := kprobesSupported()
	cfg := kernelConfig()
	if f, ferr := os.Open("/proc/config.gz"); ferr == nil {
		defer f.Close()
		zr, zerr := gzip.NewReader(f)
		if zerr != nil {
			t.Fatal(zerr)
		}
		cfg, _ = io.ReadAll(zr)
	}
	if cfg == nil {
		t.Skip("no /proc/config.gz or /boot/config-RELEASE to compare with")
	}
	has := bytes.Contains(cfg, []byte("\nCONFIG_KPROBES=y\n"))
	var ns *NotSupportedError
	switch {
	case err != nil && has && TracefsDir() != "":
		t.Fatalf("kprobes reported missing on a CONFIG_KPROBES=y kernel: %v", err)
	case err != nil && !errors.As(err, &ns):
		t.Fatalf("unsupported kprobes gave %T, want *NotSupportedError", err)
	case err != nil && !strings.Contains(err.Error(), "CONFIG_KPROBES"):
		t.Fatalf("error does not name the option: %v", err)
	case err == nil && !has:
		t.Fatal("kprobes reported present on a kernel without CONFIG_KPROBES")
	}
	t.Logf("CONFIG_KPROBES=y: %v; Supported: %v", has, err)
}

// requireKprobes skips where kprobes are missing (this build machine),
// and fails in the VM, where the kernel is known to have them.
func requireKprobes(t *testing.T) {
	t.Helper()
	requireProbing(t)
	if err := kprobesSupported(); err != nil {
		if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// modes are the ways of attaching to a function that tests try.
var modes = []AttachMode{AttachKprobe, AttachFentry, AttachKprobeMulti}

// requireMode skips unless functions can be attached with mode here.
// kprobes must work in the VM; fentry too (Debian's kernels have it);
// kprobe.multi only where the kernel has CONFIG_FPROBE, which
// TestAttachSupportIsTruthful holds to the kernel's config.
func requireMode(t *testing.T, mode AttachMode) {
	t.Helper()
	requireKprobes(t)
	var err error
	switch mode {
	case AttachFentry:
		err = fentrySupported()
	case AttachKprobeMulti:
		if err = kprobeMultiSupported(); err != nil {
			t.Skip(err)
		}
	}
	if err != nil {
		if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// funcSpec probes names, all attached with mode.
func funcSpec(mode AttachMode, names ...string) *ProbeSpec {
	spec, _ := LoadBTF(KernelBTF)
	fs := FuncProbes(names, spec)
	for i := range fs {
		fs[i].Attach = mode
	}
	return &ProbeSpec{Funcs: fs}
}

// forModes runs f as a subtest per attach mode the kernel has.
func forModes(t *testing.T, f func(t *testing.T, mode AttachMode)) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			requireMode(t, m)
			f(t, m)
		})
	}
}

// TestFuncCountsExact: vfs_read runs once per read(2) and pread64(2)
// of the workload, so its hits equal the two syscalls' tracepoint
// counts, and ten reads more give exactly ten hits more; the same for
// each way of attaching.
func TestFuncCountsExact(t *testing.T) {
	forModes(t, func(t *testing.T, mode AttachMode) {
		path := t.TempDir() + "/f"
		os.WriteFile(path, []byte("x"), 0o644)
		hits := func(n int) uint64 {
			spec := funcSpec(mode, "vfs_read")
			spec.Tracepoints = []Tracepoint{{"syscalls", "sys_enter_read"}, {"syscalls", "sys_enter_pread64"}}
			spec.Stacks = true
			r := runHeld(t, spec, "read:"+strconv.Itoa(n)+":"+path, nil)
			var b bytes.Buffer
			r.Format(&b, 2)
			t.Logf("%d reads:\n%s", n, b.String())
			v, _ := r.Hit("vfs_read")
			rd, _ := r.Hit("syscalls:sys_enter_read")
			prd, _ := r.Hit("syscalls:sys_enter_pread64")
			if v != rd+prd {
				t.Errorf("vfs_read hits %d, read+pread64 syscalls %d+%d", v, rd, prd)
			}
			if r.Probes[0].Attach != mode {
				t.Errorf("attached as %q, want %q", r.Probes[0].Attach, mode)
			}
			var total uint64
			for _, b := range r.Probes[0].Returns {
				total += b.Count
			}
			if total != v {
				t.Errorf("vfs_read returned %d times, entered %d", total, v)
			}
			// The stack starts in vfs_read, whatever the attachment.
			found := false
			for _, st := range r.Probes[0].Stacks {
				found = found || st.Count == uint64(n) && strings.HasPrefix(st.Frames[0], "vfs_read+") &&
					strings.Contains(strings.Join(st.Frames, " "), "sys_pread64")
			}
			if !found {
				t.Errorf("no stack through pread64 seen %d times: %+v", n, r.Probes[0].Stacks)
			}
			return v
		}
		a, b := hits(5), hits(15)
		if b-a != 10 {
			t.Fatalf("5 reads: %d hits, 15 reads: %d hits; want a difference of 10", a, b)
		}
	})
}

// TestFuncErrno: a failing open shows up as -2 (ENOENT) in
// do_sys_openat2's return histogram (a long-returning function), from
// a kretprobe as from fexit.
func TestFuncErrno(t *testing.T) {
	forModes(t, func(t *testing.T, mode AttachMode) {
		r := runHeld(t, funcSpec(mode, "do_sys_openat2"), "open:/go-edit-no-such-file", nil)
		var b bytes.Buffer
		r.Format(&b, 0)
		t.Log("\n" + b.String())
		for _, ret := range r.Probes[0].Returns {
			if ret.Kind == retExact && ret.Value == -2 && ret.Count >= 1 && ret.String() == "-2 (ENOENT)" {
				return
			}
		}
		t.Fatalf("no -2 (ENOENT) bucket: %+v", r.Probes[0].Returns)
	})
}

// TestFuncNeverHit: the workload never fsyncs, so vfs_fsync has no
// hits, while the same run sees its reads (with kprobe.multi, one link
// serves both, told apart by the cookie).
func TestFuncNeverHit(t *testing.T) {
	forModes(t, func(t *testing.T, mode AttachMode) {
		path := t.TempDir() + "/f"
		os.WriteFile(path, []byte("x"), 0o644)
		r := runHeld(t, funcSpec(mode, "vfs_fsync", "vfs_read"), "read:3:"+path, nil)
		if n, ok := r.Hit("vfs_fsync"); !ok || n != 0 {
			t.Fatalf("vfs_fsync hits %d (probed %v)", n, ok)
		}
		if n, _ := r.Hit("vfs_read"); n < 3 {
			t.Fatalf("vfs_read hits %d, want at least 3", n)
		}
	})
}

// TestFuncEvents streams do_sys_openat2 entries and returns: the entry
// with its arguments named and typed from BTF (dfd is AT_FDCWD, -100,
// sign-extended from an int), the return with its errno.
func TestFuncEvents(t *testing.T) {
	forModes(t, func(t *testing.T, mode AttachMode) {
		spec := funcSpec(mode, "do_sys_openat2")
		spec.Events = true
		events := streamEvents(t, spec, "open:/go-edit-no-such-file", func(ev []Event) bool {
			return strings.Contains(ev[len(ev)-1].String(), "ENOENT")
		})
		var lines []string
		for _, ev := range events {
			lines = append(lines, ev.String())
		}
		all := strings.Join(lines, "\n")
		t.Log(all)
		if !strings.Contains(all, "do_sys_openat2 return ret=-2 (ENOENT)") {
			t.Fatalf("no ENOENT return event in %q", lines)
		}
		if !regexp.MustCompile(`do_sys_openat2\(dfd=-100, filename=0x[0-9a-f]+, how=0xff[0-9a-f]{14}\)`).MatchString(all) {
			t.Fatalf("no typed entry event in %q", lines)
		}
	})
}

// TestFentryFallback: the verifier refuses fentry on migrate_disable
// (the trampoline itself calls it), although BTF and ftrace list it.
// Forced, attaching fails and says fentry; with Fallback the function
// gets kprobes, a note says why, and it still counts.
func TestFentryFallback(t *testing.T) {
	requireMode(t, AttachFentry)
	spec := funcSpec(AttachFentry, "migrate_disable")
	if spec.Funcs[0].fentryable() != nil {
		t.Fatalf("migrate_disable: %v", spec.Funcs[0].fentryable())
	}
	if s, err := Attach(spec); err == nil {
		s.Close()
		t.Fatal("fentry on migrate_disable attached")
	} else if !strings.Contains(err.Error(), "migrate_disable") {
		t.Fatalf("error does not name the function: %v", err)
	}
	spec.Fallback = true
	s, err := Attach(spec)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	t.Log(s.Notes)
	if spec.Funcs[0].Attach != AttachKprobe || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "migrate_disable: fentry failed, using kprobes: the verifier: ") ||
		strings.Contains(s.Notes[0], "\n") {
		t.Fatalf("attach %q, notes %q", spec.Funcs[0].Attach, s.Notes)
	}
}

// TestRunHeldDeliversEveryEvent: a trace ends when its workload does, and
// the events the workload made just before exiting are still printed: the
// ring buffer is drained, not dropped. A slow consumer (a pipe to a busy
// reader, a slow machine) is still behind when the workload exits.
func TestRunHeldDeliversEveryEvent(t *testing.T) {
	requireProbing(t)
	const calls = 500
	exe, _ := os.Executable()
	os.Setenv(workloadEnv, "getcwd:"+strconv.Itoa(calls))
	wl, err := StartHeld([]string{exe}, nil, os.Stdout, os.Stderr)
	os.Unsetenv(workloadEnv)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	o := RunOptions{Tracepoints: []Tracepoint{{"syscalls", "sys_enter_getcwd"}}, Events: func(Event) {
		time.Sleep(100 * time.Microsecond)
		n++
	}}
	if _, code, err := RunHeld(wl, o); err != nil || code != 0 {
		t.Fatalf("exit %d: %v", code, err)
	}
	if n != calls {
		t.Fatalf("%d events, want %d", n, calls)
	}
}
