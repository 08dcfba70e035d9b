package kconfig

import (
	"fmt"
	"strings"
)

// Code names a kind of error so that tests and --json output do not
// depend on the wording of messages.
type Code string

// Error codes.
const (
	CodeSyntax            Code = "syntax"
	CodeUnknownStatement  Code = "unknown-statement"
	CodeInvalidStatement  Code = "invalid-statement"
	CodeUnterminatedRef   Code = "unterminated-reference"
	CodeRecursiveVariable Code = "recursive-variable"
	CodeFunctionArgs      Code = "function-arguments"
	CodeErrorIf           Code = "error-if"
	CodeSourceMissing     Code = "source-missing"
	CodeRecursiveSource   Code = "recursive-source"
	CodeBlockMismatch     Code = "block-mismatch"
	CodeMissingEnd        Code = "missing-end"
	CodeModulesRedefined  Code = "modules-redefined"
	CodeRecursiveDep      Code = "recursive-dependency"
	CodeUnknownSymbol     Code = "unknown-symbol"
	CodeInvalidValue      Code = "invalid-value"
	CodeNotApplied        Code = "not-applied"
	CodeIO                Code = "io"
)

// Error is a problem found in a Kconfig file or a .config file, with the
// position it refers to. Col is 0 when only the line is known.
type Error struct {
	File string
	Line int
	Col  int
	Code Code
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ErrorList collects errors, as go/scanner.ErrorList does.
type ErrorList []*Error

func (l *ErrorList) add(e *Error) { *l = append(*l, e) }

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
