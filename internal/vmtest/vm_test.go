package vmtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-edit/go-edit/internal/testutil"
)

// missing skips, or fails when GOEDIT_VM_REQUIRED=1 (CI), where a
// harness that cannot run must not pass silently.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("GOEDIT_VM_REQUIRED") == "1" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// vmKernel is $GOEDIT_VM_KERNEL, which scripts/test-vm.sh (make
// test-vm) sets after fetching the kernel. Without it the test skips
// even in CI: a boot takes a minute or more under TCG, so it runs from
// its own make target, not as part of go test ./....
func vmKernel(t *testing.T) string {
	k := os.Getenv("GOEDIT_VM_KERNEL")
	if k == "" {
		t.Skip("GOEDIT_VM_KERNEL not set: run make test-vm")
	}
	if _, err := os.Stat(k); err != nil {
		missing(t, "VM kernel: %v", err)
	}
	return k
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// TestProbesInVM boots a kernel with kprobes under qemu and runs the
// bpf package's probe tests and the probe command tests there, as root,
// one boot for all; each guest test becomes a subtest here.
func TestProbesInVM(t *testing.T) {
	root := testutil.RepoRoot(t)
	kernel := vmKernel(t)
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		missing(t, "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)")
	}
	busybox := os.Getenv("GOEDIT_VM_BUSYBOX")
	if busybox == "" {
		busybox = "/bin/busybox"
	}
	if out, err := exec.Command("file", "-L", busybox).Output(); err == nil && !bytes.Contains(out, []byte("statically linked")) {
		missing(t, "%s is not statically linked (apt-get install busybox-static)", busybox)
	} else if _, err := os.Stat(busybox); err != nil {
		missing(t, "no busybox: %v", err)
	}
	dir := t.TempDir()
	for _, pkg := range []string{"bpf", "commands"} {
		cmd := exec.Command("go", "test", "-c", "-o", filepath.Join(dir, pkg+".test"), "./"+pkg)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s tests: %v\n%s", pkg, err, out)
		}
	}
	// GOEDIT_VM_BPF_RUN and GOEDIT_VM_CMD_RUN narrow the guest's
	// -test.run patterns while iterating (a TCG boot is slow).
	bpfRun := envOr("GOEDIT_VM_BPF_RUN", "Kprobe|Func|Fentry|Attach|Tracepoint|TraceEvents|EveryEvent|CheckRunningKernel")
	cmdRun := envOr("GOEDIT_VM_CMD_RUN", "TestProbe")
	script := `export GOEDIT_VM_REQUIRED=1
cd /src/bpf && /bpf.test -test.v -test.run '` + bpfRun + `' ` + os.Getenv("GOEDIT_VM_BPF_ARGS") + `
a=$?
cd /src/commands && /commands.test -test.v -test.run '` + cmdRun + `'
b=$?
exit $((a | b))
`
	files := map[string]string{
		"/bpf.test":                  filepath.Join(dir, "bpf.test"),
		"/commands.test":             filepath.Join(dir, "commands.test"),
		"/src/testdata/bpf/acme.btf": filepath.Join(root, "testdata/bpf/acme.btf"),
		"/src/testdata/bpf/check/initialiser-missing-member.txtar": filepath.Join(root, "testdata/bpf/check/initialiser-missing-member.txtar"),
		"/src/testdata/bpf/check/param-type.txtar":                 filepath.Join(root, "testdata/bpf/check/param-type.txtar"),
		"/src/bpf/.keep":      "/dev/null",
		"/src/commands/.keep": "/dev/null",
		"/src/go.mod":         filepath.Join(root, "go.mod"),
	}
	// The kernel's config beside it (boot/config-RELEASE in the
	// package) lets the guest hold its feature probes to it.
	if rel, ok := strings.CutPrefix(filepath.Base(kernel), "vmlinuz-"); ok {
		cfg := filepath.Join(filepath.Dir(kernel), "config-"+rel)
		if _, err := os.Stat(cfg); err == nil {
			files["/boot/config-"+rel] = cfg
		}
	}
	res, err := Run(context.Background(), Config{
		Kernel:  kernel,
		Busybox: busybox,
		Files:   files,
		Script:  script,
		Dir:     dir,
		Timeout: 10 * time.Minute,
	})
	if err != nil {
		if res != nil {
			t.Logf("console:\n%s", res.Console)
		}
		t.Fatal(err)
	}
	t.Logf("guest ran in %v, exit %d", res.Elapsed.Round(time.Millisecond), res.ExitCode)
	if os.Getenv("GOEDIT_VM_BPF_ARGS") != "" {
		t.Logf("guest output:\n%s", res.Output) // benchmark lines
	}
	cases := ParseGoTest(res.Output)
	if len(cases) == 0 {
		t.Fatalf("no test results from the guest:\n%s\nconsole:\n%s", res.Output, tail(res.Console))
	}
	for _, c := range cases {
		// A subtest ("TestX/mode") becomes a subtest of its own: its
		// log lines are under its name, not its parent's.
		t.Run(c.Name, func(t *testing.T) {
			t.Log("\n" + c.Output)
			switch c.Status {
			case "FAIL":
				t.Fail()
			case "SKIP":
				t.Skip("skipped in the guest")
			}
		})
	}
	if res.ExitCode != 0 && !t.Failed() {
		t.Fatalf("guest tests exited %d:\n%s", res.ExitCode, res.Output)
	}
}
