//go:build linux

package bpf

import (
	"os"
	"testing"
)

// TestCheckRunningKernel checks a plan against the BTF and kallsyms of
// the kernel running the test: long-stable facts (vfs_read's prototype,
// net_device.mtu, sk_buff.len behind no anonymous union, a member no
// kernel has) must come out right.
func TestCheckRunningKernel(t *testing.T) {
	const path = "/sys/kernel/btf/vmlinux"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no kernel BTF: %v", err)
	}
	spec, err := LoadBTF(path)
	if err != nil {
		t.Fatal(err)
	}
	target := &Target{Name: "running kernel", Spec: spec}
	if f, err := os.Open("/proc/kallsyms"); err == nil {
		target.Symbols, err = ParseKallsyms(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !target.Symbols.Has("vfs_read") {
			target.Symbols = nil // addresses hidden from this user: kptr_restrict
		}
	}
	pos := Pos{"fs/read_write.c", 1, 1}
	pl := &Plan{
		Funcs: []Func{{Name: "vfs_read", Pos: pos, Params: []string{"struct file *file", "char __user *buf", "size_t count", "loff_t *pos"}}},
		Calls: []Call{{Name: "kfree", Pos: pos, Args: 1}, {Name: "kfree", Pos: pos, Args: 2}},
		Fields: []FieldRef{
			{Struct: "net_device", Path: []string{"mtu"}, Pos: pos},
			{Struct: "sk_buff", Path: []string{"dev", "mtu"}, Pos: pos},
			{Struct: "net_device", Path: []string{"go_edit_no_such_member"}, Pos: pos},
		},
	}
	fs := Check(pl, target)
	var codes []Code
	for _, f := range fs {
		t.Log(f)
		codes = append(codes, f.Code)
	}
	want := []Code{CodeTraceable, CodePrototype, CodeNoMember}
	if len(codes) != len(want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("codes %v, want %v", codes, want)
		}
	}
}
