package checkpatch

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// patchTypes are the types reported by the checks on the mail header, the
// commit message and the patch as a whole (patchChecks and endChecks).
var patchTypes = []string{
	"COMMIT_MESSAGE", "DIFF_IN_COMMIT_MSG", "EXECUTE_PERMISSIONS", "BAD_SIGN_OFF",
	"EMAIL_SUBJECT", "GERRIT_CHANGE_ID", "COMMIT_LOG_LONG_LINE", "COMMIT_COMMENT_SYMBOL",
	"FILE_PATH_CHANGES", "CORRUPTED_PATCH", "INVALID_UTF8", "NOT_UNIFIED_DIFF",
	"MISSING_SIGN_OFF", "NO_AUTHOR_SIGN_OFF", "FROM_SIGN_OFF_MISMATCH",
}

var (
	blankLine        = lazyRegexp{expr: `^\s*$`}
	diffInLogA       = lazyRegexp{expr: `^\s+diff\b.*a/([\w/]+)`}
	diffInLogOther   = lazyRegexp{expr: `^\s*(?:---\s+a/|\+\+\+\s+b/)|^\s*@@ -\d+,\d+ \+\d+,\d+ @@`}
	execMode         = lazyRegexp{expr: `^new (file )?mode.*[7531]\d{0,2}$`}
	execOK           = lazyRegexp{expr: `scripts/|\.(?:py|pl|awk|sh)$`}
	fromLine         = lazyRegexp{expr: `^From:\s*(.*)`}
	fromContinuation = lazyRegexp{expr: `^[ \t]\s*(.*)`}
	signedOffBy      = lazyRegexp{expr: `(?i)^\s*signed-off-by:\s*(.*)`}
	maintainersStat  = lazyRegexp{expr: `^\s*MAINTAINERS\s*\|`}
	signatureLine    = lazyRegexp{expr: `(?i)^(\s*)([a-z0-9_-]+by:|$SignatureTags)(\s*)(.*)`}
	signatureTag     = lazyRegexp{expr: `$SignatureTags`}
	toolSubject      = lazyRegexp{expr: `(?i)^Subject:.*\b(?:checkpatch|sparse|smatch)\b[^:]`}
	changeID         = lazyRegexp{expr: `(?i)^\s*change-id:`}
	stackDump        = lazyRegexp{expr: `^\s*(?:WARNING:|BUG:)|^\s*\[\s*\d+\.\d{6,6}\s*\]|^\s*\[<[0-9a-fA-F]{8,}>\]|^(?:\s+\w+:\s+[0-9a-fA-F]+){3,3}|^\s*#\d+\s*\[[0-9a-fA-F]+\]\s*\w+ at [0-9a-fA-F]+`}
	longLogExempt    = lazyRegexp{expr: `^\s*[a-zA-Z0-9_/.]+\s+\|\s+\d+|^\s*(?:[\w.\-+]*/)+[\w.\-+]+:|(?i)^\s*(?:Fixes:|Link:|$SignatureTags)`}
	fileChange       = lazyRegexp{expr: `^(?:new|deleted) file mode\s*\d+\s*$|^rename (?:from|to) [\w/.\-]+\s*$|\{\s*([\w/.\-]*)\s*=>\s*([\w/.\-]*)\s*\}`}
	headerLine       = lazyRegexp{expr: `(?i)^\s+(?:\S|$)|^(?:commit\b|from\b|[\w-]+:)`}
)

// patchChecks runs the checks that look at every line of the patch: the
// mail header, the commit message and the diff headers. It also keeps the
// state (commit log, author, sign-offs) that later checks need.
func (c *checker) patchChecks() {
	line := c.line
	if c.inCommitLog {
		if !blankLine.MatchString(line) {
			c.commitLogLines++
		}
	} else if c.hasCommitLog && c.commitLogLines < 2 {
		c.reportPatch(LevelWarning, "COMMIT_MESSAGE", "Missing commit description - Add an appropriate one")
		c.commitLogLines = 2
	}

	if c.inCommitLog && !c.commitHasDiff && (diffInLog(line) || diffInLogOther.MatchString(line)) {
		c.report(LevelError, "DIFF_IN_COMMIT_MSG", "Avoid using diff content in the commit message - patch(1) might not work", c.curr()...)
		c.commitHasDiff = true
	}

	if strings.HasPrefix(line, "new ") && execMode.MatchString(line) && !execOK.MatchString(c.realfile) {
		c.reportAt(LevelError, "EXECUTE_PERMISSIONS", "do not set execute permissions for source files", c.where()+"FILE: "+c.realfile)
	}

	if m := fromLineOf(line); m != nil {
		author := m[1]
		for i := c.n; i < len(c.raw); i++ {
			cm := fromContinuation.FindStringSubmatch(c.raw[i])
			if cm == nil {
				break
			}
			author += cm[1]
		}
		c.author = reformatEmail(strings.ReplaceAll(author, `"`, ""))
	}

	hasColon := strings.IndexByte(line, ':') >= 0
	if m := signedOffOf(line, hasColon); m != nil {
		c.signoff++
		c.inCommitLog = false
		if c.author != "" && c.authorSignoff != 1 {
			c.matchAuthor(m[1])
		}
	}
	if line == "---" {
		c.hasSeparator = true
		c.inCommitLog = false
	}
	if strings.Contains(line, "MAINTAINERS") && maintainersStat.MatchString(line) {
		c.reportedMaintainers = true
	}

	if !c.inHeader && hasColon {
		if stop := c.signatureChecks(); stop {
			return
		}
	}

	// The pattern needs a line starting with an 's' or 'S' (or 'ſ', which
	// (?i) also takes for one).
	if c.inHeader && line != "" && (line[0]|0x20 == 's' || line[0] >= utf8.RuneSelf) && toolSubject.MatchString(line) {
		c.report(LevelWarning, "EMAIL_SUBJECT", "A patch subject line should describe the change not the tool that found it", c.curr()...)
	}
	if c.realfile == "" && !c.hasSeparator && changeID.MatchString(line) {
		c.report(LevelError, "GERRIT_CHANGE_ID", "Remove Gerrit Change-Id's before submitting upstream", c.curr()...)
	}
	if c.inCommitLog && !c.stackDump && stackDump.MatchString(line) {
		c.stackDump = true
	}
	if c.inCommitLog && !c.commitLogLongLine && len(line) > 75 && !longLogExempt.MatchString(line) && !c.stackDump {
		c.report(LevelWarning, "COMMIT_LOG_LONG_LINE", "Possible unwrapped commit description (prefer a maximum 75 chars per line)", c.curr()...)
		c.commitLogLongLine = true
	}
	if c.inCommitLog && c.stackDump && blankLine.MatchString(line) {
		c.stackDump = false
	}
	if c.inCommitLog && strings.HasPrefix(line, "#") {
		c.report(LevelWarning, "COMMIT_COMMENT_SYMBOL", "Commit log lines starting with '#' are dropped by git as comments", c.curr()...)
	}

	if !c.reportedMaintainers && !c.inCommitLog && mayChangeFile(line) && fileChange.MatchString(line) {
		c.isPatch = true
		c.reportedMaintainers = true
		c.report(LevelWarning, "FILE_PATH_CHANGES", "added, moved or deleted file(s), does MAINTAINERS need updating?", c.curr()...)
	}

	if c.realcnt != 0 && !c.emittedCorrupt && !isHunkBody(line) {
		c.emittedCorrupt = true
		c.report(LevelError, "CORRUPTED_PATCH", "patch seems to be corrupt (line wrapped?)", c.curr()...)
	}

	if c.realfile == "" || strings.HasPrefix(line, "+") {
		if bad := invalidUTF8(c.rawline); bad >= 0 {
			c.report(LevelCheck, "INVALID_UTF8", "Invalid UTF-8, patch and commit message should be encoded in UTF-8",
				c.rawline, copySpacing(c.rawline[:bad])+"^")
		}
	}

	if c.inHeader && c.realfile == "" && !headerLine.MatchString(c.rawline) {
		c.inHeader = false
		c.inCommitLog = true
		c.hasCommitLog = true
	}
}

// fromLineOf and signedOffOf match From: and Signed-off-by: lines,
// testing cheaply first.
func fromLineOf(l string) []string {
	if !strings.HasPrefix(l, "From:") {
		return nil
	}
	return fromLine.FindStringSubmatch(l)
}

func signedOffOf(l string, hasColon bool) []string {
	if !hasColon {
		return nil
	}
	return signedOffBy.FindStringSubmatch(l)
}

// mayChangeFile is a cheap test for the lines FILE_PATH_CHANGES looks at.
func mayChangeFile(l string) bool {
	return strings.HasPrefix(l, "new ") || strings.HasPrefix(l, "deleted ") || strings.HasPrefix(l, "rename ") || strings.Contains(l, "=>")
}

// reportAt records a finding whose location line checkpatch builds itself.
func (c *checker) reportAt(l Level, typ, msg, where string) {
	if c.report(l, typ, msg) {
		c.res.Findings[len(c.res.Findings)-1].Where = where
	}
}

// diffInLog matches a "diff ... a/path b/path" line in a commit message.
func diffInLog(line string) bool {
	m := diffInLogA.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	return regexp.MustCompile(`^\s+diff\b.*a/[\w/]+\s+b/` + regexp.QuoteMeta(m[1]) + `\b`).MatchString(line)
}

// invalidUTF8 returns the offset of the first byte checkpatch does not
// accept in a patch line (not printable ASCII, tab or CR, nor well-formed
// UTF-8), or -1.
func invalidUTF8(s string) int {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b == '\t' || b == '\r' || (b >= 0x20 && b <= 0x7e) {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// signatureChecks looks at a Signed-off-by:-style tag line. It returns true
// when checkpatch stops checking the line (an Assisted-by: tag).
func (c *checker) signatureChecks() bool {
	m := signatureLine.FindStringSubmatch(c.line)
	if m == nil {
		return false
	}
	spaceBefore, signOff, spaceAfter, email := m[1], m[2], m[3], m[4]
	ucfirst := strings.ToUpper(signOff[:1]) + strings.ToLower(signOff[1:])
	if !signatureTag.MatchString(signOff) {
		if s := standardSignature(signOff); s == "" {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Non-standard signature: "+signOff, c.curr()...)
		} else {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Non-standard signature: '"+signOff+"' - perhaps '"+s+"'?", c.curr()...)
		}
	}
	if spaceBefore != "" {
		c.report(LevelWarning, "BAD_SIGN_OFF", "Do not use whitespace before "+ucfirst, c.curr()...)
	}
	if strings.HasSuffix(strings.ToLower(signOff), "-by:") && signOff != ucfirst {
		c.report(LevelWarning, "BAD_SIGN_OFF", "'"+ucfirst+"' is the preferred signature form", c.curr()...)
	}
	if spaceAfter != " " {
		c.report(LevelWarning, "BAD_SIGN_OFF", "Use a single space after "+ucfirst, c.curr()...)
	}
	if strings.EqualFold(signOff, "Assisted-by:") {
		if !regexp.MustCompile(`^\S+:\S+`).MatchString(email) {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Assisted-by expects 'AGENT_NAME:MODEL_VERSION [TOOL1] [TOOL2]' format", c.curr()...)
		}
		return true
	}
	e := parseEmail(email)
	suggested := e.format()
	if suggested == "" {
		c.report(LevelError, "BAD_SIGN_OFF", "Unrecognized email address: '"+email+"'", c.curr()...)
	} else if !sameEmail(email, suggested) {
		c.report(LevelWarning, "BAD_SIGN_OFF", "email address '"+email+"' might be better as '"+suggested+"'", c.curr()...)
	}
	key := strings.ToLower(strings.Join(strings.Fields(c.line), ""))
	if c.signatures == nil {
		c.signatures = map[string]bool{}
	}
	if c.signatures[key] {
		c.report(LevelWarning, "BAD_SIGN_OFF", "Duplicate signature", c.curr()...)
	}
	c.signatures[key] = true
	if strings.EqualFold(signOff, "co-developed-by:") {
		if email == c.author {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Co-developed-by: should not be used to attribute nominal patch author '"+c.author+"'", c.curr()...)
		}
		if c.n >= len(c.lines) {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Co-developed-by: must be immediately followed by Signed-off-by:", c.curr()...)
		} else if nm := signedOffBy.FindStringSubmatch(c.raw[c.n]); nm == nil {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Co-developed-by: must be immediately followed by Signed-off-by:", c.rawline, c.raw[c.n])
		} else if nm[1] != email {
			c.report(LevelWarning, "BAD_SIGN_OFF", "Co-developed-by and Signed-off-by: name/email do not match ", c.rawline, c.raw[c.n])
		}
	}
	return false
}

// standardSignature suggests the standard tag within edit distance 2 of a
// misspelt one (ignoring case and dashes), or "".
func standardSignature(tag string) string {
	for _, s := range []string{"Signed-off-by:", "Co-developed-by:", "Acked-by:", "Tested-by:",
		"Reviewed-by:", "Reported-by:", "Suggested-by:"} {
		if editDistance(tag, s) <= 2 {
			return s
		}
	}
	return ""
}

func editDistance(a, b string) int {
	a = strings.ReplaceAll(strings.ToLower(a), "-", "")
	b = strings.ReplaceAll(strings.ToLower(b), "-", "")
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1]
			} else {
				cur[j] = 1 + min(cur[j-1], prev[j], prev[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// matchAuthor compares a Signed-off-by: value with the From: author and
// records how well they match, as checkpatch's authorsignoff does:
// 1 identical, 2 comments differ, 3 names differ, 4 addresses differ,
// 5 addresses differ only in a +subaddress.
func (c *checker) matchAuthor(sob string) {
	if sameEmail(sob, c.author) {
		c.authorSignoff = 1
		return
	}
	e, a := parseEmail(sob), parseEmail(c.author)
	switch {
	case strings.EqualFold(e.address, a.address) && e.name == a.name:
		c.authorSOB, c.authorSignoff = sob, 2
	case strings.EqualFold(e.address, a.address):
		c.authorSOB, c.authorSignoff = sob, 3
	case e.name == a.name:
		c.authorSOB, c.authorSignoff = sob, 4
		if stripSubaddress(e.address) == stripSubaddress(a.address) {
			c.authorSignoff = 5
		}
	}
}

var subaddress = lazyRegexp{expr: `^(\S+)\+\S+(@.*)`}

func stripSubaddress(a string) string {
	if m := subaddress.FindStringSubmatch(a); m != nil {
		return m[1] + m[2]
	}
	return a
}

// endChecks reports what checkpatch says about the patch as a whole.
func (c *checker) endChecks() {
	if !c.isPatch {
		c.reportPatch(LevelError, "NOT_UNIFIED_DIFF", "Does not appear to be a unified-diff format patch")
	}
	if !c.isPatch || !c.hasCommitLog {
		return
	}
	if c.signoff == 0 {
		c.reportPatch(LevelError, "MISSING_SIGN_OFF", "Missing Signed-off-by: line(s)")
		return
	}
	mismatch := "'From: " + c.author + "' != 'Signed-off-by: " + c.authorSOB + "'"
	switch c.authorSignoff {
	case 0:
		c.reportPatch(LevelError, "NO_AUTHOR_SIGN_OFF", "Missing Signed-off-by: line by nominal patch author '"+c.author+"'")
	case 2:
		c.reportPatch(LevelCheck, "FROM_SIGN_OFF_MISMATCH", "From:/Signed-off-by: email comments mismatch: "+mismatch)
	case 3:
		c.reportPatch(LevelWarning, "FROM_SIGN_OFF_MISMATCH", "From:/Signed-off-by: email name mismatch: "+mismatch)
	case 4:
		c.reportPatch(LevelWarning, "FROM_SIGN_OFF_MISMATCH", "From:/Signed-off-by: email address mismatch: "+mismatch)
	case 5:
		c.reportPatch(LevelWarning, "FROM_SIGN_OFF_MISMATCH", "From:/Signed-off-by: email subaddress mismatch: "+mismatch)
	}
}

// isHunkBody reports whether a line may be in a hunk: empty, added,
// removed, context or "\ No newline at end of file".
func isHunkBody(l string) bool {
	return l == "" || l[0] == '+' || l[0] == '-' || l[0] == ' ' || strings.HasPrefix(l, `\ No newline`)
}
