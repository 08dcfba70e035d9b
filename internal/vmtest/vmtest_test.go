package vmtest

import (
	"bytes"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestParseGoTest(t *testing.T) {
	out := []byte(`=== RUN   TestA
    a_test.go:1: hello
--- PASS: TestA (0.01s)
=== RUN   TestB
=== RUN   TestB/sub
    b_test.go:2: boom
    --- FAIL: TestB/sub (0.00s)
--- FAIL: TestB (0.00s)
=== RUN   TestC
    c_test.go:3: no kprobes
--- SKIP: TestC (0.00s)
FAIL
`)
	got := ParseGoTest(out)
	var b strings.Builder
	for _, c := range got {
		b.WriteString(c.Status + " " + c.Name + ": " + strings.TrimSpace(c.Output) + "\n")
	}
	want := "PASS TestA: a_test.go:1: hello\nFAIL TestB/sub: b_test.go:2: boom\nFAIL TestB: \nSKIP TestC: c_test.go:3: no kprobes\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestInitramfs reads the archive back: newc headers, parents before
// children, four-byte alignment, the trailer; and cpio -t agrees where
// cpio is installed.
func TestInitramfs(t *testing.T) {
	rd := NewInitramfs()
	rd.File("/bin/busybox", []byte("ELF"), 0o755)
	rd.File("/init", []byte("#!/bin/sh\n"), 0o755)
	rd.Symlink("/bin/sh", "busybox")
	var buf bytes.Buffer
	if _, err := rd.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	var names []string
	for off := 0; off < len(data); {
		if off%4 != 0 || string(data[off:off+6]) != "070701" {
			t.Fatalf("bad header at %d", off)
		}
		field := func(i int) int {
			v, err := strconv.ParseUint(string(data[off+6+8*i:off+14+8*i]), 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			return int(v)
		}
		size, namesize := field(6), field(11)
		name := string(data[off+110 : off+110+namesize-1])
		names = append(names, name)
		off += (110 + namesize + 3) &^ 3
		off += (size + 3) &^ 3
		if name == "TRAILER!!!" {
			if off != len(data) {
				t.Fatalf("%d bytes after the trailer", len(data)-off)
			}
			break
		}
	}
	if got := strings.Join(names, " "); got != "bin bin/busybox bin/sh init TRAILER!!!" {
		t.Fatalf("entries %q", got)
	}
	if cpio, err := exec.LookPath("cpio"); err == nil {
		cmd := exec.Command(cpio, "-t", "--quiet")
		cmd.Stdin = bytes.NewReader(data)
		out, err := cmd.Output()
		if err != nil || strings.Fields(string(out))[2] != "bin/sh" {
			t.Fatalf("cpio -t: %v %q", err, out)
		}
	}
}
