package bpf

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
)

// holdEnv marks a go-edit process started by StartHeld: it waits on its
// gate and then becomes the workload.
const holdEnv = "GOEDIT_PROBE_HOLD"

// Descriptors the held child inherits (after stdin, stdout, stderr).
const (
	gateFD  = 3 // one byte from the parent releases the workload
	aliveFD = 4 // kept open by the workload: EOF tells the parent it ended
	readyFD = 5 // closed by the holder once it waits on the gate
)

// The workload has to exist (its pid known, so the probes can filter on
// it) before the probes attach, and must not run before they are: a
// fork+exec that stops between the two steps. Go cannot stop a child
// there, so the child is go-edit itself, which blocks on a pipe before
// any of its own code runs and then executes the workload. This happens
// in init so no command-line parsing or sandbox stands in between.
func init() {
	if os.Getenv(holdEnv) == "1" {
		holdThenExec()
	}
}

func holdThenExec() {
	os.Unsetenv(holdEnv)
	gate := os.NewFile(gateFD, "gate")
	os.NewFile(readyFD, "ready").Close()
	var b [1]byte
	n, _ := gate.Read(b[:])
	gate.Close()
	if n != 1 {
		os.Exit(125) // the parent gave up before attaching
	}
	// aliveFD stays open across exec: the workload holds it.
	argv := os.Args[1:]
	path, err := exec.LookPath(argv[0])
	if err == nil {
		err = syscall.Exec(path, argv, os.Environ())
	}
	fmt.Fprintf(os.Stderr, "go-edit probe: cannot run %s: %v\n", argv[0], err)
	os.Exit(127)
}

// A Workload is a command started, held before it runs, and released
// once the probes are attached.
type Workload struct {
	cmd   *exec.Cmd
	gate  *os.File
	alive *os.File
	// Pid is the workload's process id, the same before and after it
	// is released (the holder executes it in place).
	Pid int
}

// StartHeld starts argv held: it exists but has not run any of its own
// code. It must be called before the sandbox is installed (it forks and
// executes a program).
func StartHeld(argv []string, stdin io.Reader, stdout, stderr io.Writer) (*Workload, error) {
	if len(argv) == 0 {
		return nil, errors.New("no workload")
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	gateR, gateW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	aliveR, aliveW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	readyR, readyW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, argv...)
	cmd.Env = append(os.Environ(), holdEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	cmd.ExtraFiles = []*os.File{gateR, aliveW, readyW}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting workload: %w", err)
	}
	gateR.Close()
	aliveW.Close()
	readyW.Close()
	// Wait until the holder is past its runtime's start-up (which reads
	// files of its own) and blocks on the gate.
	io.Copy(io.Discard, readyR)
	readyR.Close()
	return &Workload{cmd: cmd, gate: gateW, alive: aliveR, Pid: cmd.Process.Pid}, nil
}

// Release lets the workload run.
func (w *Workload) Release() error {
	_, err := w.gate.Write([]byte{1})
	w.gate.Close()
	return err
}

// Abort ends a workload that was never released: the holder exits.
func (w *Workload) Abort() {
	w.gate.Close()
	w.alive.Close()
}

// Wait returns when the workload and every process that inherited its
// descriptor have ended, with the workload's exit code (-1 when it could
// not be collected).
func (w *Workload) Wait() int {
	io.Copy(io.Discard, w.alive)
	w.alive.Close()
	if err := w.cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		return -1
	}
	return 0
}
