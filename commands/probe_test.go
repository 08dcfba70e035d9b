//go:build !slim

package commands

import (
	"encoding/json"
	"os"
	"path/filepath"
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
		{"probe", "run", "--", "true"},                // nothing to probe
		{"probe", "run", "-t", "sched", "--", "true"}, // not CATEGORY:NAME
		{"probe", "run", "-F", "vfs_read"},            // no workload
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
