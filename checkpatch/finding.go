package checkpatch

import (
	"fmt"
	"strings"
)

// Level is how serious a finding is, as checkpatch ranks them.
type Level int

// The three levels. Check findings are shown only with Options.Strict, or in
// the directories where checkpatch always shows them (drivers/net/, net/,
// drivers/staging/).
const (
	LevelError Level = iota
	LevelWarning
	LevelCheck
)

// String returns the level's name as checkpatch prints it.
func (l Level) String() string {
	switch l {
	case LevelError:
		return "ERROR"
	case LevelWarning:
		return "WARNING"
	}
	return "CHECK"
}

// MarshalText makes the level read as its name in JSON.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// A Finding is one problem checkpatch would report.
type Finding struct {
	Level Level  `json:"level"`
	Type  string `json:"type"`           // checkpatch's type name: "LONG_LINE"
	Msg   string `json:"message"`        // the first line of the report, without level and type
	File  string `json:"file,omitempty"` // path in the patch ("drivers/x.c"); empty for the commit message
	Line  int    `json:"line,omitempty"` // line in the patched file; 0 outside hunks
	// PatchLine is the 1-based line of the patch the report is anchored on
	// (checkpatch's "#N"); 0 for findings about the patch as a whole.
	PatchLine int `json:"patch_line,omitempty"`
	// Where is the location line checkpatch prints ("#12: FILE: drivers/x.c:120:"),
	// and Context the lines it quotes after it (patch lines, "^" pointers).
	Where   string   `json:"where,omitempty"`
	Context []string `json:"context,omitempty"`

	at int // the patch line being read when it was reported, for ordering
}

// String formats the finding as checkpatch --show-types does:
//
//	WARNING:LONG_LINE: line length of 104 exceeds 100 columns
//	#12: FILE: drivers/x.c:120:
//	+	...
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%s: %s\n", f.Level, f.Type, f.Msg)
	if f.PatchLine > 0 {
		b.WriteString(f.Where)
		b.WriteByte('\n')
		for _, l := range f.Context {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Result is the outcome of checking one patch.
type Result struct {
	Findings []Finding
	// Lines counts the hunk lines checked, as checkpatch's summary does.
	Lines int
	// Checks reports whether CHECK findings were enabled for the last file
	// (by Options.Strict or by its directory); checkpatch's summary then
	// counts them.
	Checks bool
}

// Count returns how many findings r has at level l.
func (r *Result) Count(l Level) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level == l {
			n++
		}
	}
	return n
}

// Summary is checkpatch's closing line:
// "total: 1 errors, 2 warnings, 0 checks, 9 lines checked".
func (r *Result) Summary() string {
	checks := ""
	if r.Checks {
		checks = fmt.Sprintf("%d checks, ", r.Count(LevelCheck))
	}
	return fmt.Sprintf("total: %d errors, %d warnings, %s%d lines checked",
		r.Count(LevelError), r.Count(LevelWarning), checks, r.Lines)
}

// Failed reports whether the findings should fail the check: any error, or
// with strict also any warning or check.
func (r *Result) Failed(strict bool) bool {
	for _, f := range r.Findings {
		if f.Level == LevelError || strict {
			return true
		}
	}
	return false
}
