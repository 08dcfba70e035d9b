package bpf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/cilium/ebpf/btf"
)

// A Target is the kernel a plan is checked against: its BTF and, when it
// is the running kernel, what /proc/kallsyms and tracefs say can be
// probed.
type Target struct {
	// Name appears in messages: "target kernel 6.1", "running kernel
	// 6.18.4".
	Name string
	Spec *btf.Spec
	// Symbols is the kernel's symbol table; nil when unknown (another
	// kernel's BTF file), and then traceability is judged on BTF alone.
	Symbols *Symbols
	// Ftrace holds the functions ftrace can attach to
	// (available_filter_functions): fentry/fexit need them. Nil when
	// unknown.
	Ftrace map[string]bool
}

// LoadBTF reads BTF from a vmlinux ELF file or a raw BTF blob such as
// /sys/kernel/btf/vmlinux.
func LoadBTF(path string) (*btf.Spec, error) {
	spec, err := btf.LoadSpec(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &NotSupportedError{Feature: "kernel BTF (" + path + ")", Config: "CONFIG_DEBUG_INFO_BTF=y", Version: "5.4", Err: err}
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return spec, nil
}

// Symbols is a parsed /proc/kallsyms: the text symbols of the kernel
// and its modules.
type Symbols struct {
	text map[string]bool
	// clones maps a function name to the compiler clones of it that
	// exist (foo.constprop.0, foo.isra.0, foo.part.0, foo.cold).
	clones map[string][]string
}

// ParseKallsyms reads the "address type name [module]" lines of
// /proc/kallsyms, keeping text (code) symbols.
func ParseKallsyms(r io.Reader) (*Symbols, error) {
	s := &Symbols{text: map[string]bool{}, clones: map[string][]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || (f[1] != "t" && f[1] != "T") {
			continue
		}
		name := f[2]
		s.text[name] = true
		if dot := strings.IndexByte(name, '.'); dot > 0 {
			base := name[:dot]
			s.clones[base] = append(s.clones[base], name)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, c := range s.clones {
		sort.Strings(c)
	}
	return s, nil
}

// Has reports whether name is a text symbol.
func (s *Symbols) Has(name string) bool { return s.text[name] }

// Clones lists the compiler clones of name (name.constprop.0, ...).
func (s *Symbols) Clones(name string) []string { return s.clones[name] }

// ParseFtraceFunctions reads available_filter_functions: one function a
// line, possibly followed by " [module]".
func ParseFtraceFunctions(r io.Reader) (map[string]bool, error) {
	m := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 {
			m[f[0]] = true
		}
	}
	return m, sc.Err()
}

// Severity orders findings: errors make 'probe btf' exit 1.
type Severity string

const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
	SevNote    Severity = "note"
)

// Codes of findings, stable for tests and --json.
const (
	CodeNoFunction    Code = "no-function"       // a changed or called function is not in the target
	CodePrototype     Code = "prototype-changed" // argument count differs
	CodeParamType     Code = "param-type"        // an argument's type differs
	CodeNoStruct      Code = "no-struct"         // the struct is not in the target's BTF
	CodeNoMember      Code = "no-member"         // the struct has no such member
	CodeNotStruct     Code = "not-a-struct"      // a member chain goes through a non-struct
	CodeNewFunction   Code = "new-function"      // the patch adds the function
	CodeInlined       Code = "inlined"           // static function with no out-of-line copy
	CodeCloneOnly     Code = "clone-only"        // only .constprop/.isra/.part clones exist
	CodeNoBTF         Code = "no-btf"            // in kallsyms but not in BTF
	CodeNotTraceable  Code = "notrace"           // not in available_filter_functions
	CodeTraceable     Code = "traceable"         // kprobe and fentry can attach
	CodeUnknownCall   Code = "unknown-call"      // a call to something BTF does not know
	CodeUnknownStruct Code = "unknown-struct"    // struct not in vmlinux BTF: module or file-local
)

// Code names a kind of finding or error.
type Code string

// A Finding is one result of Check, printed like a compiler diagnostic.
type Finding struct {
	Pos      Pos      `json:"-"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col,omitempty"`
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	// Subject is the function ("vfs_read") or member ("net_device.mtu").
	Subject string `json:"subject"`
	Msg     string `json:"message"`
}

// String formats the finding as gcc does: errors bare, the others with
// their severity.
func (f Finding) String() string {
	if f.Severity == SevError {
		return fmt.Sprintf("%s: %s", f.Pos, f.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", f.Pos, f.Severity, f.Msg)
}

// Check compares a plan with the target kernel: each changed function
// (exists, same prototype, traceable), each called function (exists,
// same number of arguments) and each member use (struct and member
// exist, chains go through structs). Findings come in plan order.
func Check(pl *Plan, t *Target) []Finding {
	c := &checker{t: t}
	for _, f := range pl.Funcs {
		c.function(f)
	}
	for _, call := range pl.Calls {
		c.call(call)
	}
	for _, f := range pl.Fields {
		c.field(f)
	}
	return c.out
}

// Errors counts the findings of error severity.
func Errors(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == SevError {
			n++
		}
	}
	return n
}

type checker struct {
	t   *Target
	out []Finding
}

func (c *checker) add(pos Pos, sev Severity, code Code, subject, format string, args ...any) {
	c.out = append(c.out, Finding{Pos: pos, File: pos.File, Line: pos.Line, Col: pos.Col, Severity: sev, Code: code, Subject: subject, Msg: fmt.Sprintf(format, args...)})
}

// lookupFunc finds a BTF function by name.
func (c *checker) lookupFunc(name string) *btf.Func {
	var fn *btf.Func
	if err := c.t.Spec.TypeByName(name, &fn); err != nil {
		return nil
	}
	return fn
}

func (c *checker) function(f Func) {
	in := "in " + c.t.Name + " BTF"
	if f.Added {
		c.add(f.Pos, SevNote, CodeNewFunction, f.Name, "%s is added by the patch: the unpatched target kernel has nothing to probe", f.Name)
		return
	}
	fn := c.lookupFunc(f.Name)
	syms := c.t.Symbols
	if fn == nil {
		switch {
		case syms != nil && len(syms.Clones(f.Name)) > 0 && !syms.Has(f.Name):
			c.add(f.Pos, SevWarning, CodeCloneOnly, f.Name, "%s exists only as compiler clones (%s): probe those, its callers reach it only through them", f.Name, strings.Join(syms.Clones(f.Name), ", "))
		case syms != nil && syms.Has(f.Name):
			c.add(f.Pos, SevWarning, CodeNoBTF, f.Name, "%s is in kallsyms but not %s: kprobes can attach, fentry and typed arguments cannot", f.Name, in)
		case f.Static:
			c.add(f.Pos, SevWarning, CodeInlined, f.Name, "static function %s is not %s: inlined away, not traceable", f.Name, in)
		default:
			c.add(f.Pos, SevError, CodeNoFunction, f.Name, "function '%s' not found %s", f.Name, in)
		}
		return
	}
	proto, _ := fn.Type.(*btf.FuncProto)
	if f.Params != nil && proto != nil {
		c.prototype(f, proto)
	}
	switch {
	case syms != nil && !syms.Has(f.Name):
		if cl := syms.Clones(f.Name); len(cl) > 0 {
			c.add(f.Pos, SevWarning, CodeCloneOnly, f.Name, "%s exists only as compiler clones (%s): probe those", f.Name, strings.Join(cl, ", "))
		} else {
			c.add(f.Pos, SevWarning, CodeInlined, f.Name, "%s is %s but not in kallsyms: inlined at every call, not traceable", f.Name, in)
		}
	case c.t.Ftrace != nil && !c.t.Ftrace[f.Name]:
		c.add(f.Pos, SevWarning, CodeNotTraceable, f.Name, "%s is not in available_filter_functions (notrace or not ftrace-able): no fentry/fexit, kprobe only", f.Name)
	default:
		how := "in BTF, kallsyms and available_filter_functions"
		switch {
		case syms == nil:
			how = "in BTF; that kernel's kallsyms not given"
		case c.t.Ftrace == nil:
			how = "in BTF and kallsyms"
		}
		c.add(f.Pos, SevNote, CodeTraceable, f.Name, "%s is traceable (%s)", f.Name, how)
	}
}

// prototype compares the parameters the patch's definition declares
// with the BTF prototype.
func (c *checker) prototype(f Func, proto *btf.FuncProto) {
	in := "in " + c.t.Name + " BTF"
	want := make([]string, len(proto.Params))
	for i, p := range proto.Params {
		want[i] = cType(p.Type)
	}
	if len(f.Params) != len(proto.Params) {
		c.add(f.Pos, SevError, CodePrototype, f.Name, "%s takes %d arguments in the patch but %d %s: (%s)", f.Name, len(f.Params), len(proto.Params), in, strings.Join(want, ", "))
		return
	}
	for i, p := range f.Params {
		got := paramType(p)
		if got == "" || strings.ContainsAny(p, "([") {
			continue // arrays and function pointers are not compared
		}
		if got != want[i] {
			c.add(f.Pos, SevError, CodeParamType, f.Name, "argument %d of %s is '%s' in the patch but '%s' %s", i+1, f.Name, got, want[i], in)
		}
	}
}

func (c *checker) call(call Call) {
	fn := c.lookupFunc(call.Name)
	if fn == nil {
		if c.t.Symbols != nil && c.t.Symbols.Has(call.Name) {
			return
		}
		c.add(call.Pos, SevNote, CodeUnknownCall, call.Name, "call to '%s': not a function in %s BTF (a macro, a static inline, or missing)", call.Name, c.t.Name)
		return
	}
	proto, ok := fn.Type.(*btf.FuncProto)
	if !ok || call.Args < 0 {
		return
	}
	n := len(proto.Params)
	variadic := n > 0 && isVoid(proto.Params[n-1].Type) && proto.Params[n-1].Name == ""
	if variadic {
		n--
		if call.Args >= n {
			return
		}
	} else if call.Args == n {
		return
	}
	c.add(call.Pos, SevError, CodePrototype, call.Name, "call to '%s' passes %d arguments but it takes %d in %s BTF", call.Name, call.Args, n, c.t.Name)
}

func (c *checker) field(f FieldRef) {
	var typ btf.Type
	if st := c.lookupComposite(f.Struct); st != nil {
		typ = st
	} else {
		c.add(f.Pos, SevNote, CodeUnknownStruct, f.Struct, "struct %s is not in %s BTF (a module's or a file's own type): members not checked", f.Struct, c.t.Name)
		return
	}
	owner := "struct " + f.Struct
	for i, name := range f.Path {
		comp := btf.UnderlyingType(typ)
		if _, ok := members(comp); !ok {
			c.add(f.Pos, SevError, CodeNotStruct, f.Struct+"."+strings.Join(f.Path[:i+1], "."), "%s is '%s', not a struct, in %s BTF", owner, cType(typ), c.t.Name)
			return
		}
		m := findMember(comp, name)
		if m == nil {
			c.add(f.Pos, SevError, CodeNoMember, f.Struct+"."+strings.Join(f.Path[:i+1], "."), "%s has no member '%s' in %s BTF", cType(comp), name, c.t.Name)
			return
		}
		typ = m.Type
		owner = cType(comp) + "." + name
		// Step through one pointer for the next "->".
		if p, ok := btf.UnderlyingType(typ).(*btf.Pointer); ok && i+1 < len(f.Path) {
			typ = p.Target
		}
	}
}

// lookupComposite finds a struct or union with members by name; a
// forward declaration does not count.
func (c *checker) lookupComposite(name string) btf.Type {
	types, err := c.t.Spec.AnyTypesByName(name)
	if err != nil {
		return nil
	}
	for _, t := range types {
		switch t := t.(type) {
		case *btf.Struct:
			return t
		case *btf.Union:
			return t
		}
	}
	return nil
}

// findMember looks for a member by name, descending into anonymous
// struct and union members as C name lookup does.
func findMember(c btf.Type, name string) *btf.Member {
	ms, _ := members(c)
	for i := range ms {
		m := &ms[i]
		if m.Name == name {
			return m
		}
		if m.Name == "" {
			if found := findMember(btf.UnderlyingType(m.Type), name); found != nil {
				return found
			}
		}
	}
	return nil
}

// members gives the members of a struct or union; ok is false for
// other types.
func members(t btf.Type) (ms []btf.Member, ok bool) {
	switch t := t.(type) {
	case *btf.Struct:
		return t.Members, true
	case *btf.Union:
		return t.Members, true
	}
	return nil, false
}

func isVoid(t btf.Type) bool {
	_, ok := t.(*btf.Void)
	return ok || t == nil
}

// cType writes a BTF type as C spells it in a declaration without a
// name: "struct sk_buff *", "const char *", "unsigned int".
func cType(t btf.Type) string {
	switch t := t.(type) {
	case nil, *btf.Void:
		return "void"
	case *btf.Int:
		return t.Name
	case *btf.Typedef:
		return t.Name
	case *btf.Struct:
		return "struct " + t.Name
	case *btf.Union:
		return "union " + t.Name
	case *btf.Enum:
		return "enum " + t.Name
	case *btf.Fwd:
		return t.Kind.String() + " " + t.Name
	case *btf.Const:
		return "const " + cType(t.Type)
	case *btf.Volatile:
		return "volatile " + cType(t.Type)
	case *btf.Restrict:
		return cType(t.Type)
	case *btf.TypeTag:
		return cType(t.Type)
	case *btf.Pointer:
		inner := cType(t.Target)
		if strings.HasSuffix(inner, "*") {
			return inner + "*"
		}
		return inner + " *"
	case *btf.Array:
		return cType(t.Type) + "[]"
	case *btf.FuncProto:
		return "function"
	default:
		return fmt.Sprint(t)
	}
}

// paramType normalises a parameter declaration from the patch to the
// form cType gives: the parameter name and kernel annotations dropped,
// "*" attached as "type *".
func paramType(p string) string {
	p = strings.NewReplacer("*", " * ").Replace(p)
	var words []string
	for _, w := range strings.Fields(p) {
		switch w {
		case "__user", "__iomem", "__rcu", "__percpu", "__force", "__kernel", "restrict", "__restrict", "register":
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 || words[0] == "..." {
		return ""
	}
	// Drop the parameter name: the last word when it is an identifier
	// that does not finish a type ("struct x", "unsigned int").
	last := words[len(words)-1]
	if len(words) > 1 && isIdentStart(last[0]) && !typeWord[last] && words[len(words)-2] != "struct" && words[len(words)-2] != "union" && words[len(words)-2] != "enum" {
		words = words[:len(words)-1]
	}
	s := strings.Join(words, " ")
	s = strings.ReplaceAll(s, "* *", "**")
	return s
}

// typeWord holds the words that end a C type name, so a trailing one is
// not taken for a parameter name ("unsigned int").
var typeWord = map[string]bool{"int": true, "char": true, "long": true, "short": true, "unsigned": true, "signed": true, "void": true, "const": true, "_Bool": true, "bool": true}
