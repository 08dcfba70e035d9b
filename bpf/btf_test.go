package bpf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"
	"github.com/go-edit/go-edit/internal/testutil"
	"golang.org/x/tools/txtar"
)

const testBlob = "../testdata/bpf/acme.btf"

// acmeTypes are the types of the small kernel the BTF tests check
// against, written for these tests: a net_device without ndo_eth_ioctl
// in its ops (as kernels before 5.15 had), an sk_buff whose dev sits in
// anonymous unions as in the real one, and acme_change_mtu with a third
// parameter the patches under testdata/bpf do not pass.
func acmeTypes() []btf.Type {
	i32 := &btf.Int{Name: "int", Size: 4, Encoding: btf.Signed}
	u32 := &btf.Int{Name: "unsigned int", Size: 4}
	u16 := &btf.Int{Name: "unsigned short", Size: 2}
	u64 := &btf.Int{Name: "long unsigned int", Size: 8}
	i64 := &btf.Int{Name: "long int", Size: 8, Encoding: btf.Signed}
	char := &btf.Int{Name: "char", Size: 1, Encoding: btf.Char}
	boolean := &btf.Int{Name: "_Bool", Size: 1, Encoding: btf.Bool}
	void := &btf.Void{}
	sizeT := &btf.Typedef{Name: "size_t", Type: u64}
	ssizeT := &btf.Typedef{Name: "ssize_t", Type: i64}
	loffT := &btf.Typedef{Name: "loff_t", Type: &btf.Int{Name: "long long int", Size: 8, Encoding: btf.Signed}}
	fnptr := &btf.Pointer{Target: &btf.FuncProto{Return: i32}}

	ops := &btf.Struct{Name: "net_device_ops", Size: 48, Members: []btf.Member{
		{Name: "ndo_open", Type: fnptr, Offset: 0},
		{Name: "ndo_stop", Type: fnptr, Offset: 64},
		{Name: "ndo_start_xmit", Type: fnptr, Offset: 128},
		{Name: "ndo_set_mac_address", Type: fnptr, Offset: 192},
		{Name: "ndo_validate_addr", Type: fnptr, Offset: 256},
		{Name: "ndo_change_mtu", Type: fnptr, Offset: 320},
	}}
	netdev := &btf.Struct{Name: "net_device", Size: 40, Members: []btf.Member{
		{Name: "name", Type: &btf.Array{Index: u32, Type: char, Nelems: 16}, Offset: 0},
		{Name: "netdev_ops", Type: &btf.Pointer{Target: &btf.Const{Type: ops}}, Offset: 128},
		{Name: "mtu", Type: u32, Offset: 192},
		{Name: "max_mtu", Type: u32, Offset: 224},
		{Name: "hard_header_len", Type: u16, Offset: 256},
	}}
	skb := &btf.Struct{Name: "sk_buff", Size: 32}
	devUnion := &btf.Union{Size: 8, Members: []btf.Member{
		{Name: "dev", Type: &btf.Pointer{Target: netdev}},
		{Name: "dev_scratch", Type: u64},
	}}
	list := &btf.Struct{Size: 24, Members: []btf.Member{
		{Name: "next", Type: &btf.Pointer{Target: skb}, Offset: 0},
		{Name: "prev", Type: &btf.Pointer{Target: skb}, Offset: 64},
		{Type: devUnion, Offset: 128},
	}}
	skb.Members = []btf.Member{
		{Type: &btf.Union{Size: 24, Members: []btf.Member{{Type: list}}}, Offset: 0},
		{Name: "len", Type: u32, Offset: 192},
	}
	file := &btf.Struct{Name: "file", Size: 16, Members: []btf.Member{
		{Name: "f_pos", Type: loffT, Offset: 0},
		{Name: "private_data", Type: &btf.Pointer{Target: void}, Offset: 64},
	}}
	fd := &btf.Struct{Name: "fd", Size: 16, Members: []btf.Member{
		{Name: "file", Type: &btf.Pointer{Target: file}, Offset: 0},
		{Name: "flags", Type: u32, Offset: 64},
	}}
	fops := &btf.Struct{Name: "file_operations", Size: 32, Members: []btf.Member{
		{Name: "owner", Type: &btf.Pointer{Target: void}, Offset: 0},
		{Name: "llseek", Type: fnptr, Offset: 64},
		{Name: "open", Type: fnptr, Offset: 128},
		{Name: "release", Type: fnptr, Offset: 192},
	}}
	inode := &btf.Fwd{Name: "inode", Kind: btf.FwdStruct}
	regs := &btf.Fwd{Name: "pt_regs", Kind: btf.FwdStruct}
	fn := func(name string, ret btf.Type, params ...btf.FuncParam) *btf.Func {
		return &btf.Func{Name: name, Linkage: btf.GlobalFunc, Type: &btf.FuncProto{Return: ret, Params: params}}
	}
	p := func(name string, t btf.Type) btf.FuncParam { return btf.FuncParam{Name: name, Type: t} }
	ptr := func(t btf.Type) btf.Type { return &btf.Pointer{Target: t} }
	return []btf.Type{
		fn("acme_change_mtu", i32, p("ndev", ptr(netdev)), p("new_mtu", i32), p("force", boolean)),
		fn("netdev_update_features", void, p("dev", ptr(netdev))),
		fn("acme_xmit", i32, p("skb", ptr(skb))),
		fn("dev_queue_xmit", i32, p("skb", ptr(skb))),
		fn("acme_open", i32, p("inode", ptr(inode)), p("file", ptr(file))),
		fn("kfree", void, p("objp", ptr(&btf.Const{Type: void}))),
		fn("_printk", i32, p("fmt", ptr(&btf.Const{Type: char})), p("", void)),
		fn("vfs_read", ssizeT, p("file", ptr(file)), p("buf", ptr(char)), p("count", sizeT), p("pos", ptr(loffT))),
		fn("fdput_pos", void, p("f", fd)),
		fn("__x64_sys_acme", i64, p("regs", ptr(&btf.Const{Type: regs}))),
		fops,
	}
}

// marshalAcme encodes acmeTypes as a raw little-endian BTF blob, the
// format of /sys/kernel/btf/vmlinux.
func marshalAcme(t *testing.T) []byte {
	b, err := btf.NewBuilder(acmeTypes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.Marshal(nil, &btf.MarshalOptions{Order: binary.LittleEndian})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestAcmeBlob keeps testdata/bpf/acme.btf what acmeTypes encodes to
// (go test -update regenerates it).
func TestAcmeBlob(t *testing.T) {
	raw := marshalAcme(t)
	if *update {
		if err := os.WriteFile(testBlob, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(testBlob)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, raw) {
		t.Fatalf("%s is stale: run go test ./bpf -run TestAcmeBlob -update", testBlob)
	}
}

// TestCheckGolden checks each testdata/bpf/check/*.txtar: a patch, and
// optionally a kallsyms and an ftrace (available_filter_functions)
// section, against acme.btf; want holds the report.
func TestCheckGolden(t *testing.T) {
	spec, err := LoadBTF(testBlob)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../testdata/bpf/check/*.txtar")
	if len(files) == 0 {
		t.Fatal("no goldens")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string]int{}
			for i, f := range ar.Files {
				sec[f.Name] = i
			}
			target := &Target{Name: "target kernel acme", Spec: spec}
			if i, ok := sec["kallsyms"]; ok {
				if target.Symbols, err = ParseKallsyms(bytes.NewReader(ar.Files[i].Data)); err != nil {
					t.Fatal(err)
				}
			}
			if i, ok := sec["ftrace"]; ok {
				if target.Ftrace, err = ParseFtraceFunctions(bytes.NewReader(ar.Files[i].Data)); err != nil {
					t.Fatal(err)
				}
			}
			pl, err := ParsePlan(unquoteDiff(ar.Files[sec["patch"]].Data))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fs := Check(pl, target)
			for _, f := range fs {
				b.WriteString(f.String() + "\n")
			}
			got := b.String()
			wi, ok := sec["want"]
			if *update {
				if !ok {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wi = len(ar.Files) - 1
				}
				ar.Files[wi].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(ar.Files[wi].Data); got != want {
				t.Errorf("report mismatch (-want +got):\n%s", testutil.LineDiff([]byte(want), []byte(got)))
			}
		})
	}
}
