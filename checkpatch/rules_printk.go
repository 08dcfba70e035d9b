package checkpatch

import (
	"strconv"
	"strings"
)

// Checks on logging calls, strings and a few kernel APIs.

var (
	linuxVersion     = lazyRegexp{expr: `\bLINUX_VERSION_CODE\b`}
	printkRatelimit  = lazyRegexp{expr: `\bprintk_ratelimit\s*\(`}
	printkCall       = lazyRegexp{expr: `\bprintk\s*\(`}
	kernLevelStart   = lazyRegexp{expr: `^KERN_[A-Z]+\b`}
	printkLevel      = lazyRegexp{expr: `\b(printk(_once|_ratelimited)?)\s*\(\s*KERN_([A-Z]+)`}
	devPrintkLevel   = lazyRegexp{expr: `\bdev_printk\s*\(\s*KERN_([A-Z]+)`}
	tracePrintk      = lazyRegexp{expr: `\b(trace_printk|trace_puts|ftrace_vprintk)\s*\(`}
	enosys           = lazyRegexp{expr: `\bENOSYS\b`}
	enotsupp         = lazyRegexp{expr: `\bENOTSUPP\b`}
	stringLead       = lazyRegexp{expr: `^\+\s*$String`}
	quoteEnd         = lazyRegexp{expr: `"\s*$`}
	splitOK          = lazyRegexp{expr: `(?:\\(?:[ntr]|[0-7]{1,3}|x[0-9a-fA-F]{1,2})|;\s*|\{\s*)"\s*$`}
	wordQuoteEnd     = lazyRegexp{expr: `[^\\]\w"$`}
	quoteWordStart   = lazyRegexp{expr: `^\+[\t ]+"\w`}
	tracingLogging   = lazyRegexp{expr: `^\+.*\([^"]*"$TracingTag{0,3}%s(?:\s*\(\s*\)\s*)?$TracingTag{0,3}(?:\\n)?"\s*,\s*__func__\s*\)\s*;`}
	stringBody       = lazyRegexp{expr: `(?:^|")([X\t]*)(?:"|$)`}
	printfL          = lazyRegexp{expr: `%[*\d.$]*L([diouxX])`}
	printfZ          = lazyRegexp{expr: `%[*\d.$]*Z([diouxX])`}
	printf0x         = lazyRegexp{expr: `0x%[*\d.$Llzth]*[diou]`}
	ifZero           = lazyRegexp{expr: `^.\s*#\s*if\s+0\b`}
	ifOne            = lazyRegexp{expr: `^.\s*#\s*if\s+1\b`}
	printkAny        = lazyRegexp{expr: `printk(?:_ratelimited|_once)?\s*\(`}
	logWithKernLevel = lazyRegexp{expr: `\b$LogFunctions\s*\(.*\b(KERN_[A-Z]+)\b`}
	continuation     = lazyRegexp{expr: `\bprintk\s*\(\s*KERN_CONT\b|\bpr_cont\s*\(`}
	udelay           = lazyRegexp{expr: `\budelay\s*\(\s*(\d+)\s*\)`}
	msleep           = lazyRegexp{expr: `\bmsleep\s*\((\d+)\);`}
	sizeofAddress    = lazyRegexp{expr: `\bsizeof\s*\(\s*&`}
	sizeofBare       = lazyRegexp{expr: `\bsizeof\s+((?:\*\s*|)$Lval|$Type(?:\s+$Lval|))`}
	allocAssign      = lazyRegexp{expr: `^\+\s*($Lval)\s*=\s*`}
	kAlloc           = lazyRegexp{expr: `^((?:kv|k)[mz]alloc)\s*\(\s*`}
	kreallocAssign   = lazyRegexp{expr: `\b($Lval)\s*=\s*`}
	kreallocCall     = lazyRegexp{expr: `^krealloc\s*\(\s*($Lval)\s*,`}
	allocArrayArgs   = lazyRegexp{expr: `\b((?:devm_)?(?:kcalloc|kmalloc_array))\s*\(\s*sizeof\b`}
	doubleSemicolon  = lazyRegexp{expr: `;\s*;\s*$`}
	constantOnly     = lazyRegexp{expr: `^(?:$Constant)$`}
	macroName        = lazyRegexp{expr: `^[A-Z_][A-Z0-9_]*$`}
	sizeofLead       = lazyRegexp{expr: `^sizeof\s*\S`}
	sizeofWord       = lazyRegexp{expr: `^sizeof\b`}
	gccFunction      = lazyRegexp{expr: `\b__FUNCTION__\b`}
	dateTime         = lazyRegexp{expr: `\b(__(?:DATE|TIME|TIMESTAMP)__)\b`}
	yieldCall        = lazyRegexp{expr: `\byield\s*\(\s*\)`}
	semaLocked       = lazyRegexp{expr: `^.\s*sema_init.+,\W?0\W?\)`}
	strtoCall        = lazyRegexp{expr: `\b((simple|strict)_(strto(l|ll|ul|ull)))\s*\(`}
)

func linuxVersionCode(c *checker) {
	if linuxVersion.MatchString(c.line) {
		c.report(LevelWarning, "LINUX_VERSION_CODE", "LINUX_VERSION_CODE should be avoided, code should be for the version to which it is merged", c.curr()...)
	}
}

// printkLevels: printk needs a KERN_ level, and pr_<level>/dev_<level> are
// preferred to printk(KERN_<LEVEL> and dev_printk(KERN_<LEVEL>.
func printkLevels(c *checker) {
	l := c.line
	if !strings.Contains(l, "printk") && !strings.Contains(l, "trace_puts") {
		return
	}
	if printkRatelimit.MatchString(l) {
		c.report(LevelWarning, "PRINTK_RATELIMITED", "Prefer printk_ratelimited or pr_<level>_ratelimited to printk_ratelimit", c.curr()...)
	}
	for _, m := range printkCall.FindAllStringIndex(l, -1) {
		// \s* before the look-ahead backtracks: any space after '(' is enough
		if rest := l[m[1]:]; (rest != "" && isSpace(rest[0])) || !kernLevelStart.MatchString(rest) {
			c.report(LevelWarning, "PRINTK_WITHOUT_KERN_LEVEL", "printk() should include KERN_<LEVEL> facility level", c.curr()...)
			break
		}
	}
	if m := printkLevel.FindStringSubmatch(l); m != nil {
		printk, modifier, orig := m[1], m[2], m[3]
		level := strings.ToLower(orig)
		if level == "warning" {
			level = "warn"
		}
		level2 := level
		if level == "debug" {
			level2 = "dbg"
		}
		level += modifier
		level2 += modifier
		c.report(LevelWarning, "PREFER_PR_LEVEL", "Prefer [subsystem eg: netdev]_"+level2+"([subsystem]dev, ... then dev_"+level2+
			"(dev, ... then pr_"+level+"(...  to "+printk+"(KERN_"+orig+" ...", c.curr()...)
	}
	if m := devPrintkLevel.FindStringSubmatch(l); m != nil {
		level := strings.ToLower(m[1])
		switch level {
		case "warning":
			level = "warn"
		case "debug":
			level = "dbg"
		}
		c.report(LevelWarning, "PREFER_DEV_LEVEL", "Prefer dev_"+level+"(... to dev_printk(KERN_"+m[1]+", ...", c.curr()...)
	}
	if m := tracePrintk.FindStringSubmatch(l); m != nil {
		c.report(LevelWarning, "TRACE_PRINTK", "Do not use "+m[1]+"() in production code (this can be ignored if built only with a debug config option)", c.curr()...)
	}
}

func errnoNames(c *checker) {
	if enosys.MatchString(c.line) {
		c.report(LevelWarning, "ENOSYS", "ENOSYS means 'invalid syscall nr' and nothing else", c.curr()...)
	}
	if enotsupp.MatchString(c.line) {
		c.report(LevelWarning, "ENOTSUPP", "ENOTSUPP is not a SUSV4 error code, prefer EOPNOTSUPP", c.curr()...)
	}
}

// quotedString returns the first string literal of the line as written in
// the raw line (checkpatch's get_quoted_string).
func (c *checker) quotedString() string {
	m := firstString(c.line)
	if m == nil || m[1] > len(c.rawline) {
		return ""
	}
	return c.rawline[m[0]:m[1]]
}

// stringChecks: strings split across lines, function names spelt out in
// strings, ftrace-like logging, spaces before "\n" and strings glued to
// macros.
func stringChecks(c *checker) {
	if !strings.Contains(c.rawline, `"`) && !strings.Contains(c.prevraw, `"`) {
		return
	}
	if stringLead.MatchString(c.line) && quoteEnd.MatchString(c.prevline) && !splitOK.MatchString(c.prevraw) {
		c.report(LevelWarning, "SPLIT_STRING", "quoted string split across lines", c.prev()...)
	}
	if wordQuoteEnd.MatchString(c.prevraw) && quoteWordStart.MatchString(c.rawline) {
		c.report(LevelWarning, "MISSING_SPACE", "break quoted strings at a space character", c.prev()...)
	}
	if c.contextFunc != "" && addedString(c.line) {
		q := c.quotedString()
		if containsWord(q, c.contextFunc) && len(q) != len(c.contextFunc)+2 {
			c.report(LevelWarning, "EMBEDDED_FUNCTION_NAME", "Prefer using '\"%s...\", __func__' to using '"+c.contextFunc+"', this function's name, in a string", c.curr()...)
		}
	}
	if strings.Contains(c.rawline, "__func__") && tracingLogging.MatchString(c.rawline) {
		c.report(LevelWarning, "TRACING_LOGGING", "Unnecessary ftrace-like logging - prefer using ftrace", c.curr()...)
	}
	if spaceBeforeNewline(c.rawline) {
		c.report(LevelWarning, "QUOTED_WHITESPACE_BEFORE_NEWLINE", "unnecessary whitespace before a quoted newline", c.curr()...)
	}
	// Both patterns need a string on this very line.
	concatenated := stringThenUpper(c.line)
	if w := wordThenString(c.line); !concatenated && w != "" && w != "L" && w != "u" {
		concatenated = true
	}
	if concatenated {
		c.report(LevelCheck, "CONCATENATED_STRING", "Concatenated strings should use spaces between elements", c.curr()...)
	}
}

// formatChecks: non-standard printf conversions, "0x%d", line
// continuations inside strings, and #if 0 / #if 1.
func formatChecks(c *checker) {
	showL, showZ := true, true
	if !strings.Contains(c.rawline, "%") {
		goto rest
	}
	for _, m := range stringBody.FindAllStringSubmatchIndex(c.line, -1) {
		if m[3] > len(c.rawline) {
			continue
		}
		s := strings.ReplaceAll(c.rawline[m[2]:m[3]], "%%", "__")
		if showL {
			if k := printfL.FindStringSubmatch(s); k != nil {
				c.report(LevelWarning, "PRINTF_L", "%L"+k[1]+" is non-standard C, use %ll"+k[1], c.curr()...)
				showL = false
			}
		}
		if showZ {
			if k := printfZ.FindStringSubmatch(s); k != nil {
				c.report(LevelWarning, "PRINTF_Z", "%Z"+k[1]+" is non-standard C, use %z"+k[1], c.curr()...)
				showZ = false
			}
		}
		if printf0x.MatchString(s) {
			c.report(LevelError, "PRINTF_0XDECIMAL", "Prefixing 0x with decimal output is defective", c.curr()...)
		}
	}
rest:
	if strings.HasSuffix(c.rawline, `\`) && strings.Count(c.sline, `"`)%2 == 1 {
		c.report(LevelWarning, "LINE_CONTINUATIONS", "Avoid line continuations in quoted strings", c.curr()...)
	}
	if ifZero.MatchString(c.line) {
		c.report(LevelWarning, "IF_0", "Consider removing the code enclosed by this #if 0 and its #endif", c.curr()...)
	}
	if ifOne.MatchString(c.line) {
		c.report(LevelWarning, "IF_1", "Consider removing the #if 1 and its #endif", c.curr()...)
	}
}

func loggingChecks(c *checker) {
	if !printkAny.MatchString(c.line) {
		if m := logWithKernLevel.FindStringSubmatch(c.line); m != nil {
			c.report(LevelWarning, "UNNECESSARY_KERN_LEVEL", "Possible unnecessary "+m[1], c.curr()...)
		}
	}
	if (strings.Contains(c.line, "printk") || strings.Contains(c.line, "pr_cont")) && continuation.MatchString(c.line) {
		c.report(LevelWarning, "LOGGING_CONTINUATION", "Avoid logging continuation uses where feasible", c.curr()...)
	}
}

func delayChecks(c *checker) {
	if m := udelay.FindStringSubmatch(c.line); m != nil {
		d, _ := strconv.ParseFloat(m[1], 64)
		if d >= 10 {
			c.report(LevelCheck, "USLEEP_RANGE", "usleep_range is preferred over udelay; see Documentation/timers/timers-howto.rst", c.curr()...)
		}
		if d > 2000 {
			c.report(LevelWarning, "LONG_UDELAY", "long udelay - prefer mdelay; see arch/arm/include/asm/delay.h", c.curr()...)
		}
	}
	if m := msleep.FindStringSubmatch(c.line); m != nil {
		if d, _ := strconv.ParseFloat(m[1], 64); d < 20 {
			c.report(LevelWarning, "MSLEEP", "msleep < 20ms can sleep for up to 20ms; see Documentation/timers/timers-howto.rst", c.curr()...)
		}
	}
}

func sizeofChecks(c *checker) {
	if sizeofAddress.MatchString(c.line) {
		c.report(LevelWarning, "SIZEOF_ADDRESS", "sizeof(& should be avoided", c.curr()...)
	}
	if m := sizeofBare.FindStringSubmatchIndex(c.mask(c.line)); m != nil {
		arg := c.line[m[2]:m[3]]
		c.report(LevelWarning, "SIZEOF_PARENTHESIS", "sizeof "+arg+" should be sizeof("+arg+")", c.curr()...)
	}
}

// allocChecks: k[mz]alloc(n * size) should be the array form, krealloc's
// result should not overwrite its argument, kcalloc takes the count first,
// and one semicolon ends a statement.
func allocChecks(c *checker) {
	if !strings.Contains(c.line, "alloc") && !strings.Contains(c.line, ";") {
		return
	}
	if !strings.Contains(c.line, "alloc") {
		goto semicolons
	}
	if c.stat != "" {
		allocWithMultiply(c, c.stat, c.statLines)
	}
	for _, m := range kreallocAssign.FindAllStringSubmatchIndex(c.line, -1) {
		rest := c.line[m[1]:]
		if n := balancedParen(rest); n > 0 {
			rest = strings.TrimLeft(rest[n:], " \t")
		}
		if k := kreallocCall.FindStringSubmatch(rest); k != nil && k[1] == c.line[m[2]:m[3]] {
			c.report(LevelWarning, "KREALLOC_ARG_REUSE", "Reusing the krealloc arg is almost always a bug", c.curr()...)
		}
		if k := kreallocCall.FindStringSubmatch(rest); k != nil {
			break
		}
	}
	if m := allocArrayArgs.FindStringSubmatch(c.line); m != nil {
		c.report(LevelWarning, "ALLOC_ARRAY_ARGS", m[1]+" uses number as first arg, sizeof is generally wrong", c.curr()...)
	}
semicolons:
	if doubleSemicolon.MatchString(c.line) {
		c.report(LevelWarning, "ONE_SEMICOLON", "Statements terminations use 1 semicolon", c.curr()...)
	}
}

// allocWithMultiply looks at an assignment statement (stat, spread over
// the patch lines lines) for k[mz]alloc(a * b, ...).
func allocWithMultiply(c *checker, stat string, lines []int) {
	m := allocAssign.FindStringIndex(stat)
	if m == nil {
		return
	}
	rest := stat[m[1]:]
	if n := balancedParen(rest); n > 0 {
		rest = rest[n:]
	}
	rest = strings.TrimLeft(rest, " \t\n")
	k := kAlloc.FindStringSubmatchIndex(rest)
	if k == nil {
		return
	}
	old := rest[k[2]:k[3]]
	rest = rest[k[1]:]
	n1 := funcArg(rest)
	if n1 == 0 {
		return
	}
	a1 := rest[:n1]
	rest = strings.TrimLeft(rest[n1:], " \t\n")
	if !strings.HasPrefix(rest, "*") {
		return
	}
	rest = strings.TrimLeft(rest[1:], " \t\n")
	n2 := funcArg(rest)
	if n2 == 0 || !strings.HasPrefix(strings.TrimLeft(rest[n2:], " \t\n"), ",") {
		return
	}
	a2 := rest[:n2]
	newFunc := map[string]string{"kmalloc": "kmalloc_array", "kzalloc": "kcalloc", "kvmalloc": "kvmalloc_array", "kvzalloc": "kvcalloc"}[old]
	r1, r2 := a1, a2
	if sizeofLead.MatchString(a1) {
		r1, r2 = a2, a1
	}
	if !sizeofWord.MatchString(r1) && sizeofLead.MatchString(r2) && !constantOnly.MatchString(r1) && !macroName.MatchString(r1) {
		var ctx []string
		for _, i := range lines {
			ctx = append(ctx, c.raw[i])
		}
		c.report(LevelWarning, "ALLOC_WITH_MULTIPLY", "Prefer "+newFunc+" over "+old+" with multiply", ctx...)
	}
}

func apiChecks(c *checker) {
	if gccFunction.MatchString(c.line) {
		c.report(LevelWarning, "USE_FUNC", "__func__ should be used instead of gcc specific __FUNCTION__", c.curr()...)
	}
	for _, m := range dateTime.FindAllStringSubmatch(c.line, -1) {
		c.report(LevelError, "DATE_TIME", "Use of the '"+m[1]+"' macro makes the build non-deterministic", c.curr()...)
	}
	if yieldCall.MatchString(c.line) {
		c.report(LevelWarning, "YIELD", "Using yield() is generally wrong. See yield() kernel-doc (sched/core.c)", c.curr()...)
	}
	if semaLocked.MatchString(c.line) {
		c.report(LevelWarning, "CONSIDER_COMPLETION", "consider using a completion", c.curr()...)
	}
	if m := strtoCall.FindStringSubmatch(c.line); m != nil {
		c.report(LevelWarning, "CONSIDER_KSTRTO", m[1]+" is obsolete, use k"+m[3]+" instead", c.curr()...)
	}
}

// containsWord reports whether w occurs in s between word boundaries (as
// /\bw\b/ does for a word w).
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		if (i == 0 || !isWordByte(s[i-1]) || !isWordByte(w[0])) && (end == len(s) || !isWordByte(s[end]) || !isWordByte(w[len(w)-1])) {
			return true
		}
		off = i + 1
	}
}

// stringThenUpper reports whether a sanitised string ("XXX") in line is
// followed at once by a capital or '_' (a macro): what $String[A-Z_]
// matches.
func stringThenUpper(line string) bool {
	for i := strings.IndexByte(line, '"'); i >= 0; {
		end := sanitisedStringEnd(line, i)
		if end > 0 && end < len(line) && (line[end] == '_' || line[end] >= 'A' && line[end] <= 'Z') {
			return true
		}
		j := strings.IndexByte(line[i+1:], '"')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// wordThenString returns the first word in line that a sanitised string
// follows at once, as ([A-Za-z0-9_]+)$String finds it (whose optional
// \b[Lu] cannot match after a word), or "".
func wordThenString(line string) string {
	for i := strings.IndexByte(line, '"'); i >= 0; {
		if i > 0 && isWordByte(line[i-1]) && sanitisedStringEnd(line, i) > 0 {
			start := i - 1
			for start > 0 && isWordByte(line[start-1]) {
				start--
			}
			return line[start:i]
		}
		j := strings.IndexByte(line[i+1:], '"')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return ""
}

// sanitisedStringEnd returns the offset after the sanitised string that
// starts with the quote at line[i] ("[X\t]*"), or 0 when none does.
func sanitisedStringEnd(line string, i int) int {
	j := i + 1
	for j < len(line) && (line[j] == 'X' || line[j] == '\t') {
		j++
	}
	if j < len(line) && line[j] == '"' {
		return j + 1
	}
	return 0
}

// firstString returns the offsets of the first sanitised string in s,
// with its L or u prefix, as $String finds it, or nil.
func firstString(s string) []int {
	for i := strings.IndexByte(s, '"'); i >= 0; {
		if end := sanitisedStringEnd(s, i); end > 0 {
			if i > 0 && (s[i-1] == 'L' || s[i-1] == 'u') && (i == 1 || !isWordByte(s[i-2])) {
				return []int{i - 1, end}
			}
			return []int{i, end}
		}
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return nil
}

// spaceBeforeNewline reports whether a blank comes before a "\n" after a
// quote in l: what ^.*".*\s\\n matches, whose '.' passes no newline.
func spaceBeforeNewline(l string) bool {
	q := strings.IndexByte(l, '"')
	nl := strings.IndexByte(l, '\n')
	if q < 0 || nl >= 0 && nl < q {
		return false
	}
	if nl < 0 {
		nl = len(l) - 1
	}
	for j := q + 1; j <= nl; j++ {
		if isRE2Space(l[j]) && strings.HasPrefix(l[j+1:], `\n`) {
			return true
		}
	}
	return false
}

// addedString reports whether l is an added line with a sanitised string:
// what ^\+.*$String matches, whose '.' passes no newline.
func addedString(l string) bool {
	m := firstString(l[min(1, len(l)):])
	return strings.HasPrefix(l, "+") && m != nil && !strings.Contains(l[:1+m[0]], "\n")
}
