//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/sys/unix"
)

// runWithout is the child side of TestFailClosed: it hides one mechanism
// from itself with a seccomp filter that fails its system call with ENOSYS,
// as a kernel without it would, then asks for the sandbox.
func runWithout(call string) error {
	err := seccomp.LoadFilter(seccomp.Filter{
		NoNewPrivs: true,
		Flag:       seccomp.FilterFlagTSync,
		Policy: seccomp.Policy{DefaultAction: seccomp.ActionAllow, Syscalls: []seccomp.SyscallGroup{{
			Names: []string{call}, Action: seccomp.ActionErrno | seccomp.Action(unix.ENOSYS),
		}}},
	})
	if err != nil {
		return err
	}
	err = Install(VersionProfile(), On)
	var ue *UnsupportedError
	fmt.Printf("unsupported=%v\n", errors.As(err, &ue))
	fmt.Printf("error=%v\n", err)
	// Nothing may be half-installed: the caller refuses to run, and a
	// sandbox that only partly applies would hide that.
	_, rerr := os.ReadFile("/proc/self/status")
	fmt.Printf("still-unconfined=%v\n", rerr == nil)
	return nil
}

func TestFailClosed(t *testing.T) {
	requireSupport(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for call, feature := range map[string]string{"landlock_create_ruleset": "Landlock", "seccomp": "seccomp"} {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), "GOEDIT_SANDBOX_CHILD=without", "GOEDIT_SANDBOX_CHILD_CALL="+call)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("without %s: child: %v\n%s", call, err, out)
		}
		got := string(out)
		for _, want := range []string{
			"unsupported=true",
			"this kernel lacks " + feature,
			"go-edit will not run unconfined: pass --sandbox=off or set GOEDIT_SANDBOX=off",
			"still-unconfined=true",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("without %s: child output lacks %q:\n%s", call, want, got)
			}
		}
	}
}
