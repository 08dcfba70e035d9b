package bpf

import (
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
	// Funcs get a kprobe (hit count, stacks, arguments) and a
	// kretprobe (return values).
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
}

// A FuncProbe is one function to probe and how to read its return value.
type FuncProbe struct {
	Name string
	// RetSize is the size in bytes of the return type (0 for void), and
	// RetSigned its signedness: the kretprobe sign- or zero-extends rax
	// from that width, since a function returning int leaves the upper
	// half of the register undefined.
	RetSize   int
	RetSigned bool
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
// kprobe "entry_i" and kretprobe "return_i"; for tracepoint j the
// program "tp_j"; with a workload filter, the fork follower.
func (s *ProbeSpec) CollectionSpec() *ebpf.CollectionSpec {
	cs := &ebpf.CollectionSpec{Maps: map[string]*ebpf.MapSpec{}, Programs: map[string]*ebpf.ProgramSpec{}}
	n := uint32(s.probes())
	if n == 0 {
		n = 1
	}
	cs.Maps[mapHits] = &ebpf.MapSpec{Name: mapHits, Type: ebpf.PerCPUArray, KeySize: 4, ValueSize: 8, MaxEntries: n}
	cs.Maps[mapRets] = &ebpf.MapSpec{Name: mapRets, Type: ebpf.PerCPUHash, KeySize: retKeySize, ValueSize: 8, MaxEntries: 4096}
	cs.Maps[mapPids] = &ebpf.MapSpec{Name: mapPids, Type: ebpf.Hash, KeySize: 4, ValueSize: 1, MaxEntries: 8192}
	if s.Stacks {
		cs.Maps[mapStacks] = &ebpf.MapSpec{Name: mapStacks, Type: ebpf.StackTrace, KeySize: 4, ValueSize: 8 * maxStack, MaxEntries: 4096}
		cs.Maps[mapStackCounts] = &ebpf.MapSpec{Name: mapStackCounts, Type: ebpf.PerCPUHash, KeySize: stackKeySize, ValueSize: 8, MaxEntries: 8192}
	}
	if s.Events {
		cs.Maps[mapEvents] = &ebpf.MapSpec{Name: mapEvents, Type: ebpf.RingBuf, MaxEntries: 1 << 22}
	}
	add := func(name string, typ ebpf.ProgramType, insns asm.Instructions) {
		cs.Programs[name] = &ebpf.ProgramSpec{Name: name, Type: typ, License: "Dual MIT/GPL", Instructions: insns}
	}
	for i, f := range s.Funcs {
		add(progName("entry", i), ebpf.Kprobe, s.entry(i, true))
		add(progName("return", i), ebpf.Kprobe, s.ret(i, f))
	}
	for j := range s.Tracepoints {
		add(progName("tp", j), ebpf.TracePoint, s.entry(len(s.Funcs)+j, false))
	}
	if !s.AllProcesses {
		add(progFork, ebpf.TracePoint, s.followFork())
	}
	return cs
}

// filter begins every program: with the workload filter on, return at
// once unless the current process is one of the workload's. R6 keeps
// the context.
func (s *ProbeSpec) filter() asm.Instructions {
	insns := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
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
// when asked. kprobe says whether the context is pt_regs (a kprobe) or
// a tracepoint record.
func (s *ProbeSpec) entry(idx int, kprobe bool) asm.Instructions {
	insns := s.filter()
	insns = append(insns,
		asm.StoreImm(asm.RFP, -8, int64(idx), asm.Word),
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
		insns = append(insns,
			asm.Mov.Reg(asm.R1, asm.R6),
			asm.LoadMapPtr(asm.R2, 0).WithReference(mapStacks),
			asm.Mov.Imm(asm.R3, 0), // kernel stack
			asm.FnGetStackid.Call(),
			asm.JSLT.Imm(asm.R0, 0, "stacked"),
			asm.StoreImm(asm.RFP, -16, int64(idx), asm.Word),
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
		insns = append(insns, s.event(idx, func() asm.Instructions {
			if !kprobe {
				// The tracepoint's record: its first 64 bytes, decoded
				// with the event's tracefs format.
				return asm.Instructions{
					asm.Mov.Reg(asm.R1, asm.R7),
					asm.Add.Imm(asm.R1, eventData),
					asm.Mov.Imm(asm.R2, eventDataLen),
					asm.Mov.Reg(asm.R3, asm.R6),
					asm.FnProbeReadKernel.Call(),
				}
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
func (s *ProbeSpec) event(idx int, data func() asm.Instructions) asm.Instructions {
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
		asm.StoreImm(asm.R7, 20, int64(idx), asm.Word),
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Add.Imm(asm.R1, 24),
		asm.Mov.Imm(asm.R2, 16),
		asm.FnGetCurrentComm.Call(),
	}
	insns = append(insns, data()...)
	return append(insns,
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Mov.Imm(asm.R2, 0),
		asm.FnRingbufSubmit.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("evented"),
	)
}

// ret counts function i's return value in the rets histogram: exact
// for [-4095, 4095], by power of two above, one bucket below.
func (s *ProbeSpec) ret(i int, f FuncProbe) asm.Instructions {
	insns := s.filter()
	insns = append(insns, asm.LoadMem(asm.R7, asm.R6, regsAX, asm.DWord))
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
	insns = append(insns,
		asm.StoreImm(asm.RFP, -24, int64(i), asm.Word),
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
		insns = append(insns, s.event(i, func() asm.Instructions {
			return asm.Instructions{
				asm.LoadMem(asm.R1, asm.R6, regsAX, asm.DWord),
				asm.StoreMem(asm.R7, eventData, asm.R1, asm.DWord),
				// Mark a return event: the probe index with the top bit set.
				asm.StoreImm(asm.R7, 20, int64(int32(uint32(i)|retEventBit)), asm.Word),
			}
		})...)
	}
	return append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"), asm.Return())
}

// followFork runs on sched:sched_process_fork and adds the child to the
// workload's processes when the parent is one of them.
func (s *ProbeSpec) followFork() asm.Instructions {
	insns := s.filter()
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
