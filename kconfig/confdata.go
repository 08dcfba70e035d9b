package kconfig

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Reset drops every user value and recomputes from defaults, as conf
// does when there is no .config to read.
func (c *Config) Reset() {
	for _, s := range c.symbols {
		s.flags &^= flagDefUser | flagValid | flagNeedSetChoiceValues
		s.user = value{}
	}
	c.changed = true
	c.invalidate()
}

// ReadConfig loads a .config as user values and computes every symbol.
// name is used in warnings. Unknown symbols and invalid values are
// skipped with a warning, as conf does.
// mirrors conf_read and conf_read_simple (scripts/kconfig/confdata.c)
func (c *Config) ReadConfig(name string, data []byte) {
	c.readSimple(name, data)
	c.calc(c.modules)
	unsaved := 0
	for _, s := range c.symbols {
		c.calc(s)
		if s.isChoice() || s.flags&flagNoWrite != 0 {
			continue
		}
		if s.hasUser() && s.flags&flagWrite != 0 {
			switch s.Type {
			case TypeBool, TypeTristate:
				if s.user.tri == s.curr.tri {
					continue
				}
			default:
				if s.curr.str == s.user.str {
					continue
				}
			}
		} else if !s.hasUser() && s.flags&flagWrite == 0 {
			continue
		}
		unsaved++
	}
	for _, s := range c.symbols {
		if !s.hasUser() || s.isChoiceVal() {
			continue
		}
		// Forget values of symbols that are invisible, so they count as
		// new should they become visible (only when nothing changed).
		if s.visible == No && unsaved == 0 {
			s.flags &^= flagDefUser
		}
		switch s.Type {
		case TypeString, TypeInt, TypeHex:
			if !c.stringWithinRange(s, s.user.str) {
				s.flags &^= flagValid | flagDefUser
				unsaved++
			}
		}
	}
	if c.readWarnings > 0 || unsaved > 0 {
		c.changed = true
	}
}

func (c *Config) readWarn(name string, line int, format string, args ...any) {
	c.readWarnings++
	c.Warnings = append(c.Warnings, fmt.Sprintf("%s:%d:warning: %s", name, line, fmt.Sprintf(format, args...)))
}

// readSimple mirrors conf_read_simple for S_DEF_USER.
func (c *Config) readSimple(name string, data []byte) {
	c.readWarnings = 0
	c.changed = false
	for _, s := range c.symbols {
		// flagNeedSetChoiceValues is cleared too so that one Config can
		// read several files (conf reads once per process).
		s.flags &^= flagDefUser | flagValid | flagNeedSetChoiceValues
		if s.isChoice() {
			s.flags |= flagDefUser
		}
		s.user = value{}
	}
	for _, s := range c.consts {
		s.flags &^= flagValid
	}
	lineno := 0
	for len(data) > 0 {
		var line string
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = string(data[:i+1]), data[i+1:]
		} else {
			line, data = string(data), nil
		}
		lineno++
		var symName, val string
		switch {
		case strings.HasPrefix(line, "#"):
			if !strings.HasPrefix(line, "# CONFIG_") {
				continue
			}
			rest := line[len("# CONFIG_"):]
			sp := strings.IndexByte(rest, ' ')
			if sp < 0 {
				continue
			}
			symName = rest[:sp]
			if !strings.HasPrefix(rest[sp+1:], "is not set") {
				continue
			}
			val = "n"
		case strings.HasPrefix(line, "CONFIG_"):
			rest := line[len("CONFIG_"):]
			eq := strings.IndexByte(rest, '=')
			if eq < 0 {
				continue
			}
			symName, val = rest[:eq], rest[eq+1:]
			if strings.HasSuffix(val, "\n") {
				val = val[:len(val)-1]
				val = strings.TrimSuffix(val, "\r")
			}
		default:
			if line[0] != '\r' && line[0] != '\n' {
				c.readWarn(name, lineno, "unexpected data: %s", strings.TrimRight(strings.SplitN(line, "\r", 2)[0], "\n"))
			}
			continue
		}
		s := c.byName[symName]
		if s == nil {
			c.changed = true
			continue
		}
		if s.hasUser() {
			c.readWarn(name, lineno, "override: reassigning to symbol %s", s.Name)
		}
		if !c.setUserFromFile(s, val, name, lineno) {
			continue
		}
		if s.isChoiceVal() && s.choice != nil {
			cs := s.choice
			switch s.user.tri {
			case Mod:
				if cs.user.tri == Yes {
					c.readWarn(name, lineno, "%s creates inconsistent choice state", s.Name)
					cs.flags &^= flagDefUser
				}
			case Yes:
				if cs.user.tri != No {
					c.readWarn(name, lineno, "override: %s changes choice state", s.Name)
				}
				cs.user.choice = s
			}
			cs.user.tri = triOr(cs.user.tri, s.user.tri)
		}
	}
}

// setUserFromFile mirrors conf_set_sym_val; false means the line was
// rejected.
func (c *Config) setUserFromFile(s *Symbol, p, name string, lineno int) bool {
	switch s.Type {
	case TypeTristate, TypeBool:
		switch {
		case p != "" && p[0] == 'm' && s.Type == TypeTristate:
			s.user.tri = Mod
		case p != "" && p[0] == 'y':
			s.user.tri = Yes
		case p != "" && p[0] == 'n':
			s.user.tri = No
		default:
			c.readWarn(name, lineno, "symbol value '%s' invalid for %s", p, s.Name)
			return false
		}
		s.flags |= flagDefUser
	case TypeString:
		if p == "" || p[0] != '"' {
			// conf silently ignores an unquoted string.
			return true
		}
		v, ok := unescapeString(p[1:])
		if !ok {
			c.readWarn(name, lineno, "invalid string found")
			return false
		}
		s.user.str = v
		s.flags |= flagDefUser
	case TypeInt, TypeHex:
		if !stringValid(s.Type, p) {
			c.readWarn(name, lineno, "symbol value '%s' invalid for %s", p, s.Name)
			return false
		}
		s.user.str = p
		s.flags |= flagDefUser
	}
	return true
}

// unescapeString reads a .config string body up to the closing quote:
// a backslash keeps the next character literally.
func unescapeString(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '"':
			return b.String(), true
		case '\\':
			i++
			if i >= len(p) {
				return "", false
			}
			b.WriteByte(p[i])
		default:
			b.WriteByte(p[i])
		}
	}
	return "", false
}

// escapeString quotes a string value for .config.
func escapeString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// menuVisible mirrors menu_is_visible.
func (c *Config) menuVisible(m *Menu) bool {
	if m.Prompt == nil {
		return false
	}
	if m.Visibility != nil && c.eval(m.Visibility) == No {
		return false
	}
	var vis Tristate
	if m.Sym != nil {
		c.calc(m.Sym)
		vis = m.Prompt.condTri
	} else {
		m.Prompt.condTri = c.eval(m.Prompt.Cond)
		vis = m.Prompt.condTri
	}
	if vis != No {
		return true
	}
	if m.Sym == nil || m.Sym.curr.tri == No {
		return false
	}
	for ch := m.List; ch != nil; ch = ch.Next {
		if c.menuVisible(ch) {
			return true
		}
	}
	return false
}

// symbolLine formats s as a .config line (without newline); "" when the
// symbol has no type.
func (c *Config) symbolLine(s *Symbol) string {
	if s.Type == TypeUnknown {
		return ""
	}
	v := c.stringValue(s)
	switch s.Type {
	case TypeBool, TypeTristate:
		if v == "n" {
			return "# CONFIG_" + s.Name + " is not set"
		}
	case TypeString:
		v = escapeString(v)
	}
	return "CONFIG_" + s.Name + "=" + v
}

// walk visits the menu tree depth-first in source order, calling enter
// for each entry and leave after an entry's children.
func (c *Config) walk(enter, leave func(m *Menu)) {
	m := c.Root.List
	for m != nil {
		enter(m)
		if m.List != nil {
			m = m.List
			continue
		}
		for m != nil {
			leave(m)
			if m.Next != nil {
				m = m.Next
				break
			}
			m = m.Parent
		}
	}
}

// Write renders the full configuration as .config text.
// mirrors conf_write (scripts/kconfig/confdata.c, v6.1)
func (c *Config) Write() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "#\n# Automatically generated file; DO NOT EDIT.\n# %s\n#\n", c.Root.Prompt.Text)
	if !c.changed {
		c.invalidate()
	}
	needNewline := false
	c.walk(func(m *Menu) {
		s := m.Sym
		if s == nil {
			if c.menuVisible(m) {
				fmt.Fprintf(&b, "\n#\n# %s\n#\n", m.Prompt.Text)
				needNewline = false
			}
			return
		}
		if s.isChoice() || s.flags&flagWritten != 0 {
			return
		}
		c.calc(s)
		if s.flags&flagWrite == 0 {
			return
		}
		if needNewline {
			b.WriteByte('\n')
			needNewline = false
		}
		s.flags |= flagWritten
		if line := c.symbolLine(s); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}, func(m *Menu) {
		if m.Sym == nil && m != c.Root && c.menuVisible(m) && m.Prompt.Kind == PropMenu {
			fmt.Fprintf(&b, "# end of %s\n", m.Prompt.Text)
			needNewline = true
		}
	})
	for _, s := range c.symbols {
		s.flags &^= flagWritten
	}
	c.changed = false
	return b.Bytes()
}

// WriteMinimal renders the minimal configuration savedefconfig writes:
// only user-changeable symbols whose value differs from their default.
// mirrors conf_write_defconfig
func (c *Config) WriteMinimal() []byte {
	var b bytes.Buffer
	c.invalidate()
	c.walk(func(m *Menu) {
		s := m.Sym
		if s == nil || s.isChoice() {
			return
		}
		c.calc(s)
		if s.flags&flagWrite == 0 {
			return
		}
		s.flags &^= flagWrite
		if !s.changeable() {
			return
		}
		if c.stringValue(s) == c.stringDefault(s) {
			return
		}
		if s.isChoiceVal() {
			cs := s.choice
			if !cs.isOptional() && s == c.choiceDefault(cs) && s.Type == TypeBool && s.curr.tri == Yes {
				return
			}
		}
		if line := c.symbolLine(s); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}, func(*Menu) {})
	return b.Bytes()
}

// PinChoices fixes every choice that has no user selection to its
// current default, which is what `conf --defconfig` does after reading
// the defconfig file.
// mirrors conf_set_all_new_symbols(def_default) (scripts/kconfig/conf.c)
func (c *Config) PinChoices() {
	c.invalidate()
	for _, s := range c.symbols {
		if (s.isChoice() && !s.hasUser()) || s.isChoiceVal() {
			s.flags |= flagNeedSetChoiceValues
		}
	}
	for _, cs := range c.symbols {
		if cs.hasUser() || !cs.isChoice() {
			continue
		}
		c.calc(cs)
		c.setAllChoiceValues(cs)
	}
	c.changed = true
}

// WriteFile writes data to path the way conf does: through a temporary
// file, keeping the previous version as path.old. It reports false (and
// writes nothing) when the file already holds exactly data.
func WriteFile(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return false, fmt.Errorf("%s: Is a directory", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return false, err
	}
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, path+".old"); err != nil {
			os.Remove(tmp)
			return false, err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return false, err
	}
	return true, nil
}
