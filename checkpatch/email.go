package checkpatch

import (
	"regexp"
	"strings"
)

// email is an address from a From: or tag line, split as checkpatch's
// parse_email splits it.
type email struct {
	name, nameComment, address, comment string
}

var (
	emailAngled   = lazyRegexp{expr: `^(.*)<(\S+@\S+)>(.*)$`}
	emailBare     = lazyRegexp{expr: `^\s*<(\S+@\S+)>(.*)$`}
	emailAnywhere = lazyRegexp{expr: `(\S+@\S+)(.*)$`}
	emailQuoted   = lazyRegexp{expr: `"(.+)"`}
	mustQuote     = lazyRegexp{expr: `(?i)[^\w \-]`}
)

// parseEmail splits "Name (comment) <addr> comment" into its parts.
func parseEmail(s string) email {
	var e email
	if m := emailAngled.FindStringSubmatch(s); m != nil {
		e.name, e.address, e.comment = m[1], m[2], m[3]
	} else if m := emailBare.FindStringSubmatch(s); m != nil {
		e.address, e.comment = m[1], m[2]
	} else if loc := emailAnywhere.FindStringSubmatchIndex(s); loc != nil {
		e.address, e.comment = s[loc[2]:loc[3]], s[loc[4]:loc[5]]
		name := strings.TrimSpace(s[:loc[2]])
		name = strings.TrimPrefix(name, `"`)
		name = strings.TrimSuffix(name, `"`)
		e.name = name
		if name != "" && !regexp.MustCompile(`^<[^>]+>$`).MatchString(e.address) {
			e = email{}
		}
	}
	quoted := ""
	if loc := emailQuoted.FindStringSubmatchIndex(e.name); loc != nil {
		quoted = e.name[loc[2]:loc[3]]
		e.name = e.name[:loc[0]] + e.name[loc[1]:]
	}
	for {
		i := strings.IndexByte(e.name, '(')
		if i < 0 {
			break
		}
		n := balancedParen(e.name[i:])
		if n < 0 {
			break
		}
		e.nameComment += strings.TrimSpace(e.name[i : i+n])
		start := len(strings.TrimRight(e.name[:i], " \t\n\r\f"))
		end := i + n + len(e.name[i+n:]) - len(strings.TrimLeft(e.name[i+n:], " \t\n\r\f"))
		e.name = e.name[:start] + " " + e.name[end:]
	}
	e.name = strings.Trim(e.name, ` "`)
	e.name = strings.TrimSpace(quoted + " " + e.name)
	e.address = strings.TrimSpace(e.address)
	e.address = strings.TrimPrefix(e.address, "<")
	e.address = strings.TrimSuffix(e.address, ">")
	e.comment = strings.TrimSpace(e.comment)
	if mustQuote.MatchString(e.name) {
		e.name = `"` + escapeQuotes(e.name) + `"`
	}
	return e
}

// escapeQuotes backslash-escapes double quotes not already escaped.
func escapeQuotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '"' && (i == 0 || s[i-1] != '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var addressTail = lazyRegexp{expr: `(?:\.|,|")+$`}

// format puts the parts back together as checkpatch's format_email does.
func (e email) format() string {
	name := strings.Trim(e.name, ` "`)
	addr := addressTail.ReplaceAllString(strings.TrimSpace(e.address), "")
	if mustQuote.MatchString(name) {
		name = `"` + escapeQuotes(name) + `"`
	}
	nc := strings.TrimSpace(e.nameComment)
	if nc != "" {
		nc = " " + nc
	}
	cm := strings.TrimSpace(e.comment)
	if cm != "" {
		cm = " " + cm
	}
	out := addr
	if name != "" {
		out = name + nc + " <" + addr + ">"
	}
	return out + cm
}

func reformatEmail(s string) string { return parseEmail(s).format() }

func sameEmail(a, b string) bool { return parseEmail(a) == parseEmail(b) }
