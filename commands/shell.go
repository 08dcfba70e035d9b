package commands

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// shellPath is the shell sam runs its | < > ! commands with (plan9port's
// SHPATH), as sh -c COMMAND.
const shellPath = "/bin/sh"

// programLimits bound one program run under --allow-exec: a program that
// runs longer, or writes more to its standard output, is stopped and the
// script fails. A forgotten filter must not hang a tree run or fill the
// memory.
type programLimits struct {
	timeout   time.Duration
	maxOutput int
	// waitDelay bounds the wait for the output pipe after the shell
	// exited or was killed, which a background child of the shell can
	// hold open.
	waitDelay time.Duration
}

// execLimits are the limits of 'exec --allow-exec' (its help states them).
func execLimits() programLimits {
	return programLimits{timeout: time.Minute, maxOutput: 256 << 20, waitDelay: 5 * time.Second}
}

// programPaths is what --allow-exec lets run: the shell, and the absolute,
// existing directories of $PATH, where the shell looks for the programs a
// command names. Relative entries ("." or empty) are left out, so nothing
// in the current directory or the tree runs unless $PATH names it
// absolutely.
func programPaths() []string {
	paths := []string{shellPath}
	if real, err := filepath.EvalSymlinks(shellPath); err == nil && real != shellPath {
		paths = append(paths, real)
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue
		}
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			paths = append(paths, dir)
		}
	}
	return paths
}

// programShell returns the edit.Options.Shell of 'exec --allow-exec': each
// program runs as sam runs it, /bin/sh -c COMMAND, in dir (the current
// directory if empty), with the buffer's name in $samfile as sam sets it
// (sam also sets $%, a name only rc can use: sh drops it). Its stdin is the range the engine gives (nothing for < and
// !), its stdout is captured, its stderr goes to stderr. Safe for
// concurrent use by the workers of a tree run.
func programShell(dir string, stderr io.Writer, lim programLimits) func(name, command string, stdin []byte) ([]byte, error) {
	if _, ok := stderr.(*os.File); !ok {
		// Programs of parallel workers write at once; os/exec copies
		// their stderr with a goroutine each unless it is a file.
		stderr = &lockedWriter{w: stderr}
	}
	return func(name, command string, stdin []byte) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), lim.timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, shellPath, "-c", command)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "samfile="+name)
		if len(stdin) > 0 {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		out := &cappedBuffer{max: lim.maxOutput, overflow: cancel}
		cmd.Stdout = out
		cmd.Stderr = stderr
		cmd.WaitDelay = lim.waitDelay
		err := cmd.Run()
		switch {
		case out.overflowed:
			return nil, fmt.Errorf("stopped: wrote more than %d bytes", lim.maxOutput)
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return nil, fmt.Errorf("stopped after %v", lim.timeout)
		}
		// An *exec.ExitError tells the engine the status through its
		// ExitCode method.
		return out.buf.Bytes(), err
	}
}

// cappedBuffer collects a program's output up to max bytes; beyond that it
// calls overflow (which kills the program) and refuses the rest.
type cappedBuffer struct {
	buf        bytes.Buffer
	max        int
	overflow   func()
	overflowed bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		c.overflowed = true
		c.overflow()
		return 0, errors.New("output too large")
	}
	return c.buf.Write(p)
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
