//go:build !cgo

package sandbox

// cgoCalls is empty in static builds: the Go runtime creates its threads
// with clone itself.
var cgoCalls []Syscall
