package vmtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A Config describes one boot.
type Config struct {
	Kernel  string            // bzImage / vmlinuz
	Busybox string            // a static busybox
	Files   map[string]string // guest path -> host file, copied in with mode 0755
	// Script is the shell script /init runs once proc, sys, dev,
	// tracefs and bpffs are mounted; its output goes to the second
	// serial port.
	Script string
	Dir    string // where the initramfs and serial logs are written
	Memory string // default 1G
	// KVM uses hardware virtualisation; TCG (emulation) otherwise.
	KVM     bool
	Timeout time.Duration
}

// A Result is what a boot produced.
type Result struct {
	Output   []byte // the script's output (ttyS1), between the markers
	Console  []byte // the kernel console (ttyS0)
	ExitCode int    // the script's exit status; -1 if it never finished
	Elapsed  time.Duration
}

const (
	beginMarker = "GOEDIT-VM-BEGIN"
	exitMarker  = "GOEDIT-VM-EXIT "
)

// initScript mounts what probes need and runs the user script with its
// output on ttyS1, then powers off. The markers let the host tell a
// finished script from a guest that died half way.
const initScript = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tracefs tracefs /sys/kernel/tracing
mount -t bpf bpf /sys/fs/bpf
mount -t tmpfs tmpfs /tmp
echo 0 > /proc/sys/kernel/kptr_restrict
exec 3>/dev/ttyS1
echo ` + beginMarker + ` >&3
cd /tmp
sh /run.sh >&3 2>&3
echo "` + exitMarker + `$?" >&3
sync
poweroff -f
`

// Run boots cfg.Kernel with an initramfs holding busybox, the files and
// the script, and returns the script's output once the guest powers off.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Memory == "" {
		cfg.Memory = "1G"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Minute
	}
	rd := NewInitramfs()
	bb, err := os.ReadFile(cfg.Busybox)
	if err != nil {
		return nil, err
	}
	rd.File("/bin/busybox", bb, 0o755)
	rd.File("/init", []byte(initScript), 0o755)
	rd.File("/run.sh", []byte(cfg.Script), 0o755)
	for guest, host := range cfg.Files {
		data, err := os.ReadFile(host)
		if err != nil {
			return nil, err
		}
		rd.File(guest, data, 0o755)
	}
	initrd := filepath.Join(cfg.Dir, "initramfs.cpio")
	f, err := os.Create(initrd)
	if err != nil {
		return nil, err
	}
	if _, err := rd.WriteTo(f); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	console, output := filepath.Join(cfg.Dir, "console.log"), filepath.Join(cfg.Dir, "output.log")
	accel := "tcg"
	if cfg.KVM {
		accel = "kvm"
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	args := []string{
		// The pc machine, not microvm: under TCG on a loaded host
		// Linux 6.1 cannot calibrate its TSC on microvm (no HPET or
		// PM timer, and the PIT calibration times out) and stalls,
		// where pc boots in seconds.
		"-M", "pc", "-accel", accel, "-cpu", "max", "-smp", "1", "-m", cfg.Memory,
		"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
		"-kernel", cfg.Kernel, "-initrd", initrd,
		"-append", "console=ttyS0 earlyprintk=ttyS0 panic=-1 oops=panic rdinit=/init loglevel=4",
		"-serial", "file:" + console, "-serial", "file:" + output,
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, "qemu-system-x86_64", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	res := &Result{ExitCode: -1, Elapsed: time.Since(start)}
	res.Console, _ = os.ReadFile(console)
	out, _ := os.ReadFile(output)
	if ctx.Err() != nil {
		return res, fmt.Errorf("guest did not power off within %v; console:\n%s", cfg.Timeout, tail(res.Console))
	}
	if runErr != nil {
		return res, fmt.Errorf("qemu: %v: %s", runErr, stderr.Bytes())
	}
	out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
	if i := bytes.Index(out, []byte(beginMarker+"\n")); i >= 0 {
		out = out[i+len(beginMarker)+1:]
	} else {
		return res, fmt.Errorf("guest never reached its script; console:\n%s", tail(res.Console))
	}
	if i := bytes.LastIndex(out, []byte(exitMarker)); i >= 0 {
		code, err := strconv.Atoi(strings.TrimSpace(string(out[i+len(exitMarker):])))
		if err == nil {
			res.ExitCode = code
		}
		out = out[:i]
	}
	res.Output = out
	return res, nil
}

func tail(b []byte) []byte {
	if len(b) > 4000 {
		return b[len(b)-4000:]
	}
	return b
}

// A Case is one test's outcome in go test -v output.
type Case struct {
	Name   string // "TestKprobeCounts" or "TestX/sub"
	Status string // PASS, FAIL or SKIP
	Output string // the lines logged under it
}

var resultLine = regexp.MustCompile(`^\s*--- (PASS|FAIL|SKIP): (\S+) \(`)

// ParseGoTest reads go test -v output into cases, in the order their
// results were printed. Log lines are attributed to the test whose
// "=== RUN" (or "=== CONT") came last.
func ParseGoTest(out []byte) []Case {
	var cases []Case
	logs := map[string]*strings.Builder{}
	cur := ""
	for _, line := range strings.Split(string(out), "\n") {
		if name, ok := strings.CutPrefix(line, "=== RUN   "); ok {
			cur = strings.TrimSpace(name)
			continue
		}
		if name, ok := strings.CutPrefix(line, "=== CONT  "); ok {
			cur = strings.TrimSpace(name)
			continue
		}
		if m := resultLine.FindStringSubmatch(line); m != nil {
			c := Case{Name: m[2], Status: m[1]}
			if b := logs[m[2]]; b != nil {
				c.Output = b.String()
			}
			cases = append(cases, c)
			continue
		}
		if cur != "" {
			if logs[cur] == nil {
				logs[cur] = &strings.Builder{}
			}
			logs[cur].WriteString(line + "\n")
		}
	}
	return cases
}
