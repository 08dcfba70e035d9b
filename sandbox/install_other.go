//go:build !linux

package sandbox

import "errors"

// Support reports that seccomp and Landlock exist only on Linux.
func Support() (abi int, err error) {
	return 0, &UnsupportedError{Feature: "seccomp and Landlock", Need: "Linux", Err: errors.New("not Linux")}
}

// Install refuses to run unconfined anywhere but Linux unless m is Off.
func Install(p Profile, m Mode) error {
	if m == Off {
		return nil
	}
	_, err := Support()
	return err
}
