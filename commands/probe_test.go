//go:build !slim

package commands

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/bpf"
	"golang.org/x/tools/txtar"
)

// probePatch writes the patch section of a testdata/bpf golden to a file.
func probePatch(t *testing.T, golden string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "testdata", "bpf", golden))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "patch" {
			path := filepath.Join(t.TempDir(), "fix.patch")
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			return path
		}
	}
	t.Fatalf("%s: no patch section", golden)
	return ""
}

// TestProbeBTF runs 'probe btf' confined (the default sandbox) against
// the test BTF blob: a member the target lacks is an error and exit 1.
func TestProbeBTF(t *testing.T) {
	requireSandbox(t)
	blob, _ := filepath.Abs("../testdata/bpf/acme.btf")
	patch := probePatch(t, "check/initialiser-missing-member.txtar")
	out, errOut, code := goEdit(t, "", nil, "probe", "btf", "--btf", blob, "--kernel", "acme", patch)
	want := "drivers/net/acme_ops.c:10:3: struct net_device_ops has no member 'ndo_eth_ioctl' in target kernel acme BTF\n"
	if code != 1 || out != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
	}

	out, errOut, code = goEdit(t, "", nil, "probe", "btf", "--json", "--btf", blob, "--kernel", "acme", probePatch(t, "check/param-type.txtar"))
	var rep probeReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, errOut)
	}
	codes := map[string]int{}
	for _, f := range rep.Findings {
		codes[string(f.Code)]++
	}
	if rep.Errors != 3 || codes["param-type"] != 1 || codes["no-member"] != 1 || codes["not-a-struct"] != 1 || rep.Target != "target kernel acme" {
		t.Fatalf("report %+v", rep)
	}
}

// TestProbeBTFRunningKernel checks a patch whose uses all exist in any
// recent kernel against the running kernel's BTF: exit 0, and vfs_read
// reported traceable.
func TestProbeBTFRunningKernel(t *testing.T) {
	requireSandbox(t)
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		t.Skip("no kernel BTF")
	}
	patch := filepath.Join(t.TempDir(), "ok.patch")
	os.WriteFile(patch, []byte(`--- a/fs/read_write.c
+++ b/fs/read_write.c
@@ -1,4 +1,5 @@
 ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
 {
+	pr_debug("%lld\n", file->f_pos);
 	return 0;
 }
`), 0o644)
	out, errOut, code := goEdit(t, "", nil, "probe", "btf", patch)
	if code != 0 || !strings.Contains(out, "note: vfs_read is traceable") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestProbeUsage(t *testing.T) {
	_, errOut, code := goEdit(t, "", nil, "probe", "btf", "a", "b")
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, errOut)
	}
}

// requireProbeRoot skips unless root with tracefs mounted (CI runs as
// root; tracefs is mounted by the bpf package's tests when missing).
func requireProbeRoot(t *testing.T) {
	t.Helper()
	requireSandbox(t)
	if os.Geteuid() != 0 {
		t.Skip("probe run needs root")
	}
	if bpf.TracefsDir() == "" {
		t.Skip("tracefs not mounted")
	}
}

// TestProbeRunTracepoint runs 'probe run' confined: sh calls getppid at
// start-up, true never does, and --expect-hit tells them apart.
func TestProbeRunTracepoint(t *testing.T) {
	requireProbeRoot(t)
	const tp = "syscalls:sys_enter_getppid"
	out, errOut, code := goEdit(t, "", nil, "probe", "run", "-t", tp, "--expect-hit", tp, "--", "sh", "-c", "echo $PPID >/dev/null")
	if code != 0 || !strings.HasPrefix(out, tp+": ") || strings.HasPrefix(out, tp+": 0 hits") {
		t.Fatalf("sh: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = goEdit(t, "", nil, "probe", "run", "-t", tp, "--expect-hit", tp, "--", "true")
	if code != 1 || out != tp+": 0 hits\n" || !strings.Contains(errOut, "never hit") {
		t.Fatalf("true: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = goEdit(t, "", nil, "probe", "trace", "-t", tp, "--", "sh", "-c", "echo $PPID")
	if code != 0 || !strings.Contains(out, `comm="sh" `+tp) || strings.Contains(out, "\n\n") {
		t.Fatalf("trace: exit %d\n%s%s", code, out, errOut)
	}
}

// TestProbeRunWorkloadStatus: confined, 'probe run' still collects the
// workload's exit status, and a failing workload fails the run.
func TestProbeRunWorkloadStatus(t *testing.T) {
	requireProbeRoot(t)
	const tp = "syscalls:sys_enter_getppid"
	_, errOut, code := goEdit(t, "", nil, "probe", "run", "-t", tp, "--", "sh", "-c", "exit 3")
	if code != 1 || !strings.Contains(errOut, "workload exited with status 3") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// TestProbeTraceFilter: the lines of 'probe trace' are a buffer that
// 'exec --stream' can address, so sam's language filters the log.
func TestProbeTraceFilter(t *testing.T) {
	requireProbeRoot(t)
	const tp = "syscalls:sys_enter_getppid"
	trace, errOut, code := goEdit(t, "", nil, "probe", "trace", "-t", tp, "--", "sh", "-c", "echo $PPID >/dev/null")
	if code != 0 {
		t.Fatalf("trace: exit %d: %s", code, errOut)
	}
	out, stderr, code := runIn("", []string{"exec", "--stream", "-n", `,x/.*comm="sh".*\n/ p`}, []byte(trace))
	if code != 0 || !strings.Contains(string(out), `comm="sh" `+tp) || strings.Count(string(out), "\n") != strings.Count(trace, `comm="sh"`) {
		t.Fatalf("filter: exit %d: %s\n%s\nof:\n%s", code, stderr, out, trace)
	}
}

// TestProbeRunNeedsKprobes: on a kernel without kprobes, -F fails up
// front naming the option, and the workload never runs.
func TestProbeRunNeedsKprobes(t *testing.T) {
	requireProbeRoot(t)
	if _, err := os.Stat("/sys/bus/event_source/devices/kprobe"); err == nil {
		t.Skip("this kernel has kprobes")
	}
	marker := filepath.Join(t.TempDir(), "ran")
	_, errOut, code := goEdit(t, "", nil, "probe", "run", "-F", "vfs_read", "--", "touch", marker)
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the workload ran although probing was impossible")
	}
	if code != 1 || !strings.Contains(errOut, "CONFIG_KPROBES=y") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestProbeRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"probe", "run", "--", "true"},                                        // nothing to probe
		{"probe", "run", "-t", "sched", "--", "true"},                         // not CATEGORY:NAME
		{"probe", "run", "-F", "vfs_read"},                                    // no workload
		{"probe", "run", "--attach", "fexit", "-F", "vfs_read", "--", "true"}, // no such mode
	} {
		if _, errOut, code := goEdit(t, "", nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, errOut)
		}
	}
}

// TestProbeRunKprobe (where kprobes exist: make test-vm): a failing
// open shows as -2 (ENOENT) in do_sys_openat2's returns, a patch's
// changed function is found and hit, and --expect-hit fails for a
// function the workload never calls.
func TestProbeRunKprobe(t *testing.T) {
	requireProbeRoot(t)
	if _, err := os.Stat("/sys/bus/event_source/devices/kprobe"); err != nil {
		if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
			t.Fatal("no kprobes in the VM kernel")
		}
		t.Skip("this kernel has no kprobes (make test-vm)")
	}
	out, errOut, code := goEdit(t, "", nil, "probe", "run", "-F", "do_sys_openat2", "-F", "vfs_fsync", "--expect-hit", "vfs_fsync",
		"--", "cat", "/go-edit-no-such-file")
	if code != 1 || !strings.Contains(out, "do_sys_openat2: ") || !strings.Contains(out, "returned -2 (ENOENT)") ||
		!strings.Contains(out, "vfs_fsync: 0 hits") || !strings.Contains(errOut, "vfs_fsync: expected to run under the workload, never hit") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	patch := filepath.Join(t.TempDir(), "read.patch")
	os.WriteFile(patch, []byte(`--- a/fs/read_write.c
+++ b/fs/read_write.c
@@ -1,3 +1,4 @@
 ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
 {
+	might_sleep();
 	ssize_t ret;
`), 0o644)
	out, errOut, code = goEdit(t, "", nil, "probe", "run", "--patch", patch, "--expect-hit", "all", "--stacks", "--",
		"sh", "-c", "read -r line < ../testdata/bpf/check/param-type.txtar") // read(2), where cat might sendfile
	if code != 0 || !strings.HasPrefix(out, "vfs_read: ") || !strings.Contains(out, "stack seen") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// requireFuncProbes skips unless this kernel can attach to functions
// (kprobes; make test-vm boots one where they can).
func requireFuncProbes(t *testing.T) {
	t.Helper()
	requireProbeRoot(t)
	if _, err := os.Stat("/sys/bus/event_source/devices/kprobe"); err != nil {
		if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
			t.Fatal("no kprobes in the VM kernel")
		}
		t.Skip("this kernel has no kprobes (make test-vm)")
	}
}

// probeRunJSON runs 'probe run --json' and decodes the results.
func probeRunJSON(t *testing.T, args ...string) (bpf.Results, string) {
	t.Helper()
	out, errOut, code := goEdit(t, "", nil, append([]string{"probe", "run", "--json"}, args...)...)
	var r bpf.Results
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 {
		t.Fatalf("%v: exit %d, %v\n%s%s", args, code, err, out, errOut)
	}
	return r, errOut
}

// kernelHas reports whether the running kernel's config (the
// /boot/config-RELEASE that make test-vm puts in the guest) sets opt=y;
// ok is false when there is no config to read.
func kernelHas(opt string) (has, ok bool) {
	rel, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return false, false
	}
	cfg, err := os.ReadFile("/boot/config-" + strings.TrimSpace(string(rel)))
	if err != nil {
		return false, false
	}
	return strings.Contains(string(cfg), "\n"+opt+"=y\n"), true
}

// TestProbeRunAttach: --attach auto picks fentry/fexit (the VM's
// Debian kernels have BPF trampolines), --attach kprobe falls back to
// kprobes (one kprobe.multi link for both functions where the kernel
// has CONFIG_FPROBE), and each run says per function how, in the JSON
// as in the text; the counts agree.
func TestProbeRunAttach(t *testing.T) {
	requireFuncProbes(t)
	const workload = "read -r a < ../testdata/bpf/check/param-type.txtar; read -r b < ../testdata/bpf/check/param-type.txtar"
	auto, _ := probeRunJSON(t, "-F", "vfs_read", "-F", "do_sys_openat2", "--", "sh", "-c", workload)
	kp, _ := probeRunJSON(t, "--attach", "kprobe", "-F", "vfs_read", "-F", "do_sys_openat2", "--", "sh", "-c", workload)
	wantAuto := bpf.AttachFentry
	if os.Getenv("GOEDIT_VM_REQUIRED") != "1" && auto.Probes[0].Attach != bpf.AttachFentry {
		wantAuto = bpf.AttachKprobe // outside the VM fentry may be refused
	}
	wantKprobe := bpf.AttachKprobe
	fprobe, ok := kernelHas("CONFIG_FPROBE")
	if fprobe {
		wantKprobe = bpf.AttachKprobeMulti
	}
	for i, name := range []string{"vfs_read", "do_sys_openat2"} {
		a, k := auto.Probes[i], kp.Probes[i]
		t.Logf("%s: auto %s %d hits, kprobe %s %d hits", name, a.Attach, a.Hits, k.Attach, k.Hits)
		if a.Name != name || k.Name != name || a.Attach != wantAuto || ok && k.Attach != wantKprobe || k.Attach == bpf.AttachFentry {
			t.Errorf("%s: attached %q and %q, want %q and %q", name, a.Attach, k.Attach, wantAuto, wantKprobe)
		}
		// sh opens the file twice, reads it with read(2) at least
		// once per line, and loads nothing else between runs.
		if a.Hits != k.Hits || a.Hits < 2 {
			t.Errorf("%s: %d hits with %s, %d with %s", name, a.Hits, a.Attach, k.Hits, k.Attach)
		}
	}
	out, errOut, code := goEdit(t, "", nil, "probe", "run", "--attach", "kprobe", "-F", "do_sys_openat2", "--", "cat", "/go-edit-no-such-file")
	if code != 1 || !strings.Contains(out, "do_sys_openat2: ") || !strings.Contains(out, " hits (kprobe)\n") || !strings.Contains(out, "returned -2 (ENOENT)") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestProbeRunFentryRefused: where fentry cannot work (this build
// machine's kernel refuses tracing programs), --attach fentry fails up
// front naming the feature, not with a bare errno, and the workload
// never runs; where it works, the run says fentry.
func TestProbeRunFentryRefused(t *testing.T) {
	requireProbeRoot(t)
	marker := filepath.Join(t.TempDir(), "ran")
	out, errOut, code := goEdit(t, "", nil, "probe", "run", "--json", "--attach", "fentry", "-F", "vfs_read", "--", "touch", marker)
	if code == 0 {
		var r bpf.Results
		if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Probes) != 1 || r.Probes[0].Attach != bpf.AttachFentry {
			t.Fatalf("fentry works here, but: %v %s", err, out)
		}
		t.Skip("fentry works on this kernel")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the workload ran although fentry was impossible")
	}
	if code != 1 || !strings.HasPrefix(errOut, "go-edit: fentry/fexit (BPF trampolines) not available") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Log(errOut)
}

// TestProbeTraceArgs: probe trace names and types a function's
// arguments from BTF: do_sys_openat2's dfd is AT_FDCWD (-100) for cat's
// open, its two pointers in hex.
func TestProbeTraceArgs(t *testing.T) {
	requireFuncProbes(t)
	for _, mode := range []string{"auto", "kprobe"} {
		out, errOut, code := goEdit(t, "", nil, "probe", "trace", "--attach", mode, "-F", "do_sys_openat2", "--", "cat", "/go-edit-no-such-file")
		re := regexp.MustCompile(`comm="cat" do_sys_openat2\(dfd=-100, filename=0x[0-9a-f]+, how=0x[0-9a-f]+\)\n`)
		if code != 1 || !re.MatchString(out) || !strings.Contains(out, `comm="cat" do_sys_openat2 return ret=-2 (ENOENT)`) {
			t.Fatalf("--attach %s: exit %d\n%s%s", mode, code, out, errOut)
		}
	}
}
