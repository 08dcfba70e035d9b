package checkpatch

import (
	"maps"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Options select what Check reports.
type Options struct {
	// Strict enables CHECK-level findings everywhere (checkpatch --strict).
	Strict bool
	// Ignore lists types not to report (checkpatch --ignore).
	Ignore []string
	// Types, when not empty, lists the only types to report (checkpatch --types).
	Types []string
	// MaxLineLength is the LONG_LINE limit; 0 means checkpatch's 100.
	MaxLineLength int
}

// scope says which lines a check looks at. Each step narrows the one before,
// mirroring the points in checkpatch.pl's main loop where it skips the rest
// of the checks for a line.
type scope int

const (
	scopeHunk   scope = iota // every context or added line of a hunk
	scopeSource              // ... of .h .c .rs .s .S .sh .dtsi .dts files
	scopeCode                // ... of .h .c .pl .dtsi .dts files
	scopeC                   // ... of .h and .c files
	scopeAdded               // added lines of .h and .c files
)

// A rule is one row of the check table: the types it can report, the lines
// it looks at, and the function that looks. Rows run in checkpatch's order,
// so findings for a line come out in the order checkpatch prints them.
type rule struct {
	types []string
	scope scope
	run   func(c *checker)
	// added is set for checks that look at added lines only, so that the
	// many context lines of a patch skip them.
	added bool
}

// Types returns every type name Check can report, sorted.
func Types() []string {
	seen := map[string]bool{}
	for _, t := range patchTypes {
		seen[t] = true
	}
	for _, r := range rules {
		for _, t := range r.types {
			seen[t] = true
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// checker holds the state of one run over a patch: the lines, and what
// checkpatch's process() keeps while it walks them.
type checker struct {
	opt    Options
	ignore map[string]bool
	only   map[string]bool
	maxLen int
	res    Result

	raw   []string // the patch's lines, without "\n"
	lines []string // the same lines sanitised

	// the current line
	n                    int // 1-based index into raw
	rawline, line, sline string
	prevline, prevraw    string
	stashline, stashraw  string
	indent, previndent   int
	stashindent, length  int
	inHunk               bool  // the current line is in a hunk (where() names the file)
	check                bool  // CHECK findings enabled for realfile
	fileScope            scope // the narrowest scope realfile is in

	realfile          string
	realline, realcnt int
	contextFunc       string

	isPatch, inHeader, inCommitLog, hasCommitLog, hasSeparator bool
	commitLogLines                                             int
	commitLogLongLine, stackDump, commitHasDiff                bool
	signoff, authorSignoff                                     int
	author, authorSOB                                          string
	reportedMaintainers, emittedCorrupt                        bool
	lastBlankLine, licenseLine                                 int
	signatures                                                 map[string]bool // tag lines seen, for duplicates

	// The statement starting on the current line (see trackStatements).
	stat, cond string
	statLines  []int
	suppressTo int // lines up to this one start no statement
	trackedAt  int // the line trackStatements last looked at

	// parallelFrom is the patch size (in lines) from which files are
	// checked in parallel.
	parallelFrom int

	av           annotator              // value types across the hunk's C lines
	ann          []annotation           // per line, from the ordered walk (prepare)
	stmtsKept    []statement            // per line, from the ordered walk (prepare)
	stmts        []statement            // the ordered walk's statements, in a parallel walk
	types        map[string]int         // learned type names and the line they were learned at
	names        map[string]string      // what possible made of a name before (typeName)
	decls        map[string]declaration // what learnDecl found before (declared)
	values, vars string                 // the current line's annotation (see annotator)
}

// Check runs the rule set over a patch (a git format-patch mail, a git diff
// or any unified diff) and returns what checkpatch.pl --no-tree would report.
func Check(patch []byte, opt Options) *Result {
	c := &checker{opt: opt, ignore: upperSet(opt.Ignore), only: upperSet(opt.Types), maxLen: opt.MaxLineLength, parallelFrom: 4000}
	if c.maxLen <= 0 {
		c.maxLen = 100
	}
	text := string(patch)
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return &c.res
	}
	c.raw = strings.Split(text, "\n")
	c.lines = sanitiseAll(c.raw, !c.ignore["C99_COMMENT_TOLERANCE"])
	c.run()
	c.res.Checks = c.check
	return &c.res
}

func upperSet(list []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range list {
		for _, t := range strings.Split(s, ",") {
			if t = strings.TrimSpace(t); t != "" {
				m[strings.ToUpper(t)] = true
			}
		}
	}
	return m
}

// show reports whether findings of type t are wanted (checkpatch's show_type).
func (c *checker) show(t string) bool {
	if len(c.only) > 0 {
		return c.only[t]
	}
	return !c.ignore[t]
}

// report records a finding anchored on the current line; ctx are the lines
// to quote under the location.
func (c *checker) report(l Level, typ, msg string, ctx ...string) bool {
	if !c.show(typ) || (l == LevelCheck && !c.check) {
		return false
	}
	f := Finding{Level: l, Type: typ, Msg: msg, PatchLine: c.n, Where: c.where(), Context: ctx, at: c.n}
	if c.realcnt != 0 {
		f.File, f.Line = c.realfile, c.realline
	}
	c.res.Findings = append(c.res.Findings, f)
	return true
}

// where is the location line of a finding on the current line, as
// checkpatch's $here: "#12: FILE: drivers/x.c:120:" in a hunk, "#12: "
// elsewhere.
func (c *checker) where() string {
	w := "#" + strconv.Itoa(c.n) + ": "
	if c.inHunk {
		w += "FILE: " + c.realfile + ":" + strconv.Itoa(c.realline) + ":"
	}
	return w
}

// reportPatch records a finding about the whole patch, with no location.
func (c *checker) reportPatch(l Level, typ, msg string) {
	if !c.show(typ) || (l == LevelCheck && !c.check) {
		return
	}
	c.res.Findings = append(c.res.Findings, Finding{Level: l, Type: typ, Msg: msg, at: c.n})
}

// Shorthands for the context checkpatch quotes most often.
func (c *checker) curr() []string { return []string{c.rawline} }
func (c *checker) prev() []string { return []string{c.prevraw, c.rawline} }
func (c *checker) vet() []string  { return []string{catVet(c.rawline)} }

// lineAt returns the sanitised line n (1-based), or "" past either end.
func (c *checker) lineAt(n int) (string, bool) {
	if n < 1 || n > len(c.lines) {
		return "", false
	}
	return c.lines[n-1], true
}

var (
	modeChange   = lazyRegexp{expr: `^ mode change [0-7]+ => [0-7]+ \S+\s*$`}
	renameLine   = lazyRegexp{expr: `^rename (?:from|to) \S+\s*$`}
	diffGitLine  = lazyRegexp{expr: `^diff --git a/[\w/._\-]+ b/\S+\s*$`}
	plusFile     = lazyRegexp{expr: `^\+\+\+\s+(\S+)`}
	contextIdent = lazyRegexp{expr: `\b(\w+)\s*\(`}
	netDirs      = lazyRegexp{expr: `^(?:drivers/net/|net/|drivers/staging/)`}
	srcFile      = lazyRegexp{expr: `\.(?:h|c|rs|s|S|sh|dtsi|dts)$`}
	codeFile     = lazyRegexp{expr: `\.(?:h|c|pl|dtsi|dts)$`}
	cFile        = lazyRegexp{expr: `\.(?:h|c)$`}
)

// run walks the patch as checkpatch.pl's process() does. The checks on the
// header, the commit message and the patch as a whole walk all of it in
// order, and so does prepare (type learning and value annotation), whose
// state runs from file to file. The rule walks on hunk lines start afresh
// with every file: they run in parallel, a chunk of files as soon as the
// ordered walk has passed it, and their findings are merged back in order.
func (c *checker) run() {
	c.inHeader = true
	c.licenseLine = 1
	starts := fileStarts(c.raw)
	if len(starts) < 4 || len(c.raw) < c.parallelFrom {
		c.walk(0, len(c.raw), walkPatch|walkPrepare|walkRules)
		c.endChecks()
		return
	}
	// Lines before the first file (mail header, message, diffstat) get
	// every kind of check in the ordered walk.
	c.walk(0, starts[0], walkPatch|walkPrepare|walkRules)

	// The ordered walk is the longest single task, so it keeps a core to
	// itself while the other workers take the chunks it has passed, and
	// becomes a worker itself when it is done. Chunks are small, so that
	// the rules of the last ones do not trail far behind it.
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	chunks := splitChunks(starts, len(c.raw), 8*(workers+1))
	c.ann = make([]annotation, len(c.lines))
	c.stmtsKept = make([]statement, len(c.lines))
	type job struct {
		k     int
		types map[string]int // the types learned up to the chunk's end
	}
	jobs := make(chan job, len(chunks))
	results := make([][]Finding, len(chunks))
	ruleWalk := func() {
		for j := range jobs {
			ch := chunks[j.k]
			w := &checker{opt: c.opt, ignore: c.ignore, only: c.only, maxLen: c.maxLen, raw: c.raw, lines: c.lines,
				licenseLine: 1, ann: c.ann, types: j.types, stmts: c.stmtsKept}
			w.walk(ch[0], ch[1], walkRules)
			results[j.k] = w.res.Findings
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ruleWalk()
		}()
	}
	for k, ch := range chunks {
		c.walk(ch[0], ch[1], walkPatch|walkPrepare)
		// Learned types only grow, and a rule looks only at those
		// learned up to its line: a copy made now serves the chunk.
		jobs <- job{k, maps.Clone(c.types)}
	}
	close(jobs)
	c.endChecks()
	ruleWalk()
	wg.Wait()
	all := c.res.Findings
	for _, r := range results {
		all = append(all, r...)
	}
	// Stable: at one line, the patch-level findings (walked first) stay
	// before the hunk checks', as checkpatch reports them.
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	c.res.Findings = all
}

// walk modes: which kinds of checks a walk runs.
const (
	walkPatch   = 1 << iota // header, commit message and patch-wide checks
	walkRules               // the rule table, on hunk lines
	walkPrepare             // type learning and annotation of C lines (prepare)
)

// fileStarts returns the indexes of the "diff --git" lines of a patch.
func fileStarts(raw []string) []int {
	var out []int
	for i, l := range raw {
		if strings.HasPrefix(l, "diff --git ") {
			out = append(out, i)
		}
	}
	return out
}

// splitChunks cuts the lines from starts[0] to end into at most n ranges
// of about equal size, each beginning at a file.
func splitChunks(starts []int, end, n int) [][2]int {
	size := (end - starts[0] + n - 1) / n
	var out [][2]int
	from := starts[0]
	for _, s := range starts[1:] {
		if s-from >= size {
			out = append(out, [2]int{from, s})
			from = s
		}
	}
	return append(out, [2]int{from, end})
}

// walk runs the checks of mode over the lines [from, to).
func (c *checker) walk(from, to int, mode int) {
	for i := from; i < to; i++ {
		c.n = i + 1
		c.line = c.lines[i]
		c.rawline = c.raw[i]
		c.sline = strings.ReplaceAll(c.line, commentChar, " ")

		if !c.inCommitLog && (strings.HasPrefix(c.line, " mode change") && modeChange.MatchString(c.line) ||
			strings.HasPrefix(c.line, "rename ") && renameLine.MatchString(c.line) ||
			strings.HasPrefix(c.line, "diff --git") && diffGitLine.MatchString(c.line)) {
			c.isPatch = true
		}
		if start, count, tail, ok := hunkStart(c.line); ok && !c.inCommitLog {
			c.isPatch = true
			c.av.reset()
			c.suppressTo = 0
			c.realline = start - 1
			c.realcnt = count + 1
			c.contextFunc = ""
			if m := contextIdent.FindStringSubmatch(tail); m != nil {
				c.contextFunc = m[1]
			}
			continue
		} else if c.line == "" || c.line[0] == ' ' || c.line[0] == '+' {
			c.realline++
			if c.realcnt != 0 {
				c.realcnt--
			}
			c.length, c.indent = lineStats(c.rawline)
			c.prevline, c.stashline = c.stashline, c.line
			c.previndent, c.stashindent = c.stashindent, c.indent
			c.prevraw, c.stashraw = c.stashraw, c.rawline
		} else if c.realcnt == 1 {
			c.realcnt--
		}
		hunkLine := c.realcnt != 0

		c.inHunk = false
		found := false
		if m := fileHeader(c.line); m != "" {
			c.realfile = stripFirstDir(m)
			c.inCommitLog = false
			found = true
		}
		if found {
			c.check = c.opt.Strict || netDirs.MatchString(c.realfile)
			c.fileScope = fileScope(c.realfile)
			c.licenseLine = 1
			continue
		}
		if c.realcnt != 0 {
			c.inHunk = true
			if mode&walkPatch != 0 {
				c.res.Lines++
			}
		}

		if mode&walkPatch != 0 {
			c.patchChecks()
		}
		if !hunkLine || strings.HasPrefix(c.line, "-") {
			continue
		}
		if mode&walkPrepare != 0 && c.fileScope == scopeC {
			c.prepare()
		}
		if mode&walkRules == 0 {
			continue
		}
		added := strings.HasPrefix(c.line, "+")
		for _, r := range rules {
			if !c.inScope(r.scope) {
				break
			}
			if added || !r.added {
				r.run(c)
			}
		}
	}
}

// fileHeader returns the path a "diff --git" or "+++" line names, or "".
func fileHeader(l string) string {
	if rest, ok := strings.CutPrefix(l, "diff --git"); ok {
		// the last field, as ^diff --git.*?(\S+)$ finds it
		if rest == "" || isRE2Space(rest[len(rest)-1]) || strings.Contains(rest, "\n") {
			return ""
		}
		i := len(rest) - 1
		for i > 0 && !isRE2Space(rest[i-1]) {
			i--
		}
		return rest[i:]
	} else if strings.HasPrefix(l, "+++") {
		if m := plusFile.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}

// inScope reports whether the current line is one the checks of scope s
// look at; scopes are ordered, so the first miss ends the line.
func (c *checker) inScope(s scope) bool {
	if s == scopeAdded {
		return c.fileScope >= scopeC && strings.HasPrefix(c.line, "+")
	}
	return c.fileScope >= s
}

// fileScope returns the narrowest scope whose checks apply to a file.
// The file patterns overlap: .h and .c are in every scope, .pl and .dts
// skip scopeSource's .sh/.rs/.s but are code.
func fileScope(path string) scope {
	switch {
	case cFile.MatchString(path):
		return scopeC
	case codeFile.MatchString(path) && srcFile.MatchString(path):
		return scopeCode
	case srcFile.MatchString(path):
		return scopeSource
	}
	return scopeHunk
}

// lineStats returns a patch line's length and indentation in columns, with
// the diff marker dropped and tabs expanded.
func lineStats(raw string) (length, indent int) {
	if raw != "" {
		raw = raw[1:]
	}
	lead := true
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\t' {
			length = (length/tabSize + 1) * tabSize
		} else {
			length++
		}
		if lead && !isSpace(raw[i]) {
			lead = false
			indent = length - 1
		}
	}
	if lead {
		indent = length
	}
	return length, indent
}

// stripFirstDir drops the a/ or b/ prefix of a patch path.
func stripFirstDir(p string) string {
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
