package bpf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/ringbuf"
	"github.com/cilium/ebpf/rlimit"
)

// Linux capability numbers (include/uapi/linux/capability.h).
const (
	capSysAdmin = 21
	capPerfmon  = 38 // Linux 5.8
	capBPF      = 39 // Linux 5.8
)

// Supported checks, before anything is loaded, that this kernel and
// process can do what spec asks, and names what is missing: privileges,
// kprobes, tracefs, the tracepoints themselves, the ring buffer.
func Supported(spec *ProbeSpec) error {
	if err := privileged(); err != nil {
		return err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return &NotSupportedError{Feature: "locking BPF memory", Capability: "CAP_SYS_RESOURCE", Err: err, Hint: "kernels before 5.11 charge BPF maps to RLIMIT_MEMLOCK"}
	}
	if spec.uses(AttachKprobe) || spec.uses(AttachKprobeMulti) {
		if err := kprobesSupported(); err != nil {
			return err
		}
	}
	if spec.uses(AttachFentry) {
		if err := fentrySupported(); err != nil {
			return err
		}
	}
	if spec.uses(AttachKprobeMulti) {
		if err := kprobeMultiSupported(); err != nil {
			return err
		}
	}
	if len(spec.Tracepoints) > 0 || !spec.AllProcesses {
		dir := TracefsDir()
		if dir == "" {
			return &NotSupportedError{Feature: "tracefs (tracepoint ids)", Config: "CONFIG_TRACING=y", Hint: "mount it: mount -t tracefs nodev /sys/kernel/tracing"}
		}
		tps := spec.Tracepoints
		if !spec.AllProcesses {
			tps = append(tps[:len(tps):len(tps)], Tracepoint{"sched", "sched_process_fork"})
		}
		for _, tp := range tps {
			if _, err := os.Stat(filepath.Join(dir, "events", tp.Category, tp.Name, "id")); err != nil {
				return fmt.Errorf("tracepoint %s: not in %s/events on this kernel", tp, dir)
			}
		}
	}
	if spec.Events {
		if err := probeMap(ebpf.RingBuf); err != nil {
			return &NotSupportedError{Feature: "BPF ring buffer", Version: "5.8", Err: err}
		}
	}
	return nil
}

// privileged checks for root or CAP_BPF with CAP_PERFMON (or
// CAP_SYS_ADMIN) in the effective set.
func privileged() error {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if hex, ok := strings.CutPrefix(line, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
			if err != nil {
				return err
			}
			has := func(c uint) bool { return caps&(1<<c) != 0 }
			if has(capSysAdmin) || has(capBPF) && has(capPerfmon) {
				return nil
			}
			return &NotSupportedError{Feature: "loading BPF programs", Capability: "CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)", Hint: "run as root, e.g. with sudo"}
		}
	}
	return errors.New("no CapEff line in /proc/self/status")
}

// kprobesSupported looks for the kprobe PMU (Linux 4.17) or tracefs's
// kprobe_events: a kernel without CONFIG_KPROBES has neither.
func kprobesSupported() error {
	if _, err := os.Stat("/sys/bus/event_source/devices/kprobe/type"); err == nil {
		return nil
	}
	if dir := TracefsDir(); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "kprobe_events")); err == nil {
			return nil
		}
	}
	return &NotSupportedError{Feature: "kprobes", Config: "CONFIG_KPROBES=y and CONFIG_KPROBE_EVENTS=y",
		Hint: "this kernel cannot attach to functions; run under a kernel that has them (make test-vm boots one)"}
}

func probeMap(t ebpf.MapType) error {
	spec := &ebpf.MapSpec{Type: t, MaxEntries: 4096}
	if t != ebpf.RingBuf {
		spec.KeySize, spec.ValueSize = 4, 4
	}
	m, err := ebpf.NewMap(spec)
	if err != nil {
		return err
	}
	return m.Close()
}

// FuncProbes describes the functions from BTF (nil spec: untyped, the
// return value taken as a long): the return type's size and signedness
// for the return programs, the parameters for fentry and for naming
// arguments in events. Attach is left empty (kprobes).
func FuncProbes(names []string, spec *btf.Spec) []FuncProbe {
	var out []FuncProbe
	for _, n := range names {
		fp := FuncProbe{Name: n, RetSize: 8, RetSigned: true}
		var fn *btf.Func
		// A name BTF has twice (two static functions) is left untyped:
		// which one a probe reaches is unknown.
		if spec != nil && spec.TypeByName(n, &fn) == nil {
			if proto, ok := fn.Type.(*btf.FuncProto); ok {
				fp.Typed = true
				fp.RetSize, fp.RetSigned = retType(proto.Return)
				if _, ok := btf.UnderlyingType(proto.Return).(*btf.Struct); ok {
					fp.Typed = false // returned in memory: no register to read
				}
				fp.Params = make([]Param, 0, len(proto.Params))
				for _, p := range proto.Params {
					fp.Params = append(fp.Params, param(p))
				}
			}
		}
		out = append(out, fp)
	}
	return out
}

// param describes a parameter for reading it from a register.
func param(p btf.FuncParam) Param {
	out := Param{Name: p.Name}
	switch u := btf.UnderlyingType(p.Type).(type) {
	case *btf.Int:
		out.Size, out.Signed, out.Scalar = int(u.Size), u.Encoding == btf.Signed, u.Size <= 8
	case *btf.Enum:
		out.Size, out.Signed, out.Scalar = int(u.Size), u.Signed, u.Size <= 8
	case *btf.Pointer:
		out.Size, out.Pointer, out.Scalar = 8, true, true
	}
	return out
}

func retType(t btf.Type) (size int, signed bool) {
	switch u := btf.UnderlyingType(t).(type) {
	case *btf.Void:
		return 0, false
	case *btf.Int:
		return int(u.Size), u.Encoding == btf.Signed
	case *btf.Pointer:
		return 8, false
	case *btf.Enum:
		return int(u.Size), u.Signed
	}
	return 8, true
}

// A Session holds loaded programs and attached probes.
type Session struct {
	spec  *ProbeSpec
	maps  map[string]*ebpf.Map
	progs []*ebpf.Program
	links []link.Link
	fmts  []*Format // per tracepoint, for event decoding
	// Notes say which attachments fell back to kprobes, and why.
	Notes []string
}

// Attach loads the programs of spec and attaches them. Errors name the
// probe and, for a missing function, say so instead of a raw errno.
// With spec.Fallback, a function whose fentry or kprobe.multi
// attachment fails is attached with a kprobe instead: its Attach in
// spec changes, and a note says why.
func Attach(spec *ProbeSpec) (*Session, error) {
	s := &Session{spec: spec, maps: map[string]*ebpf.Map{}}
	dir := TracefsDir()
	if !spec.AllProcesses {
		f, err := readFormat(dir, Tracepoint{"sched", "sched_process_fork"})
		if err != nil {
			return nil, err
		}
		fld, ok := f.Field("child_pid")
		if !ok || fld.Size != 4 {
			return nil, errors.New("sched_process_fork has no 4-byte child_pid field")
		}
		spec.ForkChildPidOffset = fld.Offset
	}
	for _, tp := range spec.Tracepoints {
		f, err := readFormat(dir, tp)
		if err != nil {
			return nil, err
		}
		s.fmts = append(s.fmts, f)
	}
	fail := func(err error) (*Session, error) {
		s.Close()
		return nil, err
	}
	for name, ms := range spec.mapSpecs() {
		m, err := ebpf.NewMap(ms)
		if err != nil {
			return fail(fmt.Errorf("creating map %s: %w", name, err))
		}
		s.maps[name] = m
	}
	for i := range spec.Funcs {
		f := &spec.Funcs[i]
		if f.Attach == AttachKprobeMulti {
			continue
		}
		err := s.attachFunc(i)
		if err != nil && spec.Fallback && f.Attach == AttachFentry {
			why := err.Error()
			if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
				why = "the verifier: " + verifierReason(ve) // not the whole log
			}
			s.Notes = append(s.Notes, fmt.Sprintf("%s: fentry failed, using kprobes: %s", f.Name, why))
			f.Attach = AttachKprobe
			err = s.attachFunc(i)
		}
		if err != nil {
			return fail(err)
		}
	}
	if gs := spec.multiGroups(); len(gs) > 0 {
		err := s.attachMulti(gs)
		if err != nil && spec.Fallback {
			s.Notes = append(s.Notes, fmt.Sprintf("kprobe.multi failed, one kprobe per function: %v", err))
			for _, g := range gs {
				for _, i := range g.funcs {
					spec.Funcs[i].Attach = AttachKprobe
					if err = s.attachFunc(i); err != nil {
						break
					}
				}
			}
		}
		if err != nil {
			return fail(err)
		}
	}
	for j, tp := range spec.Tracepoints {
		prog, err := s.load(program(progName("tp", j), ebpf.TracePoint, spec.entry(constIndex(len(spec.Funcs)+j), ctxTracepoint)))
		if err != nil {
			return fail(err)
		}
		l, err := link.Tracepoint(tp.Category, tp.Name, prog, nil)
		if err != nil {
			return fail(fmt.Errorf("tracepoint %s: %w", tp, err))
		}
		s.links = append(s.links, l)
	}
	if !spec.AllProcesses {
		prog, err := s.load(program(progFork, ebpf.TracePoint, spec.followFork()))
		if err != nil {
			return fail(err)
		}
		l, err := link.Tracepoint("sched", "sched_process_fork", prog, nil)
		if err != nil {
			return fail(fmt.Errorf("following the workload's forks: %w", err))
		}
		s.links = append(s.links, l)
	}
	return s, nil
}

// verifierReason picks the line of a verifier log that says why: the
// last one before the statistics.
func verifierReason(ve *ebpf.VerifierError) string {
	for i := len(ve.Log) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(ve.Log[i]); l != "" && !strings.HasPrefix(l, "processed ") && !strings.HasPrefix(l, "verification time") && !strings.HasPrefix(l, "stack depth") {
			return l
		}
	}
	return ve.Cause.Error()
}

// A rejectedError is a program the verifier refused; it prints the
// whole log.
type rejectedError struct {
	prog string
	ve   *ebpf.VerifierError
}

func (e *rejectedError) Error() string {
	return fmt.Sprintf("the kernel's verifier rejected probe program %s: %+v", e.prog, e.ve)
}

func (e *rejectedError) Unwrap() error { return e.ve }

// load loads one program, its map references resolved to the session's
// maps.
func (s *Session) load(ps *ebpf.ProgramSpec) (*ebpf.Program, error) {
	ps = ps.Copy()
	for i := range ps.Instructions {
		ins := &ps.Instructions[i]
		if ins.IsLoadFromMap() && ins.Reference() != "" {
			if err := ins.AssociateMap(s.maps[ins.Reference()]); err != nil {
				return nil, fmt.Errorf("program %s: map %s: %w", ps.Name, ins.Reference(), err)
			}
		}
	}
	prog, err := ebpf.NewProgram(ps)
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			return nil, &rejectedError{ps.Name, ve}
		}
		return nil, fmt.Errorf("loading probe program %s: %w", ps.Name, err)
	}
	s.progs = append(s.progs, prog)
	return prog, nil
}

// attachFunc loads and attaches function i's two programs, as its
// Attach says; on failure it leaves nothing attached.
func (s *Session) attachFunc(i int) error {
	f := s.spec.Funcs[i]
	if f.Attach == AttachFentry {
		if err := f.fentryable(); err != nil {
			return fmt.Errorf("fentry %s: %v", f.Name, err)
		}
	}
	ps := s.spec.funcPrograms(i)
	var links []link.Link
	fail := func(err error) error {
		for _, l := range links {
			l.Close()
		}
		return err
	}
	for k, ps := range ps {
		prog, err := s.load(ps)
		if err != nil {
			if f.Attach == AttachFentry {
				return fail(fentryError(f.Name, err))
			}
			return fail(err)
		}
		var l link.Link
		switch {
		case f.Attach == AttachFentry:
			l, err = link.AttachTracing(link.TracingOptions{Program: prog, AttachType: ps.AttachType})
			if err != nil {
				return fail(fentryError(f.Name, err))
			}
		case k == 0:
			if l, err = link.Kprobe(f.Name, prog, nil); err != nil {
				return fail(kprobeError(f.Name, "kprobe", err))
			}
		default:
			if l, err = link.Kretprobe(f.Name, prog, nil); err != nil {
				return fail(kprobeError(f.Name, "kretprobe", err))
			}
		}
		links = append(links, l)
	}
	s.links = append(s.links, links...)
	return nil
}

// attachMulti attaches the kprobe.multi functions: the shared entry
// program to all of them, each return program to its group, the probe
// index as each function's cookie.
func (s *Session) attachMulti(gs []retGroup) error {
	var links []link.Link
	fail := func(err error) error {
		for _, l := range links {
			l.Close()
		}
		return err
	}
	opts := func(idx []int) link.KprobeMultiOptions {
		var o link.KprobeMultiOptions
		for _, i := range idx {
			o.Symbols = append(o.Symbols, s.spec.Funcs[i].Name)
			o.Cookies = append(o.Cookies, uint64(i))
		}
		return o
	}
	ps := s.spec.multiPrograms()
	var all []int
	for _, g := range gs {
		all = append(all, g.funcs...)
	}
	for k, p := range ps {
		prog, err := s.load(p)
		if err != nil {
			return fail(err)
		}
		var l link.Link
		if k == 0 {
			l, err = link.KprobeMulti(prog, opts(all))
		} else {
			l, err = link.KretprobeMulti(prog, opts(gs[k-1].funcs))
		}
		if err != nil {
			return fail(kprobeError(fmt.Sprint(opts(all).Symbols), "kprobe.multi", err))
		}
		links = append(links, l)
	}
	s.links = append(s.links, links...)
	return nil
}

// uses reports whether a function of s attaches with mode m (an empty
// Attach is a kprobe).
func (s *ProbeSpec) uses(m AttachMode) bool {
	for _, f := range s.Funcs {
		if f.Attach == m || m == AttachKprobe && f.Attach == "" {
			return true
		}
	}
	return false
}

func kprobeError(fn, kind string, err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s %s: no such function in this kernel (inlined, static and unused, or renamed): %w", kind, fn, err)
	}
	if errors.Is(err, ebpf.ErrNotSupported) {
		return &NotSupportedError{Feature: kind + "s", Config: "CONFIG_KPROBES=y", Err: err}
	}
	return fmt.Errorf("%s %s: %w", kind, fn, err)
}

func readFormat(dir string, tp Tracepoint) (*Format, error) {
	data, err := os.ReadFile(filepath.Join(dir, "events", tp.Category, tp.Name, "format"))
	if err != nil {
		return nil, fmt.Errorf("tracepoint %s: %w", tp, err)
	}
	return ParseFormat(data)
}

// Watch adds a process to the workload filter.
func (s *Session) Watch(pid int) error {
	return s.maps[mapPids].Put(uint32(pid), uint8(1))
}

// Close detaches the probes and frees the programs and maps.
func (s *Session) Close() {
	for _, l := range s.links {
		l.Close()
	}
	for _, p := range s.progs {
		p.Close()
	}
	for _, m := range s.maps {
		m.Close()
	}
}

// Results reads the maps: hits per probe, return histograms and stacks,
// symbolised with kallsyms (nil: raw addresses).
func (s *Session) Results(syms *Symbolizer) (*Results, error) {
	r := &Results{}
	hits := s.maps[mapHits]
	for i := 0; i < s.spec.probes(); i++ {
		var per []uint64
		if err := hits.Lookup(uint32(i), &per); err != nil {
			return nil, err
		}
		p := ProbeResult{Hits: sum(per)}
		if i < len(s.spec.Funcs) {
			p.Name = s.spec.Funcs[i].Name
			p.Attach = s.spec.Funcs[i].Attach
			if p.Attach == "" {
				p.Attach = AttachKprobe
			}
		} else {
			p.Name = s.spec.Tracepoints[i-len(s.spec.Funcs)].String()
			p.Tracepoint = true
		}
		r.Probes = append(r.Probes, p)
	}
	var key [retKeySize]byte
	var per []uint64
	it := s.maps[mapRets].Iterate()
	for it.Next(&key, &per) {
		idx := binary.NativeEndian.Uint32(key[0:])
		if int(idx) >= len(r.Probes) {
			continue
		}
		b := RetBucket{Kind: int(binary.NativeEndian.Uint32(key[4:])), Value: int64(binary.NativeEndian.Uint64(key[8:])), Count: sum(per)}
		r.Probes[idx].Returns = append(r.Probes[idx].Returns, b)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if s.spec.Stacks {
		var skey [stackKeySize]byte
		it := s.maps[mapStackCounts].Iterate()
		for it.Next(&skey, &per) {
			idx := binary.NativeEndian.Uint32(skey[0:])
			id := binary.NativeEndian.Uint32(skey[4:])
			var pcs [maxStack]uint64
			if err := s.maps[mapStacks].Lookup(id, &pcs); err != nil {
				continue // evicted by a hash collision
			}
			st := Stack{Count: sum(per)}
			for _, pc := range pcs {
				if pc == 0 {
					break
				}
				st.Frames = append(st.Frames, syms.Name(pc))
			}
			if int(idx) < len(r.Probes) {
				r.Probes[idx].Stacks = append(r.Probes[idx].Stacks, st)
			}
		}
		if err := it.Err(); err != nil {
			return nil, err
		}
	}
	for i := range r.Probes {
		r.Probes[i].sort()
	}
	return r, nil
}

func sum(per []uint64) uint64 {
	var n uint64
	for _, v := range per {
		n += v
	}
	return n
}

// Events returns a reader of the ring buffer; Next decodes records.
func (s *Session) Events() (*EventReader, error) {
	rd, err := ringbuf.NewReader(s.maps[mapEvents])
	if err != nil {
		return nil, err
	}
	return &EventReader{rd: rd, s: s}, nil
}

// An EventReader reads probe trace events.
type EventReader struct {
	rd *ringbuf.Reader
	s  *Session
}

// Close makes a blocked Next return at once; events still in the ring
// buffer are lost (Drain keeps them).
func (e *EventReader) Close() error { return e.rd.Close() }

// Drain makes Next return the events already in the ring buffer and then
// an error: the end of a run, when the last events (a function's return
// just before the workload exits) must not be dropped.
func (e *EventReader) Drain() error { return e.rd.Flush() }

// Next blocks for the next event, formatted as a line.
func (e *EventReader) Next() (Event, error) {
	rec, err := e.rd.Read()
	if err != nil {
		return Event{}, err
	}
	return e.s.decode(rec.RawSample), nil
}

// decode turns a ring buffer record into an Event (layout in spec.go's
// event).
func (s *Session) decode(b []byte) Event {
	ne := binary.NativeEndian
	ev := Event{
		Time: ne.Uint64(b[0:]), CPU: ne.Uint32(b[8:]), Pid: ne.Uint32(b[12:]), Tid: ne.Uint32(b[16:]),
		Comm: strings.TrimRight(string(b[24:40]), "\x00"),
	}
	idx := ne.Uint32(b[20:])
	ret := idx&retEventBit != 0
	idx &^= retEventBit
	data := b[eventData : eventData+eventDataLen]
	switch {
	case int(idx) < len(s.spec.Funcs) && ret:
		f := s.spec.Funcs[idx]
		ev.Probe = f.Name
		ev.Args = []Arg{{Name: "ret", Value: RetBucket{Value: extend(ne.Uint64(data), f.RetSize, f.RetSigned)}.String()}}
		ev.Return = true
	case int(idx) < len(s.spec.Funcs):
		f := s.spec.Funcs[idx]
		ev.Probe, ev.Call = f.Name, true
		raw := make([]uint64, len(argRegs))
		for k := range raw {
			raw[k] = ne.Uint64(data[8*k:])
		}
		ev.Args = f.args(raw)
	default:
		j := int(idx) - len(s.spec.Funcs)
		ev.Probe = s.spec.Tracepoints[j].String()
		for _, fld := range s.fmts[j].Fields {
			if fld.Offset+fld.Size > len(data) {
				continue
			}
			ev.Args = append(ev.Args, Arg{Name: fld.Name, Value: fieldValue(fld, data[fld.Offset:fld.Offset+fld.Size])})
		}
	}
	return ev
}

// fieldValue prints a tracepoint field: char arrays as strings, integers
// in decimal, anything else in hex.
func fieldValue(f FormatField, b []byte) string {
	ne := binary.NativeEndian
	if strings.HasPrefix(f.Decl, "char ") && strings.Contains(f.Decl, "[") {
		if i := strings.IndexByte(string(b), 0); i >= 0 {
			b = b[:i]
		}
		return strconv.Quote(string(b))
	}
	var u uint64
	switch f.Size {
	case 1:
		u = uint64(b[0])
	case 2:
		u = uint64(ne.Uint16(b))
	case 4:
		u = uint64(ne.Uint32(b))
	case 8:
		u = ne.Uint64(b)
	default:
		return fmt.Sprintf("%x", b)
	}
	if strings.Contains(f.Decl, "*") {
		return fmt.Sprintf("%#x", u)
	}
	if f.Signed {
		shift := 64 - 8*f.Size
		return strconv.FormatInt(int64(u<<shift)>>shift, 10)
	}
	return strconv.FormatUint(u, 10)
}

// A Symbolizer names kernel addresses with /proc/kallsyms.
type Symbolizer struct {
	addrs []uint64
	names []string
}

// LoadSymbolizer reads /proc/kallsyms; nil (raw addresses) if the
// addresses are hidden.
func LoadSymbolizer() *Symbolizer {
	data, err := os.ReadFile("/proc/kallsyms")
	if err != nil {
		return nil
	}
	type sym struct {
		a uint64
		n string
	}
	var syms []sym
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || (f[1] != "t" && f[1] != "T") {
			continue
		}
		a, err := strconv.ParseUint(f[0], 16, 64)
		if err != nil || a == 0 {
			continue
		}
		syms = append(syms, sym{a, f[2]})
	}
	if len(syms) == 0 {
		return nil
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i].a < syms[j].a })
	s := &Symbolizer{}
	for _, x := range syms {
		s.addrs = append(s.addrs, x.a)
		s.names = append(s.names, x.n)
	}
	return s
}

// Name gives "func+0x1f" for an address.
func (s *Symbolizer) Name(pc uint64) string {
	if s == nil {
		return fmt.Sprintf("%#x", pc)
	}
	i := sort.Search(len(s.addrs), func(i int) bool { return s.addrs[i] > pc }) - 1
	if i < 0 {
		return fmt.Sprintf("%#x", pc)
	}
	return fmt.Sprintf("%s+%#x", s.names[i], pc-s.addrs[i])
}
