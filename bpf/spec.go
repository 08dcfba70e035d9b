package bpf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// A Tracepoint names a kernel tracepoint: "sched:sched_process_exec".
type Tracepoint struct {
	Category, Name string
}

func (t Tracepoint) String() string { return t.Category + ":" + t.Name }

// ParseTracepoint reads "CATEGORY:NAME".
func ParseTracepoint(s string) (Tracepoint, error) {
	cat, name, ok := strings.Cut(s, ":")
	if !ok || cat == "" || name == "" || strings.ContainsAny(s, "/ ") || strings.Contains(name, ":") {
		return Tracepoint{}, fmt.Errorf("tracepoint %q: want CATEGORY:NAME, as under /sys/kernel/tracing/events", s)
	}
	return Tracepoint{cat, name}, nil
}

// A ProbeSpec says what to attach: it is plain data, turned into BPF
// programs and maps by CollectionSpec without touching the kernel.
type ProbeSpec struct {
	// Funcs get an entry program (hit count, stacks, arguments) and a
	// return program (return values), attached as each one's Attach
	// says.
	Funcs []FuncProbe
	// Tracepoints get a hit count (and events).
	Tracepoints []Tracepoint
	// Stacks counts kernel stacks per function.
	Stacks bool
	// Events streams one ring buffer record per hit (probe trace).
	Events bool
	// AllProcesses counts every process, not just the workload's tree.
	AllProcesses bool
	// ForkChildPidOffset is where sched_process_fork's record holds
	// child_pid (from its tracefs format); the program that follows the
	// workload's children reads it there. Unused with AllProcesses.
	ForkChildPidOffset int
	// Fallback attaches a kprobe to a function whose fentry or
	// kprobe.multi attachment fails, instead of failing; the function's
	// Attach then says kprobe.
	Fallback bool
}

// An AttachMode says how a function probe reaches the function.
type AttachMode string

// Attach modes. Auto is a request, resolved per function to one of the
// others before programs are built.
const (
	// AttachAuto picks fentry/fexit where the kernel and the function
	// allow it, kprobes otherwise.
	AttachAuto AttachMode = "auto"
	// AttachFentry uses fentry and fexit programs (BPF trampolines,
	// Linux 5.5; bpf_get_func_ret 5.17): cheaper per hit than kprobes,
	// typed arguments, but the function must be in BTF and ftrace's
	// available_filter_functions.
	AttachFentry AttachMode = "fentry"
	// AttachKprobe uses a kprobe and a kretprobe per function.
	AttachKprobe AttachMode = "kprobe"
	// AttachKprobeMulti attaches one kprobe program to all such
	// functions with one kprobe.multi link (CONFIG_FPROBE, Linux
	// 5.18), the probe index passed as the attach cookie.
	AttachKprobeMulti AttachMode = "kprobe.multi"
)

// ParseAttachMode reads the --attach flag's value.
func ParseAttachMode(s string) (AttachMode, error) {
	switch m := AttachMode(s); m {
	case AttachAuto, AttachFentry, AttachKprobe:
		return m, nil
	}
	return "", fmt.Errorf("attach mode %q: want auto, fentry or kprobe", s)
}

// A FuncProbe is one function to probe and how to read its return value.
type FuncProbe struct {
	Name string
	// Attach is AttachKprobe (also when empty), AttachFentry or
	// AttachKprobeMulti.
	Attach AttachMode
	// RetSize is the size in bytes of the return type (0 for void), and
	// RetSigned its signedness: the return program sign- or
	// zero-extends rax from that width, since a function returning int
	// leaves the upper half of the register undefined.
	RetSize   int
	RetSigned bool
	// Typed says BTF gave the function's prototype: Params and the
	// return type come from it. Without it events show six raw argument
	// registers and the return value is taken as a long.
	Typed  bool
	Params []Param
}

// A Param is a function parameter as BTF declares it.
type Param struct {
	Name string
	// Size in bytes, and whether the value is signed or a pointer
	// (printed in hex). Scalar says the value fits one register: an
	// integer, enum or pointer of at most 8 bytes.
	Size    int
	Signed  bool
	Pointer bool
	Scalar  bool
}

// maxFentryArgs is how many register arguments x86-64's BPF trampoline
// passes before Linux 6.9 (arch/x86/net/bpf_jit_comp.c, v6.1).
const maxFentryArgs = 6

// fentryable says why f cannot be probed with fentry/fexit (nil: it
// can), on what its BTF prototype says.
func (f FuncProbe) fentryable() error {
	if !f.Typed {
		return errors.New("no BTF prototype for it")
	}
	if len(f.Params) > maxFentryArgs {
		return fmt.Errorf("%d arguments, the trampoline passes %d", len(f.Params), maxFentryArgs)
	}
	for _, p := range f.Params {
		if !p.Scalar {
			return fmt.Errorf("argument %s does not fit a register", p.Name)
		}
	}
	return nil
}

// Map and program names inside the collection.
const (
	mapHits        = "hits"   // per-CPU array: hit count per probe index
	mapRets        = "rets"   // per-CPU hash: retKey -> count
	mapStacks      = "stacks" // stack trace map
	mapStackCounts = "stack_counts"
	mapPids        = "pids"   // hash: tgid -> 1, the workload's processes
	mapEvents      = "events" // ring buffer for probe trace
	progFork       = "follow_fork"
	progMultiEntry = "multi_entry"
)

// Layout of the records and keys the programs write, shared with the
// readers in probe_linux.go.
const (
	retKeySize   = 16 // u32 probe, u32 kind, s64 value
	stackKeySize = 8  // u32 probe, s32 stack id
	maxStack     = 127
	eventSize    = 104 // see Event
	eventData    = 40  // offset of the 64 data bytes
	eventDataLen = 64
	// Kinds of return-value bucket.
	retExact   = 0 // value in [-4095, 4095], kept as is (errnos and small counts)
	retLog2    = 1 // value > 4095: bucket [2^v, 2^(v+1))
	retNegHuge = 2 // value < -4095: a kernel pointer when read as signed
	exactLimit = 4095
	// retEventBit marks a return in an event's probe index.
	retEventBit = 1 << 31
)

// x86-64 struct pt_regs offsets (arch/x86/include/asm/ptrace.h).
var (
	regsAX   = int16(80)
	argRegs  = []int16{112, 104, 96, 88, 72, 64} // di si dx cx r8 r9
	progName = func(kind string, i int) string { return fmt.Sprintf("%s_%d", kind, i) }
)

// Index of probe i in the hits map: functions first, then tracepoints.
func (s *ProbeSpec) probes() int { return len(s.Funcs) + len(s.Tracepoints) }

// CollectionSpec builds the BPF programs and maps: for function i the
// entry program "entry_i" and return program "return_i" (kprobes or
// fentry/fexit), or for the kprobe.multi functions "multi_entry" and
// one "multi_return_SIZE_SIGN" per return type; for tracepoint j the
// program "tp_j"; with a workload filter, the fork follower.
func (s *ProbeSpec) CollectionSpec() *ebpf.CollectionSpec {
	cs := &ebpf.CollectionSpec{Maps: s.mapSpecs(), Programs: map[string]*ebpf.ProgramSpec{}}
	for i := range s.Funcs {
		for _, p := range s.funcPrograms(i) {
			cs.Programs[p.Name] = p
		}
	}
	for _, p := range s.multiPrograms() {
		cs.Programs[p.Name] = p
	}
	for j := range s.Tracepoints {
		p := program(progName("tp", j), ebpf.TracePoint, s.entry(constIndex(len(s.Funcs)+j), ctxTracepoint))
		cs.Programs[p.Name] = p
	}
	if !s.AllProcesses {
		cs.Programs[progFork] = program(progFork, ebpf.TracePoint, s.followFork())
	}
	return cs
}

func (s *ProbeSpec) mapSpecs() map[string]*ebpf.MapSpec {
	n := uint32(s.probes())
	if n == 0 {
		n = 1
	}
	ms := map[string]*ebpf.MapSpec{
		mapHits: {Name: mapHits, Type: ebpf.PerCPUArray, KeySize: 4, ValueSize: 8, MaxEntries: n},
		mapRets: {Name: mapRets, Type: ebpf.PerCPUHash, KeySize: retKeySize, ValueSize: 8, MaxEntries: 4096},
		mapPids: {Name: mapPids, Type: ebpf.Hash, KeySize: 4, ValueSize: 1, MaxEntries: 8192},
	}
	if s.Stacks {
		ms[mapStacks] = &ebpf.MapSpec{Name: mapStacks, Type: ebpf.StackTrace, KeySize: 4, ValueSize: 8 * maxStack, MaxEntries: 4096}
		ms[mapStackCounts] = &ebpf.MapSpec{Name: mapStackCounts, Type: ebpf.PerCPUHash, KeySize: stackKeySize, ValueSize: 8, MaxEntries: 8192}
	}
	if s.Events {
		ms[mapEvents] = &ebpf.MapSpec{Name: mapEvents, Type: ebpf.RingBuf, MaxEntries: 1 << 22}
	}
	return ms
}

func program(name string, typ ebpf.ProgramType, insns asm.Instructions) *ebpf.ProgramSpec {
	return &ebpf.ProgramSpec{Name: name, Type: typ, License: "Dual MIT/GPL", Instructions: insns}
}

// funcPrograms builds function i's entry and return programs; none for
// a kprobe.multi function, whose programs are shared (multiPrograms).
func (s *ProbeSpec) funcPrograms(i int) []*ebpf.ProgramSpec {
	f := s.Funcs[i]
	switch f.Attach {
	case AttachKprobeMulti:
		return nil
	case AttachFentry:
		entry := program(progName("entry", i), ebpf.Tracing, s.entry(constIndex(i), ctxFentry))
		entry.AttachType, entry.AttachTo = ebpf.AttachTraceFEntry, f.Name
		ret := program(progName("return", i), ebpf.Tracing, s.ret(constIndex(i), f, ctxFentry))
		ret.AttachType, ret.AttachTo = ebpf.AttachTraceFExit, f.Name
		return []*ebpf.ProgramSpec{entry, ret}
	}
	return []*ebpf.ProgramSpec{
		program(progName("entry", i), ebpf.Kprobe, s.entry(constIndex(i), ctxRegs)),
		program(progName("return", i), ebpf.Kprobe, s.ret(constIndex(i), f, ctxRegs)),
	}
}

// A retGroup is the kprobe.multi functions sharing a return type, so
// one return program can extend their values alike.
type retGroup struct {
	size   int
	signed bool
	funcs  []int // indexes into ProbeSpec.Funcs
}

func (g retGroup) progName() string {
	sign := "u"
	if g.signed {
		sign = "s"
	}
	return fmt.Sprintf("multi_return_%d_%s", g.size, sign)
}

// multiGroups groups the kprobe.multi functions by return type, in the
// order of their first function.
func (s *ProbeSpec) multiGroups() []retGroup {
	var gs []retGroup
	for i, f := range s.Funcs {
		if f.Attach != AttachKprobeMulti {
			continue
		}
		k := -1
		for j, g := range gs {
			if g.size == f.RetSize && g.signed == f.RetSigned {
				k = j
			}
		}
		if k < 0 {
			gs = append(gs, retGroup{size: f.RetSize, signed: f.RetSigned})
			k = len(gs) - 1
		}
		gs[k].funcs = append(gs[k].funcs, i)
	}
	return gs
}

// multiPrograms builds the shared kprobe.multi programs: one entry
// program, one return program per return type.
func (s *ProbeSpec) multiPrograms() []*ebpf.ProgramSpec {
	gs := s.multiGroups()
	if len(gs) == 0 {
		return nil
	}
	entry := program(progMultiEntry, ebpf.Kprobe, s.entry(cookieIndex, ctxRegs))
	entry.AttachType = ebpf.AttachTraceKprobeMulti
	ps := []*ebpf.ProgramSpec{entry}
	for _, g := range gs {
		p := program(g.progName(), ebpf.Kprobe, s.ret(cookieIndex, FuncProbe{RetSize: g.size, RetSigned: g.signed}, ctxRegs))
		p.AttachType = ebpf.AttachTraceKprobeMulti
		ps = append(ps, p)
	}
	return ps
}

// A probeIndex is how a program knows which probe it counts for: a
// constant, or, for a program shared by many functions
// (kprobe.multi), the attach cookie, saved on the stack at cookieSlot
// by the program's prologue.
type probeIndex struct {
	n      int
	cookie bool
}

func constIndex(n int) probeIndex { return probeIndex{n: n} }

var cookieIndex = probeIndex{cookie: true}

const cookieSlot = -48

// store writes the index, ORed with bits, as a word at dst+off; it may
// use R1.
func (x probeIndex) store(dst asm.Register, off int16, bits uint32) asm.Instructions {
	if !x.cookie {
		return asm.Instructions{asm.StoreImm(dst, off, int64(int32(uint32(x.n)|bits)), asm.Word)}
	}
	insns := asm.Instructions{asm.LoadMem(asm.R1, asm.RFP, cookieSlot, asm.Word)}
	if bits != 0 {
		insns = append(insns, asm.Or.Imm32(asm.R1, int32(bits)))
	}
	return append(insns, asm.StoreMem(dst, off, asm.R1, asm.Word))
}

// A ctxKind is what a program's context (R1) points to.
type ctxKind int

const (
	ctxRegs       ctxKind = iota // struct pt_regs: kprobes
	ctxFentry                    // the trampoline's u64 argument array
	ctxTracepoint                // the tracepoint's record
)

// filter begins every program: with the workload filter on, return at
// once unless the current process is one of the workload's. R6 keeps
// the context. A program shared through kprobe.multi first saves its
// attach cookie, the probe index.
func (s *ProbeSpec) filter(idx probeIndex) asm.Instructions {
	insns := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
	if idx.cookie {
		insns = append(insns,
			asm.FnGetAttachCookie.Call(),
			asm.StoreMem(asm.RFP, cookieSlot, asm.R0, asm.DWord),
		)
	}
	if s.AllProcesses {
		return insns
	}
	return append(insns,
		asm.FnGetCurrentPidTgid.Call(),
		asm.RSh.Imm(asm.R0, 32),
		asm.StoreMem(asm.RFP, -4, asm.R0, asm.Word),
		asm.LoadMapPtr(asm.R1, 0).WithReference(mapPids),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -4),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "exit"),
	)
}

// increment adds one to the u64 that R0 points to, or, when R0 is NULL,
// creates the entry of map m under the key at RFP+keyOff with value 1.
func increment(m string, keyOff int16, label string) asm.Instructions {
	return asm.Instructions{
		asm.JEq.Imm(asm.R0, 0, label+"_new"),
		asm.LoadMem(asm.R1, asm.R0, 0, asm.DWord),
		asm.Add.Imm(asm.R1, 1),
		asm.StoreMem(asm.R0, 0, asm.R1, asm.DWord),
		asm.Ja.Label(label + "_done"),
		// BPF_ST of a double word is not accepted everywhere: go
		// through a register.
		asm.Mov.Imm(asm.R1, 1).WithSymbol(label + "_new"),
		asm.StoreMem(asm.RFP, -40, asm.R1, asm.DWord),
		asm.LoadMapPtr(asm.R1, 0).WithReference(m),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, int32(keyOff)),
		asm.Mov.Reg(asm.R3, asm.RFP),
		asm.Add.Imm(asm.R3, -40),
		asm.Mov.Imm(asm.R4, 0), // BPF_ANY
		asm.FnMapUpdateElem.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol(label + "_done"),
	}
}

// entry counts a hit of probe idx, and its kernel stack and an event
// when asked; ctx says what the context is.
func (s *ProbeSpec) entry(idx probeIndex, ctx ctxKind) asm.Instructions {
	insns := s.filter(idx)
	insns = append(insns, idx.store(asm.RFP, -8, 0)...)
	insns = append(insns,
		asm.LoadMapPtr(asm.R1, 0).WithReference(mapHits),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -8),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "counted"),
		asm.LoadMem(asm.R1, asm.R0, 0, asm.DWord),
		asm.Add.Imm(asm.R1, 1),
		asm.StoreMem(asm.R0, 0, asm.R1, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("counted"),
	)
	if s.Stacks {
		// Flags: a kernel stack, skipping for fentry the program's
		// and the trampoline's frames, so it starts in the function
		// as a kprobe's does.
		var skip int32
		if ctx == ctxFentry {
			skip = 2
		}
		insns = append(insns,
			asm.Mov.Reg(asm.R1, asm.R6),
			asm.LoadMapPtr(asm.R2, 0).WithReference(mapStacks),
			asm.Mov.Imm(asm.R3, skip),
			asm.FnGetStackid.Call(),
			asm.JSLT.Imm(asm.R0, 0, "stacked"),
		)
		insns = append(insns, idx.store(asm.RFP, -16, 0)...)
		insns = append(insns,
			asm.StoreMem(asm.RFP, -12, asm.R0, asm.Word),
			asm.LoadMapPtr(asm.R1, 0).WithReference(mapStackCounts),
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, -16),
			asm.FnMapLookupElem.Call(),
		)
		insns = append(insns, increment(mapStackCounts, -16, "stack")...)
		insns = append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("stacked"))
	}
	if s.Events {
		insns = append(insns, s.event(idx, 0, func() asm.Instructions {
			switch ctx {
			case ctxTracepoint:
				// The tracepoint's record: its first 64 bytes, decoded
				// with the event's tracefs format.
				return asm.Instructions{
					asm.Mov.Reg(asm.R1, asm.R7),
					asm.Add.Imm(asm.R1, eventData),
					asm.Mov.Imm(asm.R2, eventDataLen),
					asm.Mov.Reg(asm.R3, asm.R6),
					asm.FnProbeReadKernel.Call(),
				}
			case ctxFentry:
				// bpf_get_func_arg gives each argument as a plain
				// number, where a load from the context would type
				// pointers (and refuse some, like a char **).
				var c asm.Instructions
				for k := range argRegs {
					c = append(c,
						asm.Mov.Imm(asm.R2, 0),
						asm.StoreMem(asm.RFP, -56, asm.R2, asm.DWord),
						asm.Mov.Reg(asm.R1, asm.R6),
						asm.Mov.Imm(asm.R2, int32(k)),
						asm.Mov.Reg(asm.R3, asm.RFP),
						asm.Add.Imm(asm.R3, -56),
						asm.FnGetFuncArg.Call(),
						asm.JNE.Imm(asm.R0, 0, "args_done"),
						asm.LoadMem(asm.R1, asm.RFP, -56, asm.DWord),
						asm.StoreMem(asm.R7, int16(eventData+8*k), asm.R1, asm.DWord),
					)
				}
				return append(c, asm.Mov.Imm(asm.R0, 0).WithSymbol("args_done"))
			}
			var c asm.Instructions
			for k, off := range argRegs {
				c = append(c, asm.LoadMem(asm.R1, asm.R6, off, asm.DWord), asm.StoreMem(asm.R7, int16(eventData+8*k), asm.R1, asm.DWord))
			}
			return c
		})...)
	}
	return append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"), asm.Return())
}

// event reserves a ring buffer record, fills its header (time, CPU,
// process, comm), lets data fill the rest from R7 and submits it.
func (s *ProbeSpec) event(idx probeIndex, bits uint32, data func() asm.Instructions) asm.Instructions {
	insns := asm.Instructions{
		asm.LoadMapPtr(asm.R1, 0).WithReference(mapEvents),
		asm.Mov.Imm(asm.R2, eventSize),
		asm.Mov.Imm(asm.R3, 0),
		asm.FnRingbufReserve.Call(),
		asm.JEq.Imm(asm.R0, 0, "evented"),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.FnKtimeGetNs.Call(),
		asm.StoreMem(asm.R7, 0, asm.R0, asm.DWord),
		asm.FnGetSmpProcessorId.Call(),
		asm.StoreMem(asm.R7, 8, asm.R0, asm.Word),
		asm.FnGetCurrentPidTgid.Call(),
		asm.StoreMem(asm.R7, 16, asm.R0, asm.Word),
		asm.RSh.Imm(asm.R0, 32),
		asm.StoreMem(asm.R7, 12, asm.R0, asm.Word),
	}
	insns = append(insns, idx.store(asm.R7, 20, bits)...)
	insns = append(insns,
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Add.Imm(asm.R1, 24),
		asm.Mov.Imm(asm.R2, 16),
		asm.FnGetCurrentComm.Call(),
	)
	insns = append(insns, data()...)
	return append(insns,
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Mov.Imm(asm.R2, 0),
		asm.FnRingbufSubmit.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("evented"),
	)
}

// ret counts a function's return value in the rets histogram: exact
// for [-4095, 4095], by power of two above, one bucket below.
func (s *ProbeSpec) ret(idx probeIndex, f FuncProbe, ctx ctxKind) asm.Instructions {
	insns := s.filter(idx)
	// raw loads the return register into dst.
	raw := func(dst asm.Register) asm.Instructions {
		if ctx == ctxFentry {
			// The value fexit sees is rax as the function left it;
			// bpf_get_func_ret (5.17) saved it at RFP-56.
			return asm.Instructions{asm.LoadMem(dst, asm.RFP, -56, asm.DWord)}
		}
		return asm.Instructions{asm.LoadMem(dst, asm.R6, regsAX, asm.DWord)}
	}
	if ctx == ctxFentry {
		insns = append(insns,
			asm.Mov.Imm(asm.R2, 0),
			asm.StoreMem(asm.RFP, -56, asm.R2, asm.DWord),
			asm.Mov.Reg(asm.R1, asm.R6),
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, -56),
			asm.FnGetFuncRet.Call(),
		)
	}
	insns = append(insns, raw(asm.R7)...)
	if f.RetSize > 0 && f.RetSize < 8 {
		shift := int32(64 - 8*f.RetSize)
		insns = append(insns, asm.LSh.Imm(asm.R7, shift))
		if f.RetSigned {
			insns = append(insns, asm.ArSh.Imm(asm.R7, shift))
		} else {
			insns = append(insns, asm.RSh.Imm(asm.R7, shift))
		}
	}
	if f.RetSize == 0 {
		insns = append(insns, asm.Mov.Imm(asm.R7, 0)) // void: count returns only
	}
	insns = append(insns, idx.store(asm.RFP, -24, 0)...)
	insns = append(insns,
		asm.JSGT.Imm(asm.R7, exactLimit, "big"),
		asm.JSLT.Imm(asm.R7, -exactLimit, "neg"),
		asm.StoreImm(asm.RFP, -20, retExact, asm.Word),
		asm.StoreMem(asm.RFP, -16, asm.R7, asm.DWord),
		asm.Ja.Label("keyed"),
		asm.Mov.Imm(asm.R8, 0).WithSymbol("big"),
	)
	// R8 = floor(log2(R7)) by halving steps.
	for _, sh := range []int32{32, 16, 8, 4, 2, 1} {
		l := fmt.Sprintf("fls%d", sh)
		insns = append(insns,
			asm.Mov.Reg(asm.R9, asm.R7),
			asm.RSh.Imm(asm.R9, sh),
			asm.JEq.Imm(asm.R9, 0, l),
			asm.Mov.Reg(asm.R7, asm.R9),
			asm.Add.Imm(asm.R8, sh),
			asm.Mov.Imm(asm.R0, 0).WithSymbol(l),
		)
	}
	insns = append(insns,
		asm.StoreImm(asm.RFP, -20, retLog2, asm.Word),
		asm.StoreMem(asm.RFP, -16, asm.R8, asm.DWord),
		asm.Ja.Label("keyed"),
		asm.StoreImm(asm.RFP, -20, retNegHuge, asm.Word).WithSymbol("neg"),
		asm.Mov.Imm(asm.R1, 0),
		asm.StoreMem(asm.RFP, -16, asm.R1, asm.DWord),
		asm.LoadMapPtr(asm.R1, 0).WithReference(mapRets).WithSymbol("keyed"),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -24),
		asm.FnMapLookupElem.Call(),
	)
	insns = append(insns, increment(mapRets, -24, "ret")...)
	if s.Events {
		// A return event is marked by the top bit of the probe index.
		insns = append(insns, s.event(idx, retEventBit, func() asm.Instructions {
			return append(raw(asm.R1), asm.StoreMem(asm.R7, eventData, asm.R1, asm.DWord))
		})...)
	}
	return append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"), asm.Return())
}

// followFork runs on sched:sched_process_fork and adds the child to the
// workload's processes when the parent is one of them.
func (s *ProbeSpec) followFork() asm.Instructions {
	insns := s.filter(constIndex(0))
	return append(insns,
		asm.LoadMem(asm.R1, asm.R6, int16(s.ForkChildPidOffset), asm.Word),
		asm.StoreMem(asm.RFP, -8, asm.R1, asm.Word),
		asm.StoreImm(asm.RFP, -12, 1, asm.Byte),
		asm.LoadMapPtr(asm.R1, 0).WithReference(mapPids),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -8),
		asm.Mov.Reg(asm.R3, asm.RFP),
		asm.Add.Imm(asm.R3, -12),
		asm.Mov.Imm(asm.R4, 0),
		asm.FnMapUpdateElem.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"),
		asm.Return(),
	)
}
