package kconfig

import (
	"fmt"
	"sort"
	"strings"
)

// finalize propagates dependencies through the menu tree, builds the
// select/imply reverse dependencies, creates implicit submenus, flattens
// if blocks and records choice membership.
// mirrors menu_finalize (scripts/kconfig/menu.c, v6.1)
func (c *Config) finalize(parent *Menu) {
	sym := parent.Sym
	if parent.List != nil {
		var parentDep *Expr
		if sym != nil && sym.isChoice() {
			if sym.Type == TypeUnknown {
				for m := parent.List; m != nil; m = m.Next {
					if m.Sym != nil && m.Sym.Type != TypeUnknown {
						sym.Type = m.Sym.Type
						break
					}
				}
			}
			for m := parent.List; m != nil; m = m.Next {
				if m.Sym != nil && m.Sym.Type == TypeUnknown {
					m.Sym.Type = sym.Type
				}
			}
			// The choice's mode bounds the visibility of its values.
			parentDep = symExpr(sym)
		} else {
			parentDep = parent.Dep
		}
		for m := parent.List; m != nil; m = m.Next {
			base := and(parentDep, c.rewriteM(m.Dep))
			m.Dep = base
			for _, p := range m.ownProps() {
				dep := and(base, c.rewriteM(p.Cond))
				p.Cond = dep
				switch p.Kind {
				case PropSelect:
					t := p.Target()
					t.revDep.expr = or(t.revDep.expr, and(symExpr(m.Sym), dep))
				case PropImply:
					t := p.Target()
					t.implied.expr = or(t.implied.expr, and(symExpr(m.Sym), dep))
				}
			}
		}
		for m := parent.List; m != nil; m = m.Next {
			c.finalize(m)
		}
	} else if sym != nil {
		c.implicitSubmenu(parent)
		sym.dirDep.expr = or(sym.dirDep.expr, parent.Dep)
	}
	for m := parent.List; m != nil; m = m.Next {
		if sym != nil && sym.isChoice() && m.Sym != nil && !m.Sym.isChoiceVal() {
			m.Sym.flags |= flagChoiceVal
			if m.Prompt == nil {
				c.warn(m.File, m.Line, "choice value must have a prompt")
			}
			for _, p := range m.Sym.props {
				if p.Kind == PropDefault {
					c.warn(p.File, p.Line, "defaults for choice values not supported")
				}
			}
			// Non-tristate values of a tristate choice need the choice
			// in y mode.
			if sym.Type == TypeTristate && m.Sym.Type != TypeTristate {
				isY := &Expr{Op: OpEqual, Sym: sym, Sym2: c.yes}
				m.Dep = and(isY, m.Dep)
				for _, p := range m.ownProps() {
					p.Cond = and(isY, p.Cond)
				}
			}
			m.Sym.choice = sym
			sym.members = append(sym.members, m.Sym)
		}
		// Flatten if blocks, and undo submenus below promptless symbols.
		if m.List != nil && (m.Prompt == nil || m.Prompt.Text == "") {
			last := m.List
			for ; ; last = last.Next {
				last.Parent = parent
				if last.Next == nil {
					break
				}
			}
			last.Next = m.Next
			m.Next = m.List
			m.List = nil
		}
	}
	if sym != nil && sym.flags&flagChecked == 0 {
		if sym.Type == TypeUnknown {
			c.warn(parent.File, parent.Line, "config symbol defined without type")
		}
		if sym.isChoice() && parent.Prompt == nil {
			c.warn(parent.File, parent.Line, "choice must have a prompt")
		}
		sym.flags |= flagChecked
	}
	// A visible non-optional choice can never be n: give it the reverse
	// dependency "prompt condition && m".
	if sym != nil && !sym.isOptional() && parent.Prompt != nil {
		sym.revDep.expr = or(sym.revDep.expr, and(parent.Prompt.Cond, symExpr(c.mod)))
	}
}

// ownProps returns the properties written at this menu entry: all of a
// symbol's properties from this location, or a menu/comment's prompt.
func (m *Menu) ownProps() []*Property {
	if m.Sym == nil {
		if m.Prompt != nil {
			return []*Property{m.Prompt}
		}
		return nil
	}
	var out []*Property
	for _, p := range m.Sym.props {
		if p.Menu == m {
			out = append(out, p)
		}
	}
	return out
}

// implicitSubmenu moves the entries that follow a symbol and depend on it
// below it, as menuconfig shows them.
func (c *Config) implicitSubmenu(parent *Menu) {
	sym := parent.Sym
	var base *Expr
	if parent.Prompt != nil {
		base = parent.Prompt.Cond
	}
	var baseTerms []string
	baseDone := false
	var last *Menu
	for m := parent.Next; m != nil; m = m.Next {
		dep := m.Dep
		if m.Prompt != nil {
			dep = m.Prompt.Cond
		}
		if !dep.containsSymbol(sym) {
			break
		}
		if !dep.dependsOn(sym, c) {
			// Also a dependency when dep contains sym and is a superset
			// of sym's own dependencies, e.g. (sym || Q) && R when sym
			// depends on R.
			if !baseDone {
				baseTerms, baseDone = andTerms(base, true), true
			}
			have := map[string]bool{}
			for _, t := range andTerms(dep, true) {
				have[t] = true
			}
			superset := true
			for _, t := range baseTerms {
				if !have[t] {
					superset = false
					break
				}
			}
			if !superset {
				break
			}
		}
		c.finalize(m)
		m.Parent = parent
		last = m
	}
	if last != nil {
		parent.List = parent.Next
		parent.Next = last.Next
		last.Next = nil
	}
}

// andTerms splits e at its top-level && into canonical term strings.
// A bare symbol X and X!=n are the same term, as expr_transform makes
// them.
func andTerms(e *Expr, positive bool) []string {
	if e == nil {
		return nil
	}
	if e.Op == OpAnd {
		return append(andTerms(e.L, positive), andTerms(e.R, positive)...)
	}
	return []string{canonical(e)}
}

func canonical(e *Expr) string {
	switch e.Op {
	case OpSymbol:
		if e.Sym.Name == "y" && e.Sym.isConst() {
			return "y"
		}
		return e.Sym.Name + "!=n"
	case OpUnequal:
		if e.Sym2.Name == "n" && e.Sym2.isConst() {
			return e.Sym.Name + "!=n"
		}
	case OpNot:
		if e.L.Op == OpSymbol {
			return e.L.Sym.Name + "=n"
		}
	case OpAnd, OpOr:
		var parts []string
		var flat func(x *Expr)
		flat = func(x *Expr) {
			if x.Op == e.Op {
				flat(x.L)
				flat(x.R)
				return
			}
			parts = append(parts, canonical(x))
		}
		flat(e)
		sort.Strings(parts)
		sep := " && "
		if e.Op == OpOr {
			sep = " || "
		}
		return "(" + strings.Join(parts, sep) + ")"
	}
	return e.String()
}

func (c *Config) warn(file string, line int, format string, args ...any) {
	c.Warnings = append(c.Warnings, fmt.Sprintf("%s:%d:warning: %s", file, line, fmt.Sprintf(format, args...)))
}

// checkDeps reports dependency loops, which conf refuses
// ("recursive dependency detected!").
func (c *Config) checkDeps() error {
	var errs ErrorList
	state := map[*Symbol]uint8{} // 1 visiting, 2 done
	var stack []*Symbol
	var visit func(s *Symbol) bool
	edges := func(s *Symbol) []*Symbol {
		var out []*Symbol
		add := func(e *Expr) { out = appendExprSymbols(out, e) }
		add(s.dirDep.expr)
		add(s.revDep.expr)
		add(s.implied.expr)
		for _, p := range s.props {
			if p.Kind == PropSelect || p.Kind == PropImply {
				continue
			}
			add(p.Cond)
			if p.Kind == PropDefault && !s.isChoice() {
				add(p.Expr)
			}
			if p.Kind == PropRange {
				out = append(out, p.Expr.Sym, p.Expr.Sym2)
			}
		}
		return out
	}
	visit = func(s *Symbol) bool {
		if s.choice != nil {
			s = s.choice
		}
		switch state[s] {
		case 1:
			i := len(stack) - 1
			for i > 0 && stack[i] != s {
				i--
			}
			var names []string
			for _, x := range stack[i:] {
				names = append(names, displayName(x))
			}
			names = append(names, displayName(s))
			f, l := "", 0
			if len(s.nodes) > 0 {
				f, l = s.nodes[0].File, s.nodes[0].Line
			}
			errs.add(&Error{File: f, Line: l, Code: CodeRecursiveDep, Msg: "recursive dependency detected: " + strings.Join(names, " -> ")})
			return true
		case 2:
			return false
		}
		state[s] = 1
		stack = append(stack, s)
		deps := edges(s)
		for _, m := range s.members {
			deps = append(deps, edges(m)...)
		}
		for _, d := range deps {
			if d.isConst() || d == s {
				continue
			}
			if d.choice == s {
				// A choice's own members depend on it by construction.
				continue
			}
			if visit(d) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[s] = 2
		return false
	}
	for _, s := range c.symbols {
		if state[s] == 0 && visit(s) {
			break
		}
	}
	return errs.Err()
}

func displayName(s *Symbol) string {
	if s.Name == "" {
		return "<choice>"
	}
	return s.Name
}

// appendExprSymbols appends the symbols an expression mentions.
func appendExprSymbols(out []*Symbol, e *Expr) []*Symbol {
	if e == nil {
		return out
	}
	switch e.Op {
	case OpSymbol:
		out = append(out, e.Sym)
	case OpNot:
		out = appendExprSymbols(out, e.L)
	case OpAnd, OpOr:
		out = appendExprSymbols(appendExprSymbols(out, e.L), e.R)
	default:
		if e.Sym != nil {
			out = append(out, e.Sym)
		}
		if e.Sym2 != nil {
			out = append(out, e.Sym2)
		}
	}
	return out
}
