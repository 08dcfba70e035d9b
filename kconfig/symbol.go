package kconfig

// Type is the declared type of a symbol.
type Type uint8

// Symbol types.
const (
	TypeUnknown Type = iota
	TypeBool
	TypeTristate
	TypeInt
	TypeHex
	TypeString
)

// String returns the type name as Kconfig's own messages spell it.
func (t Type) String() string {
	switch t {
	case TypeBool:
		return "bool"
	case TypeTristate:
		return "tristate"
	case TypeInt:
		return "int"
	case TypeHex:
		return "hex"
	case TypeString:
		return "string"
	}
	return "unknown"
}

type symFlags uint32

// Symbol flags; they carry the same meaning as SYMBOL_* in
// scripts/kconfig/expr.h because the evaluation depends on their exact
// life cycle (for instance a choice keeps its user flag only while every
// visible member has a user value).
const (
	flagConst symFlags = 1 << iota
	flagChoice
	flagChoiceVal
	flagValid
	flagOptional
	flagWrite
	flagWritten
	flagNoWrite
	flagDefUser
	flagNeedSetChoiceValues
	flagChecked // recursion check bookkeeping
	flagChecking
)

// value is a symbol's computed or user value: tri for bool/tristate, str
// for string/int/hex, choice for the selected member of a choice.
type value struct {
	tri    Tristate
	str    string
	choice *Symbol
}

// depValue is a dependency expression together with its last value.
type depValue struct {
	expr *Expr
	tri  Tristate
}

// Symbol is a Kconfig symbol: a config entry, a choice, or a constant.
type Symbol struct {
	Name string
	Type Type

	flags   symFlags
	curr    value
	user    value
	visible Tristate
	props   []*Property
	dirDep  depValue
	revDep  depValue
	implied depValue

	// choice is the choice this symbol is a member of (choice values only).
	choice *Symbol
	// members lists a choice's values in order (choices only).
	members []*Symbol
	// nodes are the menu entries defining the symbol, in parse order.
	nodes []*Menu
}

// PropKind is the kind of a symbol property.
type PropKind uint8

// Property kinds.
const (
	PropPrompt PropKind = iota + 1
	PropMenu
	PropComment
	PropDefault
	PropSelect
	PropImply
	PropRange
	PropSymbol
)

// Property is one attribute line of an entry: a prompt, default, select,
// imply or range, with its (propagated) condition.
type Property struct {
	Kind PropKind
	Text string // prompt text
	Expr *Expr  // default value, selected symbol, range
	Cond *Expr  // visibility condition after dependency propagation
	Menu *Menu
	File string
	Line int

	condTri Tristate
}

// isPrompt is true for prompt properties; a menuconfig's prompt has kind
// PropMenu but counts as a prompt (for_all_prompts tests the text).
func (p *Property) isPrompt() bool { return p.Kind == PropPrompt || p.Kind == PropMenu }

// Target returns the symbol a select, imply or symbol-default names.
func (p *Property) Target() *Symbol {
	if p.Expr != nil && p.Expr.Op == OpSymbol {
		return p.Expr.Sym
	}
	return nil
}

// Menu is a node of the menu tree: a config, menuconfig, choice, menu,
// comment or if entry.
type Menu struct {
	Next, Parent, List *Menu
	Sym                *Symbol
	Prompt             *Property
	Visibility         *Expr
	Dep                *Expr
	File               string
	Line               int

	isIf    bool
	helpRaw string // source of the help block, rendered by Help
}

// Help returns the entry's help text.
func (m *Menu) Help() string {
	text, _, _, _ := scanHelp(m.helpRaw, 0, true)
	return text
}

func (s *Symbol) isChoice() bool    { return s.flags&flagChoice != 0 }
func (s *Symbol) isChoiceVal() bool { return s.flags&flagChoiceVal != 0 }
func (s *Symbol) isOptional() bool  { return s.flags&flagOptional != 0 }
func (s *Symbol) hasUser() bool     { return s.flags&flagDefUser != 0 }
func (s *Symbol) isConst() bool     { return s.flags&flagConst != 0 }

// effectiveType mirrors sym_get_type: a tristate behaves as bool while
// modules are off, and as a member of a choice in y mode.
func (c *Config) effectiveType(s *Symbol) Type {
	t := s.Type
	if t == TypeTristate {
		if s.isChoiceVal() && s.visible == Yes {
			t = TypeBool
		} else if c.modulesVal == No {
			t = TypeBool
		}
	}
	return t
}

func (s *Symbol) propsOf(k PropKind) []*Property {
	var out []*Property
	for _, p := range s.props {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

// defaultProp returns the first default whose condition holds.
func (c *Config) defaultProp(s *Symbol) *Property {
	for _, p := range s.props {
		if p.Kind != PropDefault {
			continue
		}
		p.condTri = c.eval(p.Cond)
		if p.condTri != No {
			return p
		}
	}
	return nil
}

// rangeProp returns the first range whose condition holds.
func (c *Config) rangeProp(s *Symbol) *Property {
	for _, p := range s.props {
		if p.Kind != PropRange {
			continue
		}
		p.condTri = c.eval(p.Cond)
		if p.condTri != No {
			return p
		}
	}
	return nil
}

func (c *Config) rangeBound(s *Symbol, base int) int64 {
	c.calc(s)
	switch s.Type {
	case TypeInt:
		base = 10
	case TypeHex:
		base = 16
	}
	n, _, _ := strtoll(s.curr.str, base)
	return n
}

// validateRange clamps a computed int/hex value into its active range.
// mirrors sym_validate_range (scripts/kconfig/symbol.c, v6.1)
func (c *Config) validateRange(s *Symbol) {
	var base int
	switch s.Type {
	case TypeInt:
		base = 10
	case TypeHex:
		base = 16
	default:
		return
	}
	p := c.rangeProp(s)
	if p == nil {
		return
	}
	val, _, _ := strtoll(s.curr.str, base)
	bound := p.Expr.Sym
	if val >= c.rangeBound(bound, base) {
		bound = p.Expr.Sym2
		if val <= c.rangeBound(bound, base) {
			return
		}
	}
	s.curr.str = bound.curr.str
}

// calcVisibility mirrors sym_calc_visibility.
func (c *Config) calcVisibility(s *Symbol) {
	tri := No
	for _, p := range s.props {
		if !p.isPrompt() {
			continue
		}
		p.condTri = c.eval(p.Cond)
		// A tristate member of a choice in y mode cannot be m.
		if s.choice != nil && s.isChoiceVal() && s.Type == TypeTristate && p.condTri == Mod && s.choice.curr.tri == Yes {
			p.condTri = No
		}
		tri = triOr(tri, p.condTri)
	}
	if tri == Mod && (s.Type != TypeTristate || c.modulesVal == No) {
		tri = Yes
	}
	s.visible = tri
	if s.isChoiceVal() {
		return
	}
	tri = Yes
	if s.dirDep.expr != nil {
		tri = c.eval(s.dirDep.expr)
	}
	if tri == Mod && c.effectiveType(s) == TypeBool {
		tri = Yes
	}
	s.dirDep.tri = tri
	tri = No
	if s.revDep.expr != nil {
		tri = c.eval(s.revDep.expr)
	}
	if tri == Mod && c.effectiveType(s) == TypeBool {
		tri = Yes
	}
	s.revDep.tri = tri
	tri = No
	if s.implied.expr != nil {
		tri = c.eval(s.implied.expr)
	}
	if tri == Mod && c.effectiveType(s) == TypeBool {
		tri = Yes
	}
	s.implied.tri = tri
}

// choiceDefault mirrors sym_choice_default: the first default whose
// condition holds and whose symbol is visible, else the first visible
// member.
func (c *Config) choiceDefault(cs *Symbol) *Symbol {
	for _, p := range cs.props {
		if p.Kind != PropDefault {
			continue
		}
		p.condTri = c.eval(p.Cond)
		if p.condTri == No {
			continue
		}
		if d := p.Target(); d != nil && d.visible != No {
			return d
		}
	}
	for _, m := range cs.members {
		if m.visible != No {
			return m
		}
	}
	return nil
}

// calcChoice mirrors sym_calc_choice: it returns the selected member of a
// choice in y mode.
func (c *Config) calcChoice(cs *Symbol) *Symbol {
	flags := cs.flags
	for _, m := range cs.members {
		c.calcVisibility(m)
		if m.visible != No {
			flags &= m.flags
		}
	}
	cs.flags &= flags | ^flagDefUser
	if d := cs.user.choice; d != nil && d.visible != No {
		return d
	}
	d := c.choiceDefault(cs)
	if d == nil {
		cs.curr.tri = No
	}
	return d
}

// calc computes s's current value once per evaluation round.
// mirrors sym_calc_value (scripts/kconfig/symbol.c, v6.1)
func (c *Config) calc(s *Symbol) {
	if s == nil || s.flags&flagValid != 0 {
		return
	}
	if s.isChoiceVal() && s.flags&flagNeedSetChoiceValues != 0 {
		s.flags &^= flagNeedSetChoiceValues
		c.calc(s.choice)
	}
	s.flags |= flagValid
	var nv value
	switch s.Type {
	case TypeInt, TypeHex, TypeString, TypeBool, TypeTristate:
	default:
		s.curr = value{str: s.Name}
		return
	}
	s.flags &^= flagWrite
	c.calcVisibility(s)
	if s.visible != No {
		s.flags |= flagWrite
	}
	// A recursive reference sees the type's zero value.
	s.curr = nv

	switch c.effectiveType(s) {
	case TypeBool, TypeTristate:
		if s.isChoiceVal() && s.visible == Yes {
			if s.choice.curr.choice == s {
				nv.tri = Yes
			}
		} else {
			userApplied := false
			if s.visible != No && s.hasUser() {
				nv.tri = triAnd(s.user.tri, s.visible)
				userApplied = true
			}
			if !userApplied {
				if s.revDep.tri != No {
					s.flags |= flagWrite
				}
				if !s.isChoice() {
					if p := c.defaultProp(s); p != nil {
						nv.tri = triAnd(c.eval(p.Expr), p.condTri)
						if nv.tri != No {
							s.flags |= flagWrite
						}
					}
					if s.implied.tri != No {
						s.flags |= flagWrite
						nv.tri = triOr(nv.tri, s.implied.tri)
						nv.tri = triAnd(nv.tri, s.dirDep.tri)
					}
				}
			}
			if s.dirDep.tri < s.revDep.tri {
				c.noteUnmet(s)
			}
			nv.tri = triOr(nv.tri, s.revDep.tri)
		}
		if nv.tri == Mod && c.effectiveType(s) == TypeBool {
			nv.tri = Yes
		}
	case TypeString, TypeHex, TypeInt:
		if s.visible != No && s.hasUser() {
			nv.str = s.user.str
			break
		}
		if p := c.defaultProp(s); p != nil {
			if d := p.Target(); d != nil {
				s.flags |= flagWrite
				c.calc(d)
				nv.str = d.curr.str
			}
		}
	}

	s.curr = nv
	if s.isChoice() && nv.tri == Yes {
		s.curr.choice = c.calcChoice(s)
	}
	c.validateRange(s)

	if s == c.modules {
		c.modulesVal = s.curr.tri
	}

	if s.isChoice() {
		for _, m := range s.members {
			if s.flags&flagWrite != 0 && m.visible != No {
				m.flags |= flagWrite
			}
		}
	}
	if s.flags&flagNoWrite != 0 {
		s.flags &^= flagWrite
	}
	if s.flags&flagNeedSetChoiceValues != 0 {
		c.setAllChoiceValues(s)
	}
}

// setAllChoiceValues pins a choice: members without a user value get n.
// mirrors set_all_choice_values (scripts/kconfig/confdata.c)
func (c *Config) setAllChoiceValues(cs *Symbol) {
	for _, m := range cs.members {
		if !m.hasUser() {
			m.user.tri = No
		}
	}
	cs.flags |= flagDefUser
	cs.flags &^= flagValid | flagNeedSetChoiceValues
}

// noteUnmet records a symbol selected although its direct dependencies
// are not met ("unmet direct dependencies detected").
func (c *Config) noteUnmet(s *Symbol) {
	if c.unmet == nil {
		c.unmet = map[*Symbol]bool{}
	}
	c.unmet[s] = true
}

// invalidate forgets every computed value, then recomputes MODULES first
// because every tristate's effective type depends on it.
// mirrors sym_clear_all_valid
func (c *Config) invalidate() {
	for _, s := range c.symbols {
		s.flags &^= flagValid
	}
	c.calc(c.modules)
}

// stringValue mirrors sym_get_string_value.
func (c *Config) stringValue(s *Symbol) string {
	switch s.Type {
	case TypeBool, TypeTristate:
		return s.curr.tri.String()
	}
	return s.curr.str
}

// stringDefault mirrors sym_get_string_default: the value s would have
// without a user value (used by savedefconfig).
func (c *Config) stringDefault(s *Symbol) string {
	c.calcVisibility(s)
	c.calc(c.modules)
	val := No
	str := ""
	if p := c.defaultProp(s); p != nil {
		switch s.Type {
		case TypeBool, TypeTristate:
			val = triAnd(c.eval(p.Expr), p.condTri)
		default:
			if d := p.Target(); d != nil {
				c.calc(d)
				str = d.curr.str
			}
		}
	}
	val = triOr(val, s.revDep.tri)
	if val == Mod && !s.isChoiceVal() && c.modules.curr.tri == No {
		val = Yes
	}
	if s.Type == TypeBool && val == Mod {
		val = Yes
	}
	if val < s.implied.tri {
		val = s.implied.tri
	}
	switch s.Type {
	case TypeBool, TypeTristate:
		return val.String()
	}
	return str
}

// changeable mirrors sym_is_changeable: the user can move the value.
func (s *Symbol) changeable() bool { return s.visible > s.revDep.tri }

// tristateWithinRange mirrors sym_tristate_within_range.
func (c *Config) tristateWithinRange(s *Symbol, v Tristate) bool {
	t := c.effectiveType(s)
	if s.visible == No {
		return false
	}
	if t != TypeBool && t != TypeTristate {
		return false
	}
	if t == TypeBool && v == Mod {
		return false
	}
	if s.visible <= s.revDep.tri {
		return false
	}
	if s.isChoiceVal() && s.visible == Yes {
		return v == Yes
	}
	return v >= s.revDep.tri && v <= s.visible
}

// stringValid mirrors sym_string_valid.
func stringValid(t Type, str string) bool {
	switch t {
	case TypeString:
		return true
	case TypeInt:
		i := 0
		if i < len(str) && str[i] == '-' {
			i++
		}
		if i >= len(str) || !isDigit(str[i]) {
			return false
		}
		if str[i] == '0' && i+1 < len(str) {
			return false
		}
		for _, ch := range []byte(str[i:]) {
			if !isDigit(ch) {
				return false
			}
		}
		return true
	case TypeHex:
		if len(str) >= 2 && str[0] == '0' && (str[1] == 'x' || str[1] == 'X') {
			str = str[2:]
		}
		if str == "" {
			return false
		}
		for _, ch := range []byte(str) {
			if !isHexDigit(ch) {
				return false
			}
		}
		return true
	case TypeBool, TypeTristate:
		if str == "" {
			return false
		}
		switch str[0] {
		case 'y', 'Y', 'm', 'M', 'n', 'N':
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// stringWithinRange mirrors sym_string_within_range.
func (c *Config) stringWithinRange(s *Symbol, str string) bool {
	switch s.Type {
	case TypeString:
		return true
	case TypeInt, TypeHex:
		if !stringValid(s.Type, str) {
			return false
		}
		p := c.rangeProp(s)
		if p == nil {
			return true
		}
		base := 10
		if s.Type == TypeHex {
			base = 16
		}
		v, _, _ := strtoll(str, base)
		return v >= c.rangeBound(p.Expr.Sym, base) && v <= c.rangeBound(p.Expr.Sym2, base)
	case TypeBool, TypeTristate:
		if str == "" {
			return false
		}
		switch str[0] {
		case 'y', 'Y':
			return c.tristateWithinRange(s, Yes)
		case 'm', 'M':
			return c.tristateWithinRange(s, Mod)
		case 'n', 'N':
			return c.tristateWithinRange(s, No)
		}
	}
	return false
}
