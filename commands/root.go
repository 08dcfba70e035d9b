package commands

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0 // success
	exitError = 1 // script, runtime or check failure
	exitUsage = 2 // bad flags or arguments
)

// exitError wraps an error with the exit code it should produce.
type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

// usageErrorf reports a command-line mistake (exit 2).
func usageErrorf(format string, args ...any) error {
	return &codedError{exitUsage, fmt.Errorf(format, args...)}
}

// silentExit ends the program with code without printing anything more:
// the command has already said what went wrong.
func silentExit(code int) error { return &codedError{code, nil} }

// streams carries the standard streams so tests can run commands in-process.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// newRoot builds the command tree.
func newRoot(version string, s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "go-edit",
		Short: "A sandboxed, sam-style structural editor for Linux kernel trees",
		Long: `go-edit runs scripts in the command language of Rob Pike's sam against
kernel source trees and prints the result as a patch that git apply and
patch -p1 accept, or writes the files in place.

Start with 'go-edit exec --help'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.PersistentFlags().String(sandboxFlag, sandboxDefault(), "confinement `MODE`: on, kill (denied calls kill) or off; default from $GOEDIT_SANDBOX")
	root.PersistentPreRunE = confineTightest
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &codedError{exitUsage, err}
	})
	root.AddCommand(
		newVersionCmd(version),
		newExecCmd(s),
	)
	for _, add := range extraCommands {
		root.AddCommand(add(s))
	}
	return root
}

// extraCommands lets subcommands defined in their own files register
// themselves with newRoot without editing this file.
var extraCommands []func(streams) *cobra.Command

// Execute runs go-edit with args and returns the process exit code.
func Execute(version string, args []string) int {
	return run(version, args, streams{os.Stdin, os.Stdout, os.Stderr})
}

func run(version string, args []string, s streams) int {
	root := newRoot(version, s)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	code := exitError
	var ce *codedError
	if errors.As(err, &ce) {
		code = ce.code
		if ce.err == nil {
			return code
		}
	} else if isCobraUsageError(err) {
		code = exitUsage
	}
	fmt.Fprintf(s.err, "go-edit: %v\n", sandbox.Explain(err))
	return code
}

// isCobraUsageError recognises the errors cobra itself returns for an
// unknown subcommand; flag and argument errors are already coded.
func isCobraUsageError(err error) bool {
	return strings.HasPrefix(err.Error(), "unknown command") ||
		strings.HasPrefix(err.Error(), "unknown shorthand flag") ||
		strings.HasPrefix(err.Error(), "unknown flag")
}

// usageArgs wraps a cobra argument validator so its complaints exit 2.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &codedError{exitUsage, err}
		}
		return nil
	}
}
