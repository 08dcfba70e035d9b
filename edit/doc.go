// Package edit implements the command language of Rob Pike's sam: parsing
// scripts, evaluating addresses, running commands over a buffer and logging
// the changes they make. It does no I/O of its own.
package edit
