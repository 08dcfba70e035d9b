package bpf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cilium/ebpf"
)

// TestCollectionSpecAttach: each attach mode gets the program types and
// attach types the kernel wants, and kprobe.multi functions share one
// entry program and one return program per return type.
func TestCollectionSpecAttach(t *testing.T) {
	spec := &ProbeSpec{Funcs: []FuncProbe{
		{Name: "vfs_read", Attach: AttachFentry, RetSize: 8, RetSigned: true, Typed: true},
		{Name: "vfs_write", Attach: AttachKprobe, RetSize: 8, RetSigned: true},
		{Name: "a", Attach: AttachKprobeMulti, RetSize: 4, RetSigned: true},
		{Name: "b", Attach: AttachKprobeMulti, RetSize: 8, RetSigned: true},
		{Name: "c", Attach: AttachKprobeMulti, RetSize: 4, RetSigned: true},
	}, Tracepoints: []Tracepoint{{"sched", "sched_switch"}}, Stacks: true, Events: true}
	cs := spec.CollectionSpec()
	var got []string
	for _, name := range []string{"entry_0", "return_0", "entry_1", "return_1", "multi_entry", "multi_return_4_s", "multi_return_8_s", "tp_0", progFork} {
		p := cs.Programs[name]
		if p == nil {
			t.Fatalf("no program %s in %v", name, keys(cs.Programs))
		}
		got = append(got, fmt.Sprintf("%s %v %v %s", name, p.Type, p.AttachType, p.AttachTo))
	}
	if len(cs.Programs) != 9 {
		t.Errorf("%d programs, want 9: %v", len(cs.Programs), keys(cs.Programs))
	}
	want := []string{
		"entry_0 Tracing TraceFEntry vfs_read",
		"return_0 Tracing TraceFExit vfs_read",
		"entry_1 Kprobe None ",
		"return_1 Kprobe None ",
		"multi_entry Kprobe TraceKprobeMulti ",
		"multi_return_4_s Kprobe TraceKprobeMulti ",
		"multi_return_8_s Kprobe TraceKprobeMulti ",
		"tp_0 TracePoint None ",
		"follow_fork TracePoint None ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("programs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	gs := spec.multiGroups()
	if len(gs) != 2 || fmt.Sprint(gs[0].funcs) != "[2 4]" || fmt.Sprint(gs[1].funcs) != "[3]" {
		t.Fatalf("groups %+v", gs)
	}
	// Only shared programs read the cookie; only fentry programs read
	// arguments through bpf_get_func_arg.
	for name, p := range cs.Programs {
		s := p.Instructions.String()
		if cookie := strings.Contains(s, "GetAttachCookie"); cookie != strings.HasPrefix(name, "multi_") {
			t.Errorf("%s: reads the cookie: %v", name, cookie)
		}
		if arg := strings.Contains(s, "GetFuncArg"); arg != (name == "entry_0") {
			t.Errorf("%s: reads bpf_get_func_arg: %v", name, arg)
		}
		if ret := strings.Contains(s, "GetFuncRet"); ret != (name == "return_0") {
			t.Errorf("%s: reads bpf_get_func_ret: %v", name, ret)
		}
	}
}

func keys(m map[string]*ebpf.ProgramSpec) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestFuncArgs: arguments are named from BTF; ints are cut to their
// width and sign-extended when signed, pointers shown in hex.
func TestFuncArgs(t *testing.T) {
	f := FuncProbe{Name: "vfs_read", Typed: true, Params: []Param{
		{Name: "file", Size: 8, Pointer: true, Scalar: true},
		{Name: "dfd", Size: 4, Signed: true, Scalar: true},
		{Name: "count", Size: 8, Scalar: true},
		{Name: "flags", Size: 4, Scalar: true},
		{Name: "", Size: 2, Signed: true, Scalar: true},
		{Name: "big", Size: 16},
		{Name: "seventh", Size: 8, Scalar: true},
	}}
	raw := []uint64{0xffff888003a1b200, 0xdeadbeefffffff9c, ^uint64(0), 0x1ffffffff, 0xfffe, 0x10}
	ev := Event{Time: 1_500_000_000, CPU: 1, Pid: 7, Comm: "cat", Probe: f.Name, Call: true, Args: f.args(raw)}
	want := `1.500000000 cpu=1 pid=7 comm="cat" vfs_read(file=0xffff888003a1b200, dfd=-100, count=18446744073709551615, flags=4294967295, arg5=-2, big=0x10)`
	if got := ev.String(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	untyped := FuncProbe{Name: "x"}.args([]uint64{1, 2})
	if fmt.Sprint(untyped) != "[{arg1 0x1} {arg2 0x2}]" {
		t.Fatalf("untyped: %v", untyped)
	}
}

// TestFentryable: what keeps a function from fentry is said.
func TestFentryable(t *testing.T) {
	for _, c := range []struct {
		f    FuncProbe
		want string
	}{
		{FuncProbe{Typed: true, Params: []Param{{Name: "a", Scalar: true}}}, ""},
		{FuncProbe{}, "no BTF prototype"},
		{FuncProbe{Typed: true, Params: make([]Param, 7)}, "7 arguments"},
		{FuncProbe{Typed: true, Params: []Param{{Name: "s", Size: 16}}}, "argument s does not fit"},
	} {
		err := c.f.fentryable()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", c.f, err, c.want)
		}
	}
	if _, err := ParseAttachMode("fexit"); err == nil {
		t.Error("fexit accepted as a mode")
	}
	if m, err := ParseAttachMode("fentry"); err != nil || m != AttachFentry {
		t.Error(m, err)
	}
}
