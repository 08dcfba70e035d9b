package bpf

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Results are what a probe run counted.
type Results struct {
	Probes []ProbeResult `json:"probes"`
}

// A ProbeResult is one function's or tracepoint's counts.
type ProbeResult struct {
	Name       string `json:"name"`
	Tracepoint bool   `json:"tracepoint,omitempty"`
	// Attach says how a function was probed: "fentry", "kprobe" or
	// "kprobe.multi".
	Attach  AttachMode  `json:"attach,omitempty"`
	Hits    uint64      `json:"hits"`
	Returns []RetBucket `json:"returns,omitempty"`
	Stacks  []Stack     `json:"stacks,omitempty"`
}

// A RetBucket counts return values: one exact value in [-4095, 4095],
// the values in [2^Value, 2^(Value+1)) above, or everything below -4095.
type RetBucket struct {
	Kind  int    `json:"kind"`
	Value int64  `json:"value"`
	Count uint64 `json:"count"`
}

// A Stack is a kernel call stack, innermost frame first, and how often
// the probe saw it.
type Stack struct {
	Count  uint64   `json:"count"`
	Frames []string `json:"frames"`
}

func (p *ProbeResult) sort() {
	sort.Slice(p.Returns, func(i, j int) bool {
		a, b := p.Returns[i], p.Returns[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Value < b.Value
	})
	sort.Slice(p.Stacks, func(i, j int) bool { return p.Stacks[i].Count > p.Stacks[j].Count })
}

// String prints the bucket's values: "-2 (ENOENT)", "0", "[4096, 8192)".
func (b RetBucket) String() string {
	switch b.Kind {
	case retLog2:
		return fmt.Sprintf("[%d, %d)", uint64(1)<<b.Value, uint64(1)<<(b.Value+1))
	case retNegHuge:
		return "< -4095 (pointer)"
	}
	if b.Value < 0 && b.Value >= -exactLimit {
		if name := ErrnoName(int(-b.Value)); name != "" {
			return fmt.Sprintf("%d (%s)", b.Value, name)
		}
	}
	return fmt.Sprint(b.Value)
}

// kernelErrnos are the errnos the kernel keeps to itself
// (include/linux/errno.h); unix.ErrnoName knows only the user-space ones.
var kernelErrnos = map[int]string{
	512: "ERESTARTSYS", 513: "ERESTARTNOINTR", 514: "ERESTARTNOHAND", 515: "ENOIOCTLCMD",
	516: "ERESTART_RESTARTBLOCK", 517: "EPROBE_DEFER", 518: "EOPENSTALE", 519: "ENOPARAM",
	521: "EBADHANDLE", 522: "ENOTSYNC", 523: "EBADCOOKIE", 524: "ENOTSUPP", 525: "ETOOSMALL",
	526: "ESERVERFAULT", 527: "EBADTYPE", 528: "EJUKEBOX", 529: "EIOCBQUEUED", 530: "ERECALLCONFLICT",
	531: "ENOGRACE",
}

// ErrnoName names an errno ("ENOENT"), "" when it has no name.
func ErrnoName(e int) string {
	if n, ok := kernelErrnos[e]; ok {
		return n
	}
	return unix.ErrnoName(syscall.Errno(e))
}

// Hit reports the hits of a probe by name.
func (r *Results) Hit(name string) (uint64, bool) {
	for _, p := range r.Probes {
		if p.Name == name {
			return p.Hits, true
		}
	}
	return 0, false
}

// Format prints the results: per probe its hits, return histogram and
// up to maxStacks stacks.
func (r *Results) Format(w io.Writer, maxStacks int) {
	for _, p := range r.Probes {
		fmt.Fprintf(w, "%s: %d hits", p.Name, p.Hits)
		if p.Attach != "" {
			fmt.Fprintf(w, " (%s)", p.Attach)
		}
		fmt.Fprintln(w)
		if len(p.Returns) > 0 {
			width := 0
			for _, b := range p.Returns {
				width = max(width, len(b.String()))
			}
			for _, b := range p.Returns {
				fmt.Fprintf(w, "  returned %-*s  %d\n", width, b.String(), b.Count)
			}
		}
		for i, st := range p.Stacks {
			if i == maxStacks {
				fmt.Fprintf(w, "  ... %d more stacks\n", len(p.Stacks)-i)
				break
			}
			fmt.Fprintf(w, "  stack seen %d times:\n", st.Count)
			for _, f := range st.Frames {
				fmt.Fprintf(w, "    %s\n", f)
			}
		}
	}
}

// An Event is one probe hit streamed by probe trace.
type Event struct {
	Time     uint64 // ns since boot
	CPU      uint32
	Pid, Tid uint32
	Comm     string
	Probe    string
	Return   bool
	// Call says Args are a function's arguments, printed as a call.
	Call bool
	Args []Arg
}

// An Arg is a named value of an event.
type Arg struct{ Name, Value string }

// String formats an event as one line: time, CPU, pid, comm, probe,
// arguments; a return is marked with "ret=".
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d.%09d cpu=%d pid=%d comm=%q %s", e.Time/1e9, e.Time%1e9, e.CPU, e.Pid, e.Comm, e.Probe)
	if e.Return {
		b.WriteString(" return")
	}
	if e.Call {
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s=%s", a.Name, a.Value)
		}
		b.WriteByte(')')
		return b.String()
	}
	for _, a := range e.Args {
		fmt.Fprintf(&b, " %s=%s", a.Name, a.Value)
	}
	return b.String()
}

// args names and types a function's raw argument registers with its
// BTF parameters: pointers in hex, integers in decimal with their
// width and sign, at most len(raw) of them. Untyped, it gives every
// register as argN in hex.
func (f FuncProbe) args(raw []uint64) []Arg {
	var out []Arg
	if !f.Typed {
		for k, v := range raw {
			out = append(out, Arg{Name: fmt.Sprintf("arg%d", k+1), Value: fmt.Sprintf("%#x", v)})
		}
		return out
	}
	for k, p := range f.Params {
		if k == len(raw) {
			break
		}
		a := Arg{Name: p.Name, Value: fmt.Sprintf("%#x", raw[k])}
		if a.Name == "" {
			a.Name = fmt.Sprintf("arg%d", k+1)
		}
		switch {
		case !p.Scalar || p.Pointer:
		case p.Signed:
			a.Value = fmt.Sprint(extend(raw[k], p.Size, true))
		default:
			a.Value = fmt.Sprint(uint64(extend(raw[k], p.Size, false)))
		}
		out = append(out, a)
	}
	return out
}

// extend takes a value of size bytes from the low end of a register,
// sign- or zero-extended.
func extend(v uint64, size int, signed bool) int64 {
	if size <= 0 || size >= 8 {
		return int64(v)
	}
	shift := 64 - 8*size
	if signed {
		return int64(v<<shift) >> shift
	}
	return int64(v << shift >> shift)
}
