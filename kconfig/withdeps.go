package kconfig

import "fmt"

// SetWithDeps is Set that also assigns what the requests depend on. It
// repeats: apply, look at each request that did not take, and add the
// assignments its blocking expression needs (enabling dependencies,
// disabling selecters), choosing at each || the alternative that needs
// the fewest new assignments. The search is greedy: the set is small but
// not proven minimal. It stops when every request holds, or reports the
// failures when no further assignment helps.
func (c *Config) SetWithDeps(name string, current []byte, as []Assignment) *SetResult {
	var added []Assignment
	requested := map[string]bool{}
	for _, a := range as {
		requested[trimConfig(a.Name)] = true
	}
	for range 16 {
		res := c.Set(name, current, append(append([]Assignment{}, as...), added...))
		if len(res.Failures) == 0 {
			res.Added = added
			return res
		}
		have := map[string]string{}
		for _, a := range added {
			have[a.Name] = a.Value
		}
		progress := false
		for _, f := range res.Failures {
			if f.Code != CodeNotApplied {
				return res
			}
			s := c.Lookup(f.Name)
			w := map[string]Tristate{"n": No, "m": Mod, "y": Yes}[f.Value]
			if s == nil || (s.Type != TypeBool && s.Type != TypeTristate) {
				continue
			}
			var fix []Assignment
			if w < s.revDep.tri {
				fix = c.lower(s.revDep.expr, w)
			} else {
				fix = c.raiseVisibility(s, w)
			}
			for _, a := range fix {
				if requested[a.Name] {
					continue
				}
				if v, ok := have[a.Name]; ok {
					if v != a.Value {
						res.Failures = append(res.Failures, Failure{Assignment: a, Code: CodeNotApplied,
							Msg: fmt.Sprintf("--with-deps: %s would need both %s and %s", a.Name, v, a.Value)})
						return res
					}
					continue
				}
				have[a.Name] = a.Value
				added = append(added, a)
				progress = true
			}
		}
		if !progress {
			for i := range res.Failures {
				res.Failures[i].Msg += " (--with-deps found no assignment that helps)"
			}
			return res
		}
	}
	return c.Set(name, current, append(as, added...))
}

func trimConfig(n string) string {
	if len(n) > 7 && n[:7] == "CONFIG_" {
		return n[7:]
	}
	return n
}

// raiseVisibility returns assignments that make one prompt of s at least
// w.
func (c *Config) raiseVisibility(s *Symbol, w Tristate) []Assignment {
	var best []Assignment
	found := false
	for _, p := range s.props {
		if !p.isPrompt() {
			continue
		}
		fix, ok := c.raise(p.Cond, w, 0)
		if ok && (!found || len(fix) < len(best)) {
			best, found = fix, true
		}
	}
	return best
}

// raise returns assignments that make e at least w (false when it cannot
// be done by assigning prompted symbols).
func (c *Config) raise(e *Expr, w Tristate, depth int) ([]Assignment, bool) {
	if e == nil || c.eval(e) >= w {
		return nil, true
	}
	if depth > 24 {
		return nil, false
	}
	switch e.Op {
	case OpAnd:
		l, ok1 := c.raise(e.L, w, depth+1)
		r, ok2 := c.raise(e.R, w, depth+1)
		return append(l, r...), ok1 && ok2
	case OpOr:
		l, ok1 := c.raise(e.L, w, depth+1)
		r, ok2 := c.raise(e.R, w, depth+1)
		switch {
		case ok1 && (!ok2 || len(l) <= len(r)):
			return l, true
		case ok2:
			return r, true
		}
		return nil, false
	case OpNot:
		return c.lowerExpr(e.L, Yes-w, depth+1)
	case OpSymbol:
		return c.assign(e.Sym, w, depth)
	case OpEqual:
		if e.Sym2.isConst() && (e.Sym2 == c.yes || e.Sym2 == c.mod) {
			return c.assign(e.Sym, e.Sym2.curr.tri, depth)
		}
		if e.Sym2 == c.no {
			return c.assign(e.Sym, No, depth)
		}
	case OpUnequal:
		if e.Sym2 == c.no {
			return c.assign(e.Sym, w, depth)
		}
	}
	return nil, false
}

// assign asks for s >= w (or s == n when w is n).
func (c *Config) assign(s *Symbol, w Tristate, depth int) ([]Assignment, bool) {
	if s.isConst() || s.Type != TypeBool && s.Type != TypeTristate {
		return nil, false
	}
	if s.isChoice() {
		// A visible choice cannot be n; make its prompt visible.
		for _, p := range s.props {
			if p.isPrompt() {
				return c.raise(p.Cond, w, depth+1)
			}
		}
		return nil, false
	}
	if len(s.propsOf(PropPrompt))+len(s.propsOf(PropMenu)) == 0 {
		// A promptless symbol follows its defaults: raise the
		// condition and value of the cheapest one.
		var best []Assignment
		found := false
		for _, p := range s.props {
			if p.Kind != PropDefault {
				continue
			}
			cond, ok1 := c.raise(p.Cond, w, depth+1)
			val, ok2 := c.raise(p.Expr, w, depth+1)
			if ok1 && ok2 && (!found || len(cond)+len(val) < len(best)) {
				best, found = append(cond, val...), true
			}
		}
		return best, found
	}
	v := w
	if s.Type == TypeBool && v == Mod {
		v = Yes
	}
	return []Assignment{{Name: s.Name, Value: v.String()}}, true
}

// lower returns assignments that bring a select expression to at most w:
// every active "X && cond" term must drop.
func (c *Config) lower(e *Expr, w Tristate) []Assignment {
	fix, _ := c.lowerExpr(e, w, 0)
	return fix
}

func (c *Config) lowerExpr(e *Expr, w Tristate, depth int) ([]Assignment, bool) {
	if e == nil {
		return nil, w == Yes
	}
	if c.eval(e) <= w {
		return nil, true
	}
	if depth > 24 {
		return nil, false
	}
	switch e.Op {
	case OpOr:
		l, ok1 := c.lowerExpr(e.L, w, depth+1)
		r, ok2 := c.lowerExpr(e.R, w, depth+1)
		return append(l, r...), ok1 && ok2
	case OpAnd:
		// Prefer turning off the selecting symbol (the left term).
		l, ok1 := c.lowerExpr(e.L, w, depth+1)
		r, ok2 := c.lowerExpr(e.R, w, depth+1)
		switch {
		case ok1 && (!ok2 || len(l) <= len(r)):
			return l, true
		case ok2:
			return r, true
		}
		return nil, false
	case OpNot:
		return c.raise(e.L, Yes-w, depth+1)
	case OpSymbol:
		s := e.Sym
		if s.isConst() || s.isChoice() || len(s.propsOf(PropPrompt))+len(s.propsOf(PropMenu)) == 0 {
			return nil, false
		}
		return []Assignment{{Name: s.Name, Value: w.String()}}, true
	}
	return nil, false
}
