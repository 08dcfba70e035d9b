// Package commands wires go-edit's command line: it turns flags and
// arguments into options, reads and writes files, and maps errors to exit
// codes. The logic lives in the packages it calls.
package commands
