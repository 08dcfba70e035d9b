package kconfig

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Change is one difference between two .config files. Old or New is ""
// when the symbol is absent on that side; "n" stands for "is not set".
type Change struct {
	Name string `json:"name"`
	Old  string `json:"old,omitempty"`
	New  string `json:"new,omitempty"`
}

// readValues reads a .config the way scripts/diffconfig does.
func readValues(data []byte) map[string]string {
	d := map[string]string{}
	for _, raw := range bytes.SplitAfter(data, []byte("\n")) {
		if len(raw) == 0 {
			continue
		}
		line := string(raw[:len(raw)-1]) // diffconfig drops the last character
		if rest, ok := strings.CutPrefix(line, "CONFIG_"); ok {
			if n, v, ok := strings.Cut(rest, "="); ok {
				d[n] = v
			}
		}
		if strings.HasSuffix(line, " is not set") && len(line) >= 20 {
			d[line[9:len(line)-11]] = "n"
		}
	}
	return d
}

// Diff compares two .config texts as scripts/diffconfig does: removed
// symbols, then changed ones, then added ones, each group sorted.
func Diff(a, b []byte) []Change {
	va, vb := readValues(a), readValues(b)
	var removed, changed, added []string
	for n := range va {
		if _, ok := vb[n]; !ok {
			removed = append(removed, n)
		} else if va[n] != vb[n] {
			changed = append(changed, n)
		}
	}
	for n := range vb {
		if _, ok := va[n]; !ok {
			added = append(added, n)
		}
	}
	sort.Strings(removed)
	sort.Strings(changed)
	sort.Strings(added)
	var out []Change
	for _, n := range removed {
		out = append(out, Change{Name: n, Old: va[n]})
	}
	for _, n := range changed {
		out = append(out, Change{Name: n, Old: va[n], New: vb[n]})
	}
	for _, n := range added {
		out = append(out, Change{Name: n, New: vb[n]})
	}
	return out
}

// String formats a change as diffconfig prints it.
func (ch Change) String() string {
	switch {
	case ch.New == "":
		return fmt.Sprintf("-%s %s", ch.Name, ch.Old)
	case ch.Old == "":
		return fmt.Sprintf("+%s %s", ch.Name, ch.New)
	}
	return fmt.Sprintf(" %s %s -> %s", ch.Name, ch.Old, ch.New)
}

// Match is a search hit.
type Match struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	Value     string   `json:"value"`
	Prompt    string   `json:"prompt,omitempty"`
	DefinedAt []string `json:"defined_at"`
	DependsOn string   `json:"depends_on,omitempty"`
	Visible   string   `json:"visible"`
}

// Search finds symbols whose name or prompt matches re, exact name
// matches first, then by name, as menuconfig's search orders them.
func (c *Config) Search(re *regexp.Regexp) []Match {
	var out []Match
	for _, s := range c.Symbols() {
		prompts := ""
		for _, p := range s.props {
			if p.isPrompt() {
				prompts += p.Text + "\n"
			}
		}
		if !re.MatchString(s.Name) && !re.MatchString(prompts) {
			continue
		}
		c.calc(s)
		m := Match{Name: s.Name, Type: c.effectiveType(s).String(), Value: c.stringValue(s), Prompt: s.Prompt(),
			DefinedAt: s.Where(), Visible: s.visible.String()}
		if s.dirDep.expr != nil {
			m.DependsOn = s.dirDep.expr.String()
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ei := re.FindString(out[i].Name) == out[i].Name
		ej := re.FindString(out[j].Name) == out[j].Name
		if ei != ej {
			return ei
		}
		return out[i].Name < out[j].Name
	})
	return out
}
