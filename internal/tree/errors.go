package tree

import "fmt"

// Code classifies an Error so callers and tests need not match wording.
type Code string

// The codes tree's errors carry.
const (
	CodeNoRoot      Code = "no-root"      // no kernel tree above the directory
	CodeOutsideRoot Code = "outside-root" // a path leads out of the tree
	CodeNoSuchPath  Code = "no-such-path" // a PATH argument names nothing
	CodeBadGlob     Code = "bad-glob"     // a malformed [...] set in a glob
	CodeRead        Code = "read"         // a file could not be read
	CodeModified    Code = "modified"     // a file changed on disk since it was read
	CodeSymlink     Code = "symlink"      // a symlink where a file or directory must be
	CodeWrite       Code = "write"        // staging or renaming failed
)

// An Error names the tree-relative path it concerns.
type Error struct {
	Path string
	Code Code
	Msg  string
	Err  error // the underlying error, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Path, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(path string, code Code, err error, format string, args ...any) *Error {
	return &Error{Path: path, Code: code, Msg: fmt.Sprintf(format, args...), Err: err}
}
