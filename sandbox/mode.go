package sandbox

import (
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
)

// Mode says what happens to a call the profile does not allow.
type Mode string

const (
	// On denies it: the call fails with EPERM (seccomp) or EACCES
	// (Landlock), and go-edit reports a *DeniedError.
	On Mode = "on"
	// Kill ends the process with SIGSYS on the first denied system call
	// (Landlock denials still fail with EACCES). For hardening tests.
	Kill Mode = "kill"
	// Off installs nothing. Only an explicit --sandbox=off or
	// GOEDIT_SANDBOX=off selects it.
	Off Mode = "off"
)

// EnvVar names the environment variable that gives the default mode.
const EnvVar = "GOEDIT_SANDBOX"

// ParseMode reads a --sandbox or GOEDIT_SANDBOX value; "" means On.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return On, nil
	case On, Kill, Off:
		return m, nil
	}
	return "", fmt.Errorf("sandbox mode %q: want on, kill or off", s)
}

// UnsupportedError says the kernel lacks a mechanism the sandbox needs.
// go-edit refuses to run rather than run unconfined.
type UnsupportedError struct {
	Feature string // "seccomp", "Landlock"
	Need    string // the minimum kernel and configuration
	Err     error  // what the probe returned
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("sandbox: this kernel lacks %s (%v; needs %s); go-edit will not run unconfined: "+
		"pass --sandbox=off or set %s=off to run without the sandbox", e.Feature, e.Err, e.Need, EnvVar)
}

func (e *UnsupportedError) Unwrap() error { return e.Err }

// installed is the profile this process is confined by, for Explain.
// Confinement is a property of the process, so this is process state.
var installed atomic.Pointer[Profile]

// Installed returns the profile the process is confined by, if any.
func Installed() (Profile, bool) {
	p := installed.Load()
	if p == nil {
		return Profile{}, false
	}
	return *p, true
}

// DeniedError reports an operation the sandbox refused. It keeps the
// error the operation returned, with its context, and names the profile
// and the mechanism that refused it.
type DeniedError struct {
	Profile string // the profile in force
	By      string // "seccomp" (EPERM) or "Landlock" (EACCES)
	Err     error
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("sandbox: %v: denied by the %s profile (%s); 'go-edit sandbox %s' lists what it allows",
		e.Err, e.Profile, e.By, e.Profile)
}

func (e *DeniedError) Unwrap() error { return e.Err }

// Explain turns an EPERM or EACCES that the sandbox caused into a
// *DeniedError naming the profile, and returns any other error as is.
// Without an installed sandbox it changes nothing: a plain permission
// error stays one. (Under the sandbox, an EACCES the file's own mode
// would have caused is reported as Landlock's too; the kernel does not
// tell them apart.)
func Explain(err error) error {
	p := installed.Load()
	if err == nil || p == nil {
		return err
	}
	var de *DeniedError
	if errors.As(err, &de) {
		return err
	}
	switch {
	case errors.Is(err, syscall.EPERM):
		return &DeniedError{Profile: p.Name, By: "seccomp", Err: err}
	case errors.Is(err, syscall.EACCES):
		return &DeniedError{Profile: p.Name, By: "Landlock", Err: err}
	}
	return err
}
