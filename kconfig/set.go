package kconfig

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Assignment is one NAME=VALUE request (NAME without CONFIG_).
type Assignment struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ParseAssignment reads "NAME=VALUE" or "CONFIG_NAME=VALUE". A string
// value may be given with or without double quotes.
func ParseAssignment(s string) (Assignment, error) {
	name, val, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return Assignment{}, fmt.Errorf("%q: want NAME=VALUE", s)
	}
	name = strings.TrimPrefix(name, "CONFIG_")
	return Assignment{Name: name, Value: val}, nil
}

// Failure is an assignment that did not take, with the explanation.
type Failure struct {
	Assignment
	Code Code   `json:"code"`
	Got  string `json:"got,omitempty"`
	Msg  string `json:"message"`
	Why  *Why   `json:"why,omitempty"`
}

// SetResult is the outcome of Set.
type SetResult struct {
	// Config is the new .config text (nil when a request failed).
	Config   []byte
	Failures []Failure
	// Added lists the extra assignments --with-deps chose.
	Added []Assignment
}

// Set applies the assignments together, as if they were written into the
// .config text and `make olddefconfig` was run: the result does not
// depend on their order, values of invisible symbols are kept, and
// selecting a choice member deselects the one selected before (as
// menuconfig does). Every assignment must hold in the result; otherwise
// the failures say which and why, and Config is nil.
func (c *Config) Set(name string, current []byte, as []Assignment) *SetResult {
	res := &SetResult{}
	c.ReadConfig(name, current)
	want := map[string]string{}
	var order []string
	for _, a := range as {
		s := c.Lookup(a.Name)
		if s == nil || s.isChoice() {
			res.Failures = append(res.Failures, Failure{Assignment: a, Code: CodeUnknownSymbol, Msg: "unknown symbol " + a.Name})
			continue
		}
		v, err := normaliseValue(s, a.Value)
		if err != nil {
			res.Failures = append(res.Failures, Failure{Assignment: a, Code: CodeInvalidValue, Msg: err.Error()})
			continue
		}
		if prev, ok := want[s.Name]; ok && prev != v {
			res.Failures = append(res.Failures, Failure{Assignment: a, Code: CodeInvalidValue, Msg: fmt.Sprintf("%s assigned twice (%s and %s)", s.Name, prev, v)})
			continue
		}
		if _, ok := want[s.Name]; !ok {
			order = append(order, s.Name)
		}
		want[s.Name] = v
	}
	// Two members of one choice cannot both be selected.
	chosen := map[*Symbol]string{}
	for _, n := range order {
		s := c.byName[n]
		if s.choice != nil && want[n] == "y" {
			if other, ok := chosen[s.choice]; ok {
				res.Failures = append(res.Failures, Failure{Assignment: Assignment{n, want[n]}, Code: CodeNotApplied,
					Msg: fmt.Sprintf("%s and %s are members of the same choice; only one can be y", other, n)})
				continue
			}
			chosen[s.choice] = n
		}
	}
	// Deselect the member each chosen choice had before.
	lines := map[string]string{}
	for _, n := range order {
		s := c.byName[n]
		lines[n] = configLine(s, want[n])
	}
	for cs, n := range chosen {
		if prev := cs.curr.choice; prev != nil && prev.Name != n {
			if _, ok := want[prev.Name]; !ok {
				lines[prev.Name] = "# CONFIG_" + prev.Name + " is not set"
			}
		}
	}
	text := EditConfigText(current, lines)
	c.ReadConfig(name, text)
	for _, n := range order {
		s := c.byName[n]
		c.calc(s)
		got := c.stringValue(s)
		if got == want[n] {
			continue
		}
		res.Failures = append(res.Failures, c.failure(s, want[n], got))
	}
	if len(res.Failures) > 0 {
		return res
	}
	res.Config = c.Write()
	return res
}

// normaliseValue checks v against the symbol's type and returns the
// value the symbol will show when the assignment takes.
func normaliseValue(s *Symbol, v string) (string, error) {
	switch s.Type {
	case TypeBool, TypeTristate:
		switch strings.ToLower(v) {
		case "y", "yes":
			return "y", nil
		case "m", "mod", "module":
			return "m", nil
		case "n", "no":
			return "n", nil
		}
		return "", fmt.Errorf("%s is %s: value must be y, m or n, not %q", s.Name, s.Type, v)
	case TypeString:
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			if u, ok := unescapeString(v[1:]); ok {
				return u, nil
			}
		}
		return v, nil
	default:
		if !stringValid(s.Type, v) {
			return "", fmt.Errorf("%s is %s: %q is not a valid number", s.Name, s.Type, v)
		}
		return v, nil
	}
}

// configLine is the .config line that requests value v for s.
func configLine(s *Symbol, v string) string {
	switch s.Type {
	case TypeBool, TypeTristate:
		if v == "n" {
			return "# CONFIG_" + s.Name + " is not set"
		}
	case TypeString:
		return "CONFIG_" + s.Name + "=" + escapeString(v)
	}
	return "CONFIG_" + s.Name + "=" + v
}

// EditConfigText replaces the lines of the named symbols (CONFIG_X=...
// and "# CONFIG_X is not set") in a .config text, or appends them at the
// end, as scripts/config does.
func EditConfigText(data []byte, lines map[string]string) []byte {
	var out bytes.Buffer
	done := map[string]bool{}
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			line, data = data, nil
		}
		if n := lineSymbol(string(line)); n != "" {
			if nl, ok := lines[n]; ok {
				out.WriteString(nl)
				out.WriteByte('\n')
				done[n] = true
				continue
			}
		}
		out.Write(line)
	}
	if out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
		out.WriteByte('\n')
	}
	var rest []string
	for n := range lines {
		if !done[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	for _, n := range rest {
		out.WriteString(lines[n])
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// lineSymbol returns the symbol a .config line assigns, or "".
func lineSymbol(line string) string {
	if rest, ok := strings.CutPrefix(line, "# CONFIG_"); ok {
		if n, tail, ok := strings.Cut(rest, " "); ok && strings.HasPrefix(tail, "is not set") {
			return n
		}
		return ""
	}
	if rest, ok := strings.CutPrefix(line, "CONFIG_"); ok {
		if n, _, ok := strings.Cut(rest, "="); ok {
			return n
		}
	}
	return ""
}

// failure explains why s did not take value want.
func (c *Config) failure(s *Symbol, want, got string) Failure {
	f := Failure{Assignment: Assignment{s.Name, want}, Code: CodeNotApplied, Got: got, Why: c.Explain(s)}
	switch s.Type {
	case TypeBool, TypeTristate:
		w := map[string]Tristate{"n": No, "m": Mod, "y": Yes}[want]
		switch {
		case w == Mod && c.effectiveType(s) == TypeBool:
			if s.Type == TypeBool {
				f.Msg = fmt.Sprintf("%s is bool: it cannot be m", s.Name)
			} else {
				f.Msg = fmt.Sprintf("%s cannot be m while %s is n (modules are disabled)", s.Name, c.modules.Name)
			}
		case s.isChoiceVal() && s.visible != No && w == No && s.choice.curr.choice == s:
			f.Msg = fmt.Sprintf("%s is the only choice left: a choice in y mode needs one member set", s.Name)
		case w < s.revDep.tri:
			f.Msg = fmt.Sprintf("cannot lower %s to %s: selected by %s", s.Name, want, joinTerms(c.reverseTerms(s.revDep.expr)))
		case s.visible == No && len(s.propsOf(PropPrompt))+len(s.propsOf(PropMenu)) == 0:
			f.Msg = fmt.Sprintf("%s has no prompt: only select, imply or defaults set it", s.Name)
		case w > s.visible:
			f.Msg = fmt.Sprintf("cannot raise %s to %s: its dependencies limit it to %s", s.Name, want, s.visible)
		default:
			f.Msg = fmt.Sprintf("%s stays %s", s.Name, got)
		}
	default:
		switch {
		case s.visible == No:
			f.Msg = fmt.Sprintf("%s is not visible (dependencies not met): it keeps its default %q", s.Name, got)
		case c.rangeProp(s) != nil:
			p := c.rangeProp(s)
			f.Msg = fmt.Sprintf("%s=%s is outside the range %s..%s", s.Name, want, c.stringValue(p.Expr.Sym), c.stringValue(p.Expr.Sym2))
		default:
			f.Msg = fmt.Sprintf("%s stays %q", s.Name, got)
		}
	}
	return f
}

func joinTerms(ts []Term) string {
	var parts []string
	active := 0
	for _, t := range ts {
		if t.Value == "n" {
			continue
		}
		active++
		if len(parts) < 3 {
			parts = append(parts, fmt.Sprintf("%s [=%s] (%s)", t.By, t.Value, t.Where))
		}
	}
	if active > len(parts) {
		parts = append(parts, fmt.Sprintf("and %d more", active-len(parts)))
	}
	return strings.Join(parts, ", ")
}
