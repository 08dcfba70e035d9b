//go:build !slim

package commands

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
