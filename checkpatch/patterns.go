package checkpatch

import (
	"strings"
)

// commentChar stands in for every byte of a comment in a sanitised line, as
// Perl's $; (the subscript separator, "\034") does in checkpatch.pl.
const commentChar = "\x1c"

// pieces are the parts patterns share, named as checkpatch.pl names the
// same definitions ($Ident, $Type, ...) for v6.1, restricted to what RE2
// can express. A pattern writes $Name (see lazyRegexp); a piece may name
// pieces before it. They are kept apart rather than spelled out in every
// pattern so that the binary holds each once.
var pieces = [...]struct{ name, expr string }{
	{"Ident", `[A-Za-z_][A-Za-z\d_]*(?:\s*##\s*[A-Za-z_][A-Za-z\d_]*)*`},
	{"Storage", `extern|static|asmlinkage`},
	{"Sparse", `__user|__kernel|__force|__iomem|__must_check|__kprobes|__ref|__refconst|__refdata|__rcu|__private`},
	{"Init", `__(?:mem|cpu|dev|net_|)(?:initdata\b|initconst\b|init\b)`},
	{"Attribute", `const|volatile|__percpu|__nocast|__safe|__bitwise|__packed__|__packed2__|__naked|__maybe_unused|__always_unused|__noreturn|__used|__cold|__pure|__noclone|__deprecated|__read_mostly|__ro_after_init|__kprobes|$Init|____cacheline_aligned|____cacheline_aligned_in_smp|____cacheline_internodealigned_in_smp|__weak|__alloc_size\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\)`},
	{"Modifier", `(?:$Attribute|$Sparse|fastcall)`},
	{"Inline", `inline|__always_inline|noinline|__inline|__inline__`},
	{"Member", `->$Ident|\.$Ident|\[[^]]*\]`},
	{"Lval", `$Ident(?:$Member)*`},
	{"IntType", `(?i:llu|ull|ll|lu|ul|l|u)`},
	{"Constant", `(?i:0x[0-9a-f]+p-?[0-9]+[fl]?)|(?i:(?:[0-9]+\.[0-9]*|[0-9]*\.[0-9]+)(?:e-?[0-9]+)?[fl]?)|(?i:[0-9]+e-?[0-9]+[fl]?)|(?i:0b[01]+$IntType?)|0[0-7]+$IntType?|(?i:0x[0-9a-f]+$IntType?)|[0-9]+$IntType?`},
	{"String", `(?:\b[Lu])?"[X\t]*"`},
	{"Assignment", `\*=|/=|%=|\+=|-=|<<=|>>=|&=|\^=|\|=|=`},
	{"Operators", `<=|>=|==|!=|=>|->|<<|>>|<|>|!|~|&&|\|\||,|\^|\+\+|--|&|\||\+|-|\*|/|%`},
	{"C90", `do|for|while|if|else|return|goto|continue|switch|default|case|break`},
	{"Typedefs", `(?:(?:__)?(?:[us]_?)?int_?(?:8|16|32|64)_t\b|u_(?:char|short|int|long)\b|u(?:nchar|short|int|long)\b|(?:__)?(?:u|s|be|le)(?:8|16|32|64)\b|atomic_t\b|FILE\b)`},
	{"Misordered", `char\s+(?:un)?signed|int\s+(?:(?:un)?signed\s+)?short\s|int\s+short(?:\s+(?:un)?signed)|short\s+int(?:\s+(?:un)?signed)|(?:un)?signed\s+int\s+short|short\s+(?:un)?signed|long\s+int\s+(?:un)?signed|int\s+long\s+(?:un)?signed|long\s+(?:un)?signed\s+int|int\s+(?:un)?signed\s+long|int\s+(?:un)?signed|int\s+long\s+long\s+(?:un)?signed|long\s+long\s+int\s+(?:un)?signed|long\s+long\s+(?:un)?signed\s+int|long\s+long\s+(?:un)?signed|long\s+(?:un)?signed`},
	{"AllTypes", `(?:void|(?:(?:un)?signed\s+)?char|(?:(?:un)?signed\s+)?short\s+int|(?:(?:un)?signed\s+)?short|(?:(?:un)?signed\s+)?int|(?:(?:un)?signed\s+)?long\s+int|(?:(?:un)?signed\s+)?long\s+long\s+int|(?:(?:un)?signed\s+)?long\s+long|(?:(?:un)?signed\s+)?long|(?:un)?signed|float|double|bool|struct\s+$Ident|union\s+$Ident|enum\s+$Ident|${Ident}_t|${Ident}_handler|${Ident}_handler_fn|$Misordered)`},
	{"NonptrType", `(?:$Modifier\s+|const\s+)*(?:(?:typeof|__typeof__)\s*\([^\)]*\)|$Typedefs|$AllTypes\b)(?:\s+$Modifier|\s+const)*`},
	{"Type", `$NonptrType(?:(?:\s|\*|\[\])+\s*const|(?:\s|\*\s*(?:const\s*)?|\[\])+|(?:\s*\[\s*\])+){0,4}(?:\s+(?:$Inline)|\s+$Modifier)*`},
	{"Declare", `(?:(?:$Storage)\s+(?:(?:$Inline)\s+)?)?$Type`},
	{"DeclarationMacros", `(?:(?:$Storage)\s+)?(?:[A-Z_][A-Z0-9]*_){0,2}(?:DEFINE|DECLARE)(?:_[A-Z0-9]+){1,6}\s*\(|(?:(?:$Storage)\s+)?[HLP]?LIST_HEAD\s*\(|(?:SKCIPHER_REQUEST|SHASH_DESC|AHASH_REQUEST)_ON_STACK\s*\(|(?:(?:$Storage)\s+)?(?:XA_STATE|XA_STATE_ORDER)\s*\(`},
	{"LogFunctions", `(?:printk(?:_ratelimited|_once|_deferred_once|_deferred|)|(?:[a-z0-9]+_){1,2}(?:printk|emerg|alert|crit|err|warning|warn|notice|info|debug|dbg|vdbg|devel|cont|WARN)(?:_ratelimited|_once|)|TP_printk|WARN(?:_RATELIMIT|_ONCE|)|panic|MODULE_[A-Z_]+|seq_vprintf|seq_printf|seq_puts)`},
	// the words around a function name in a tracing message (TRACING_LOGGING)
	{"TracingTag", `(?i:[=-]*>|<[=-]*|\[|\]|start|called|entered|entry|enter|in|inside|here|begin|exit|end|done|leave|completed|out|return|[.!:\s]*)`},
	{"SignatureTags", `(?i:Signed-off-by:|Co-developed-by:|Acked-by:|Tested-by:|Reviewed-by:|Reported-by:|Suggested-by:|Assisted-by:|To:|Cc:)`},
}

// expandTabs replaces tabs by spaces up to the next multiple of 8, as
// checkpatch's expand_tabs does when it measures lines.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8*strings.Count(s, "\t"))
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' {
			b.WriteByte(' ')
			n++
			for n%tabSize != 0 {
				b.WriteByte(' ')
				n++
			}
			continue
		}
		b.WriteByte(s[i])
		n++
	}
	return b.String()
}

// tabSize is the kernel's tab width.
const tabSize = 8

// copySpacing keeps tabs and turns every other byte into a space, to build
// the "^" pointer lines under a reported line.
func copySpacing(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}

// catVet shows control characters as ^X and marks the line end with '$', as
// checkpatch prints lines whose whitespace is the problem.
func catVet(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			b.WriteByte('^')
			b.WriteByte(c + 64)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('$')
	return b.String()
}

// balancedParen returns the length of the balanced parenthesised group that
// starts at s[0] == '(', or -1 when it does not close.
func balancedParen(s string) int {
	if s == "" || s[0] != '(' {
		return -1
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}
