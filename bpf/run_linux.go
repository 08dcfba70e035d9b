package bpf

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"io"
)

// RunOptions say what 'probe run' and 'probe trace' attach to.
type RunOptions struct {
	// Patch, when set, adds the functions whose bodies it changes.
	Patch []byte
	// Funcs are functions named on the command line.
	Funcs       []string
	Tracepoints []Tracepoint
	// Attach says how to attach to functions; "" is AttachAuto.
	Attach AttachMode
	Stacks bool
	// AllProcesses counts every process, not only the workload's tree.
	AllProcesses bool
	// Events, when set, receives every hit as it happens (probe trace).
	Events func(Event)
	// Warn receives what could not be probed and why.
	Warn io.Writer

	caps *attachCaps // found by Preflight
}

// attachCaps are the ways of attaching to functions this kernel and
// process have: nil when one works, else why not.
type attachCaps struct {
	kprobes, fentry, multi error
}

// Preflight checks, before the workload starts, that the kernel and
// process support the kinds of probe o asks for.
func (o *RunOptions) Preflight() error {
	spec := &ProbeSpec{Tracepoints: o.Tracepoints, Events: o.Events != nil, AllProcesses: o.AllProcesses}
	if len(o.Funcs) > 0 || o.Patch != nil {
		// Which attachment each function gets is decided below.
		spec.Funcs = []FuncProbe{{Attach: AttachAuto}}
	}
	// cilium/ebpf sizes per-CPU maps from
	// /sys/devices/system/cpu/possible, read once and cached: read it
	// now, while go-edit is not yet confined to the probe profile.
	if _, err := ebpf.PossibleCPU(); err != nil {
		return err
	}
	if err := Supported(spec); err != nil {
		return err
	}
	if len(spec.Funcs) > 0 {
		if err := o.preflightFuncs(); err != nil {
			return err
		}
	}
	if len(spec.Tracepoints) > 0 || !spec.AllProcesses {
		return primeTracefs()
	}
	return nil
}

// preflightFuncs finds which ways of attaching to functions work, and
// fails when the one asked for (or, for auto, every one) does not.
func (o *RunOptions) preflightFuncs() error {
	mode := o.Attach
	if mode == "" {
		mode = AttachAuto
	}
	c := &attachCaps{kprobes: ErrNotSupported, fentry: ErrNotSupported, multi: ErrNotSupported}
	if mode != AttachKprobe {
		c.fentry = fentrySupported()
	}
	if mode != AttachFentry {
		c.kprobes = kprobesSupported()
		if c.kprobes == nil {
			c.kprobes = primeKprobes()
		}
		if c.kprobes == nil {
			c.multi = kprobeMultiSupported()
		}
	}
	o.caps = c
	switch {
	case mode == AttachFentry:
		return c.fentry
	case mode == AttachKprobe:
		return c.kprobes
	case c.fentry != nil && c.kprobes != nil:
		return fmt.Errorf("%w; nor fentry: %v", c.kprobes, c.fentry)
	}
	return nil
}

// resolveAttach decides each function's attachment: fentry where the
// kernel has it and the function allows it (in BTF with a prototype
// that fits registers, in available_filter_functions), else kprobes,
// several kprobes as one kprobe.multi link where the kernel has that.
// A function that cannot be attached as a forced mode asks is an error;
// with auto, the reasons for not using fentry go to warn.
func resolveAttach(funcs []FuncProbe, mode AttachMode, c *attachCaps, t *Target, warn io.Writer) error {
	var kprobed []int
	for i := range funcs {
		f := &funcs[i]
		why := c.fentry
		if why == nil {
			why = f.fentryable()
		}
		if why == nil && t != nil && t.Ftrace != nil && !t.Ftrace[f.Name] {
			why = fmt.Errorf("not in available_filter_functions (notrace, inlined, or a clone)")
		}
		switch {
		case mode == AttachFentry && why != nil:
			var ns *NotSupportedError
			if errors.As(why, &ns) {
				return why
			}
			return fmt.Errorf("--attach fentry: %s: %v", f.Name, why)
		case mode != AttachKprobe && why == nil:
			f.Attach = AttachFentry
			continue
		case c.kprobes != nil:
			return fmt.Errorf("%s: no way to attach: fentry: %v; kprobes: %v", f.Name, why, c.kprobes)
		case mode == AttachAuto && c.fentry == nil:
			fmt.Fprintf(warn, "%s: kprobe, not fentry: %v\n", f.Name, why)
		}
		f.Attach = AttachKprobe
		// fprobe, under kprobe.multi, attaches through ftrace: only
		// functions ftrace lists can share the link.
		if t == nil || t.Ftrace == nil || t.Ftrace[f.Name] {
			kprobed = append(kprobed, i)
		}
	}
	if c.multi == nil && len(kprobed) > 1 {
		for _, i := range kprobed {
			funcs[i].Attach = AttachKprobeMulti
		}
	}
	return nil
}

// primeKprobes attaches a do-nothing kprobe and kretprobe to vfs_read
// (present in every kernel) and detaches them: it proves function
// probes work here, and makes cilium/ebpf read the kprobe PMU's type
// and retprobe bit while go-edit may: Landlock resolves
// /sys/bus/event_source/devices/kprobe to /sys/devices/kprobe, outside
// the probe profile. cilium/ebpf caches both values.
func primeKprobes() error {
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.Kprobe, License: "Dual MIT/GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()}})
	if err != nil {
		return &NotSupportedError{Feature: "loading a kprobe BPF program", Config: "CONFIG_BPF_EVENTS=y", Err: err}
	}
	defer prog.Close()
	for _, attach := range []func(string, *ebpf.Program, *link.KprobeOptions) (link.Link, error){link.Kprobe, link.Kretprobe} {
		l, err := attach("vfs_read", prog, nil)
		if err != nil {
			return kprobeError("vfs_read", "kprobe", err)
		}
		l.Close()
	}
	return nil
}

// primeTracefs makes cilium/ebpf find tracefs while go-edit may still
// statfs its mount point (the probe profile does not allow statfs): it
// looks once and remembers. Loading the smallest tracepoint program
// also proves that this process may load programs at all.
func primeTracefs() error {
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.TracePoint, License: "Dual MIT/GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()}})
	if err != nil {
		return &NotSupportedError{Feature: "loading a tracepoint BPF program", Config: "CONFIG_BPF_EVENTS=y", Err: err}
	}
	defer prog.Close()
	// No such event: the look-up fails after finding tracefs.
	if l, err := link.Tracepoint("go_edit", "preflight", prog, nil); err == nil {
		l.Close()
	}
	return nil
}

// PatchFuncs reads a patch and names the functions to probe for it on
// the running kernel: each changed function, or its compiler clones
// when only those exist. What cannot be probed is reported to warn.
func PatchFuncs(patch []byte, target *Target, warn io.Writer) ([]string, error) {
	plan, err := ParsePlan(patch)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range plan.Funcs {
		switch {
		case f.Added:
			fmt.Fprintf(warn, "%s: %s is added by the patch, not in the running kernel: not probed\n", f.Pos, f.Name)
		case target.Symbols == nil || target.Symbols.Has(f.Name):
			names = append(names, f.Name)
		case len(target.Symbols.Clones(f.Name)) > 0:
			cl := target.Symbols.Clones(f.Name)
			fmt.Fprintf(warn, "%s: %s exists only as %v: probing those\n", f.Pos, f.Name, cl)
			names = append(names, cl...)
		default:
			fmt.Fprintf(warn, "%s: %s is not in kallsyms (inlined away?): not probed\n", f.Pos, f.Name)
		}
	}
	return names, nil
}

// RunHeld attaches the probes, registers the held workload, releases
// it, and when it has ended returns what the probes counted and its exit
// code (-1 when the sandbox kept it from being collected).
func RunHeld(wl *Workload, o RunOptions) (*Results, int, error) {
	if o.Warn == nil {
		o.Warn = io.Discard
	}
	released := false
	defer func() {
		if !released {
			wl.Abort()
		}
	}()
	names := o.Funcs
	var target *Target
	if len(names) > 0 || o.Patch != nil {
		var err error
		if target, err = LoadTarget(TargetOptions{}); err != nil {
			return nil, 0, err
		}
	}
	if o.Patch != nil {
		more, err := PatchFuncs(o.Patch, target, o.Warn)
		if err != nil {
			return nil, 0, err
		}
		names = append(names, more...)
	}
	names = dedupe(names)
	spec := &ProbeSpec{Tracepoints: o.Tracepoints, Stacks: o.Stacks, Events: o.Events != nil, AllProcesses: o.AllProcesses,
		Fallback: o.Attach != AttachFentry}
	if target != nil {
		spec.Funcs = FuncProbes(names, target.Spec)
		if o.caps == nil && len(names) > 0 {
			if err := o.preflightFuncs(); err != nil {
				return nil, 0, err
			}
		}
		mode := o.Attach
		if mode == "" {
			mode = AttachAuto
		}
		if err := resolveAttach(spec.Funcs, mode, o.caps, target, o.Warn); err != nil {
			return nil, 0, err
		}
	}
	if spec.probes() == 0 {
		return nil, 0, fmt.Errorf("nothing to probe")
	}
	s, err := Attach(spec)
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	for _, n := range s.Notes {
		fmt.Fprintln(o.Warn, n)
	}
	if !o.AllProcesses {
		if err := s.Watch(wl.Pid); err != nil {
			return nil, 0, err
		}
	}
	done := make(chan struct{})
	if o.Events != nil {
		rd, err := s.Events()
		if err != nil {
			return nil, 0, err
		}
		go func() {
			defer close(done)
			for {
				ev, err := rd.Next()
				if err != nil {
					return
				}
				o.Events(ev)
			}
		}()
		defer func() {
			rd.Drain()
			<-done
			rd.Close()
		}()
	}
	released = true
	if err := wl.Release(); err != nil {
		return nil, 0, err
	}
	code := wl.Wait()
	var syms *Symbolizer
	if o.Stacks {
		syms = LoadSymbolizer()
	}
	r, err := s.Results(syms)
	return r, code, err
}

func dedupe(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
