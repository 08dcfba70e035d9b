package edit

import "fmt"

// Code names a kind of error. Codes are stable: tests and JSON output use
// them instead of the wording.
type Code string

// Error codes. The comment after each is sam's message for it.
const (
	CodeUnknownCommand   Code = "unknown-command"         // unknown command `Q'
	CodeBadDelimiter     Code = "bad-delimiter"           // bad delimiter `x'
	CodeNewlineExpected  Code = "newline-expected"        // newline expected
	CodePatternExpected  Code = "pattern-expected"        // pattern expected
	CodeNoPattern        Code = "no-pattern"              // pattern (an empty regexp with none before it)
	CodeAddress          Code = "address"                 // address (a malformed address)
	CodeNoAddress        Code = "no-address"              // command takes no address
	CodeUnmatchedBrace   Code = "unmatched-brace"         // unmatched `}'
	CodeNotSupported     Code = "not-supported"           // `w' is not supported in go-edit
	CodeSandbox          Code = "sandbox"                 // `|' runs a program: refused by go-edit's sandbox
	CodeSearch           Code = "search"                  // search
	CodeAddressRange     Code = "address-range"           // address range
	CodeOutOfOrder       Code = "addresses-out-of-order"  // addresses out of order
	CodeAddressesOverlap Code = "addresses-overlap"       // addresses overlap
	CodeSubstitution     Code = "substitution"            // substitution
	CodeSequence         Code = "changes-not-in-sequence" // changes not in sequence
	CodeNestedXY         Code = "nested-xy"               // can't nest X or Y
	CodeMalformedRegexp  Code = "malformed-regexp"        // malformed regexp
	CodeUnmatchedParen   Code = "unmatched-paren"         // unmatched `(' / unmatched `)'
	CodeMalformedClass   Code = "malformed-class"         // malformed `[]'
	CodeMissingOperand   Code = "missing-operand"         // no operand for `*'
	CodeRegexp           Code = "regexp"                  // any other regexp compilation error
	CodeNoCommand        Code = "no-command"              // plan 9 command (| < > ! with no text, and no program run before)
	CodeExitStatus       Code = "exit-status"             // exit status not 0 (a program of | or < failed; sam only warns)
	CodeProgram          Code = "program"                 // program failed (it could not run, or was stopped)
)

// Error is a syntax or run-time error of a sam script. Msg is sam's own
// wording ("search", "changes not in sequence"), so that users of sam
// recognise it; the position says which command of the script failed.
type Error struct {
	Src       string // script name
	Off       int    // byte offset in the script of the failing command or token
	Line, Col int    // 1-based; Col counts bytes
	Code      Code
	Msg       string // sam's wording
	// Note, when not empty, adds what sam does not say, such as which
	// earlier command made a change that a later one conflicts with.
	Note string
}

// Error formats the error as "src:line:col: msg", followed by the note in
// parentheses when there is one.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s:%d:%d: %s", e.Src, e.Line, e.Col, e.Msg)
	if e.Note != "" {
		s += " (" + e.Note + ")"
	}
	return s
}

// position turns a byte offset in script into a 1-based line and column.
func position(script []byte, off int) (line, col int) {
	line, col = 1, 1
	if off > len(script) {
		off = len(script)
	}
	for _, c := range script[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// errorAt builds an *Error at offset off of the program's script.
func newError(src string, script []byte, off int, code Code, msg string) *Error {
	line, col := position(script, off)
	return &Error{Src: src, Off: off, Line: line, Col: col, Code: code, Msg: msg}
}
