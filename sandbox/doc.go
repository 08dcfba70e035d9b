// Package sandbox confines the go-edit process with seccomp and Landlock
// according to a per-subcommand profile.
package sandbox
