package kconfig

import "sort"

// Config is a parsed Kconfig tree together with the current symbol
// values: what scripts/kconfig keeps in its global tables.
type Config struct {
	// Root is the top of the menu tree; its prompt is the mainmenu text.
	Root *Menu
	// Files lists every Kconfig file read, in order, relative to srctree.
	Files []string
	// Warnings collects what the C tools print as warnings, with
	// file:line prefixes.
	Warnings []string

	symbols    []*Symbol // non-constant symbols in creation order
	byName     map[string]*Symbol
	consts     map[string]*Symbol
	choices    []*Symbol
	yes        *Symbol
	mod        *Symbol
	no         *Symbol
	modules    *Symbol
	modulesVal Tristate
	unmet      map[*Symbol]bool
	// changed is conf_changed: when false, Write recomputes everything.
	changed      bool
	readWarnings int
}

func newConfig() *Config {
	c := &Config{
		byName: map[string]*Symbol{},
		consts: map[string]*Symbol{},
	}
	mk := func(name string, t Tristate) *Symbol {
		return &Symbol{Name: name, Type: TypeTristate, flags: flagConst | flagValid, curr: value{tri: t, str: name}}
	}
	c.yes, c.mod, c.no = mk("y", Yes), mk("m", Mod), mk("n", No)
	c.Root = &Menu{}
	return c
}

// lookup returns the symbol called name, creating it if needed.
// mirrors sym_lookup: y, m and n are the constants; quoted words are
// constant symbols kept apart from config symbols of the same name.
func (c *Config) lookup(name string, constant bool) *Symbol {
	if len(name) == 1 {
		switch name {
		case "y":
			return c.yes
		case "m":
			return c.mod
		case "n":
			return c.no
		}
	}
	if constant {
		if s := c.consts[name]; s != nil {
			return s
		}
		s := &Symbol{Name: name, flags: flagConst}
		c.consts[name] = s
		return s
	}
	if s := c.byName[name]; s != nil {
		return s
	}
	s := &Symbol{Name: name}
	c.byName[name] = s
	c.symbols = append(c.symbols, s)
	return s
}

// newChoice creates the symbol of a choice block. Named choices are not
// entered into the name table, so `choice FOO` never aliases `config FOO`.
func (c *Config) newChoice(name string) *Symbol {
	for _, s := range c.choices {
		if name != "" && s.Name == name {
			return s
		}
	}
	s := &Symbol{Name: name, flags: flagChoice | flagNoWrite}
	c.choices = append(c.choices, s)
	c.symbols = append(c.symbols, s)
	return s
}

// Lookup returns the config symbol called name (without CONFIG_), or nil.
func (c *Config) Lookup(name string) *Symbol {
	if s := c.byName[name]; s != nil && s.Type != TypeUnknown {
		return s
	}
	return nil
}

// Symbols returns every typed config symbol, sorted by name.
func (c *Config) Symbols() []*Symbol {
	var out []*Symbol
	for _, s := range c.symbols {
		if s.Name != "" && !s.isChoice() && s.Type != TypeUnknown {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Value returns the current value of s as .config spells it: n/m/y or
// the string/number.
func (c *Config) Value(s *Symbol) string {
	c.calc(s)
	return c.stringValue(s)
}

// Visible returns the visibility of s (the upper bound of user input).
func (c *Config) Visible(s *Symbol) Tristate {
	c.calc(s)
	return s.visible
}

// Prompt returns the first prompt of s, or "".
func (s *Symbol) Prompt() string {
	for _, p := range s.props {
		if p.isPrompt() {
			return p.Text
		}
	}
	return ""
}

// Nodes returns the menu entries that define s.
func (s *Symbol) Nodes() []*Menu { return s.nodes }

// Props returns the properties of s in parse order.
func (s *Symbol) Props() []*Property { return s.props }

// DirectDeps returns the OR of the dependencies of every definition.
func (s *Symbol) DirectDeps() *Expr { return s.dirDep.expr }

// ReverseDeps returns the select expression (X && cond || ...).
func (s *Symbol) ReverseDeps() *Expr { return s.revDep.expr }

// Implied returns the imply expression.
func (s *Symbol) Implied() *Expr { return s.implied.expr }

// Choice returns the choice s is a member of, or nil.
func (s *Symbol) Choice() *Symbol { return s.choice }

// Members returns the values of a choice symbol.
func (s *Symbol) Members() []*Symbol { return s.members }

// IsChoice reports whether s is a choice block's symbol.
func (s *Symbol) IsChoice() bool { return s.isChoice() }

// HasUserValue reports whether s carries a value read from .config or set.
func (s *Symbol) HasUserValue() bool { return s.hasUser() }
