//go:build cgo

package sandbox

// cgoCalls are what glibc's pthread_create needs for the threads of a cgo
// build (go test builds with cgo by default). Release builds are static,
// CGO_ENABLED=0, and never make these calls, so they are not in their
// allowlist.
var cgoCalls = []Syscall{
	{Name: "mprotect", Why: "cgo builds: glibc makes each thread stack's guard page"},
	{Name: "set_robust_list", Why: "cgo builds: glibc registers each new thread's robust futex list"},
	{Name: "rseq", Why: "cgo builds: glibc registers each new thread's restartable sequence"},
}
