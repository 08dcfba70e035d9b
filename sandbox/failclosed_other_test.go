//go:build !linux

package sandbox

import "errors"

func runWithout(string) error { return errors.ErrUnsupported }
