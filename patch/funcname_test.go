package patch

import (
	"testing"
)

// TestDriverPrefilter checks the cheap pre-tests against the regexps
// alone: they may only reject lines the regexps reject.
func TestDriverPrefilter(t *testing.T) {
	lines := []string{
		"int main(void)\n", "static int foo(void)\r\n", "::global\n", ":: x\n", "out:\n", "  label: /* x */\n",
		"\tint x;\n", "#define X 1\n", "_start:\n", "$x\n", "  &uart0 {\n", "/ {\n", "/{\n", "\tnode@1 {\n",
		"\tstatus = \"okay\";\n", "&x;\n", "  foo bar\n", "\n", "", "x", "1abc\n", "  / {\n", "\t&label {\n", "\xffabc\n",
	}
	for _, d := range []*Driver{cppDriver, dtsDriver} {
		plain := &Driver{Name: d.Name, rules: d.rules}
		for _, l := range lines {
			n1, ok1 := d.funcName([]byte(l))
			n2, ok2 := plain.funcName([]byte(l))
			if ok1 != ok2 || string(n1) != string(n2) {
				t.Errorf("%s %q: with pre-test %q,%v; regexps only %q,%v", d.Name, l, n1, ok1, n2, ok2)
			}
		}
	}
}

func TestFuncName(t *testing.T) {
	tests := []struct {
		drv        *Driver
		line, want string
		ok         bool
	}{
		{nil, "config FOO\n", "config FOO", true},
		{nil, "\tint x;\n", "", false},
		{nil, "_x  \t\n", "_x", true},
		{cppDriver, "static int foo(void)\n", "static int foo(void)", true},
		{cppDriver, "out:\n", "", false},
		{cppDriver, "err_free: /* undo */\n", "", false},
		{cppDriver, "struct foo {\r\n", "struct foo {", true},
		{cppDriver, "#include <x.h>\n", "", false},
		{dtsDriver, "\tserial@1000 {\n", "serial@1000 {", true},
		{dtsDriver, "&uart0 {\n", "&uart0 {", true},
		{dtsDriver, "/ {\n", "/ {", true},
		{dtsDriver, "\tstatus = \"okay\";\n", "", false},
	}
	for _, tt := range tests {
		got, ok := tt.drv.funcName([]byte(tt.line))
		if ok != tt.ok || string(got) != tt.want {
			name := "default"
			if tt.drv != nil {
				name = tt.drv.Name
			}
			t.Errorf("%s %q = %q,%v want %q,%v", name, tt.line, got, ok, tt.want, tt.ok)
		}
	}
}
