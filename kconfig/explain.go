package kconfig

import (
	"fmt"
	"strings"
)

// DepNode is one node of a dependency expression shown as a tree: an
// operator with children, or a leaf (symbol or comparison) with the
// symbol's value and definition site.
type DepNode struct {
	Op       string     `json:"op"` // "&&", "||", "!", "sym", "=", "!=", "<", ...
	Text     string     `json:"expr"`
	Value    string     `json:"value"` // tristate value of this node
	Symbol   string     `json:"symbol,omitempty"`
	SymValue string     `json:"symbol_value,omitempty"`
	Where    string     `json:"defined_at,omitempty"`
	Children []*DepNode `json:"children,omitempty"`
}

// DepTree evaluates e against the current values and returns it as a
// tree, so a user can see which term holds a dependency back.
func (c *Config) DepTree(e *Expr) *DepNode {
	if e == nil {
		return &DepNode{Op: "sym", Text: "y", Value: "y"}
	}
	n := &DepNode{Text: e.String(), Value: c.eval(e).String()}
	switch e.Op {
	case OpAnd, OpOr:
		n.Op = "&&"
		if e.Op == OpOr {
			n.Op = "||"
		}
		// Flatten chains of the same operator into one level.
		var flat func(x *Expr)
		flat = func(x *Expr) {
			if x.Op == e.Op {
				flat(x.L)
				flat(x.R)
				return
			}
			n.Children = append(n.Children, c.DepTree(x))
		}
		flat(e)
	case OpNot:
		n.Op = "!"
		n.Children = []*DepNode{c.DepTree(e.L)}
	case OpSymbol:
		n.Op = "sym"
		c.describeLeaf(n, e.Sym)
	default:
		n.Op = strings.TrimSpace(opText[e.Op])
		c.describeLeaf(n, e.Sym)
		if !e.Sym.isConst() && e.Sym2 != nil && !e.Sym2.isConst() && e.Sym2.Type != TypeUnknown {
			n.Children = []*DepNode{c.leaf(e.Sym2)}
		}
	}
	return n
}

func (c *Config) leaf(s *Symbol) *DepNode {
	n := &DepNode{Op: "sym", Text: s.Name}
	c.describeLeaf(n, s)
	n.Value = n.SymValue
	return n
}

func (c *Config) describeLeaf(n *DepNode, s *Symbol) {
	if s.isConst() {
		return
	}
	n.Symbol = s.Name
	c.calc(s)
	if s.Type == TypeUnknown {
		n.Where = "undefined"
		n.SymValue = "n"
		return
	}
	n.SymValue = c.stringValue(s)
	n.Where = s.where()
}

// where is the file:line of the first definition.
func (s *Symbol) where() string {
	if len(s.nodes) == 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d", s.nodes[0].File, s.nodes[0].Line)
}

// Where returns the file:line of each definition of s.
func (s *Symbol) Where() []string {
	var out []string
	for _, m := range s.nodes {
		out = append(out, fmt.Sprintf("%s:%d", m.File, m.Line))
	}
	return out
}

// Render prints the tree, one node per line, indented by depth.
func (n *DepNode) Render(b *strings.Builder, indent string) {
	b.WriteString(indent)
	switch n.Op {
	case "&&", "||", "!":
		fmt.Fprintf(b, "%s [=%s]\n", n.Op, n.Value)
		for _, ch := range n.Children {
			ch.Render(b, indent+"  ")
		}
		return
	}
	b.WriteString(n.Text)
	if n.Op != "sym" {
		fmt.Fprintf(b, " [=%s]", n.Value)
	}
	if n.Symbol != "" {
		if n.Op == "sym" {
			fmt.Fprintf(b, " [=%s]", n.SymValue)
		} else {
			fmt.Fprintf(b, " (%s=%s)", n.Symbol, n.SymValue)
		}
		fmt.Fprintf(b, "  %s", n.Where)
	}
	b.WriteByte('\n')
}

// Term is one "X && cond" alternative of a select or imply, with its
// value.
type Term struct {
	By    string `json:"by"`
	Expr  string `json:"expr"`
	Value string `json:"value"`
	Where string `json:"defined_at,omitempty"`
}

// reverseTerms splits a select/imply expression into its alternatives.
func (c *Config) reverseTerms(e *Expr) []Term {
	var out []Term
	var walk func(x *Expr)
	walk = func(x *Expr) {
		if x == nil {
			return
		}
		if x.Op == OpOr {
			walk(x.L)
			walk(x.R)
			return
		}
		t := Term{Expr: x.String(), Value: c.eval(x).String()}
		head := x
		for head.Op == OpAnd {
			head = head.L
		}
		if head.Op == OpSymbol && !head.Sym.isConst() {
			t.By = head.Sym.Name
			t.Where = head.Sym.where()
		}
		out = append(out, t)
	}
	walk(e)
	return out
}

// Why is the full explanation of a symbol's current value.
type Why struct {
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Value      string     `json:"value"`
	Prompt     string     `json:"prompt,omitempty"`
	DefinedAt  []string   `json:"defined_at"`
	Visible    string     `json:"visible"`
	UserValue  *string    `json:"user_value,omitempty"`
	Changeable bool       `json:"changeable"`
	Choice     string     `json:"choice,omitempty"`
	DependsOn  *DepNode   `json:"depends_on,omitempty"`
	Prompts    []*DepNode `json:"prompt_conditions,omitempty"`
	SelectedBy []Term     `json:"selected_by,omitempty"`
	ImpliedBy  []Term     `json:"implied_by,omitempty"`
	Default    string     `json:"default,omitempty"`
	DefaultAt  string     `json:"default_at,omitempty"`
	Range      string     `json:"range,omitempty"`
	Reason     string     `json:"reason"`
}

// Explain says why s has its current value.
func (c *Config) Explain(s *Symbol) *Why {
	c.calc(s)
	w := &Why{Name: s.Name, Type: c.effectiveType(s).String(), Value: c.stringValue(s), Prompt: s.Prompt(),
		DefinedAt: s.Where(), Visible: s.visible.String(), Changeable: s.changeable()}
	if s.hasUser() {
		u := s.user.str
		if s.Type == TypeBool || s.Type == TypeTristate {
			u = s.user.tri.String()
		}
		w.UserValue = &u
	}
	if s.choice != nil {
		w.Choice = s.choice.Prompt()
	}
	if s.dirDep.expr != nil {
		w.DependsOn = c.DepTree(s.dirDep.expr)
	}
	for _, p := range s.props {
		if p.isPrompt() && p.Cond != nil {
			w.Prompts = append(w.Prompts, c.DepTree(p.Cond))
		}
	}
	for _, t := range c.reverseTerms(s.revDep.expr) {
		if t.Value != "n" {
			w.SelectedBy = append(w.SelectedBy, t)
		}
	}
	for _, t := range c.reverseTerms(s.implied.expr) {
		if t.Value != "n" {
			w.ImpliedBy = append(w.ImpliedBy, t)
		}
	}
	if p := c.defaultProp(s); p != nil {
		w.Default = p.Expr.String()
		if p.Cond != nil {
			w.Default += " if " + p.Cond.String()
		}
		w.DefaultAt = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p := c.rangeProp(s); p != nil {
		w.Range = fmt.Sprintf("%s..%s", c.stringValue(p.Expr.Sym), c.stringValue(p.Expr.Sym2))
	}
	w.Reason = c.reason(s)
	return w
}

// reason gives the one-line cause of the value.
func (c *Config) reason(s *Symbol) string {
	switch {
	case s.isChoiceVal() && s.visible == Yes:
		if s.choice.curr.choice == s {
			if s.choice.user.choice == s {
				return "selected in its choice by the user"
			}
			return "the default of its choice"
		}
		return "another member of its choice is selected"
	case s.revDep.tri != No && (s.Type == TypeBool || s.Type == TypeTristate) && s.curr.tri == s.revDep.tri && (!s.hasUser() || s.user.tri < s.revDep.tri || s.visible == No):
		return "forced by select"
	case s.visible != No && s.hasUser():
		return "user value (from .config)"
	case s.visible == No && len(s.propsOf(PropPrompt))+len(s.propsOf(PropMenu)) == 0:
		return "no prompt: value comes from defaults, select and imply only"
	case s.visible == No:
		return "not visible: prompt conditions are not met, so the default applies"
	case s.implied.tri != No:
		return "default raised by imply"
	}
	return "default (no user value)"
}

// Render prints a Why as text.
func (w *Why) Render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CONFIG_%s=%s (%s)\n", w.Name, w.Value, w.Type)
	if w.Prompt != "" {
		fmt.Fprintf(&b, "  prompt: %q\n", w.Prompt)
	}
	fmt.Fprintf(&b, "  defined at: %s\n", strings.Join(w.DefinedAt, ", "))
	fmt.Fprintf(&b, "  reason: %s\n", w.Reason)
	fmt.Fprintf(&b, "  visible: %s, user-changeable: %v\n", w.Visible, w.Changeable)
	if w.UserValue != nil {
		fmt.Fprintf(&b, "  user value: %s\n", *w.UserValue)
	}
	if w.Choice != "" {
		fmt.Fprintf(&b, "  member of choice %q\n", w.Choice)
	}
	if w.DependsOn != nil {
		b.WriteString("  depends on:\n")
		w.DependsOn.Render(&b, "    ")
	}
	for _, p := range w.Prompts {
		b.WriteString("  prompt visible if:\n")
		p.Render(&b, "    ")
	}
	if len(w.SelectedBy) > 0 {
		b.WriteString("  selected by:\n")
		for _, t := range w.SelectedBy {
			fmt.Fprintf(&b, "    %s [=%s]  %s\n", t.Expr, t.Value, t.Where)
		}
	}
	if len(w.ImpliedBy) > 0 {
		b.WriteString("  implied by:\n")
		for _, t := range w.ImpliedBy {
			fmt.Fprintf(&b, "    %s [=%s]  %s\n", t.Expr, t.Value, t.Where)
		}
	}
	if w.Default != "" {
		fmt.Fprintf(&b, "  active default: %s  %s\n", w.Default, w.DefaultAt)
	}
	if w.Range != "" {
		fmt.Fprintf(&b, "  range: %s\n", w.Range)
	}
	return b.String()
}
