// Command go-edit is a headless, sandboxed, sam-style structural editor for
// Linux kernel trees. See the README for a tutorial.
package main

import (
	"os"

	"github.com/go-edit/go-edit/commands"
)

// version is stamped by the Makefile with -ldflags "-X main.version=...".
var version = "devel"

func main() {
	os.Exit(commands.Execute(version, os.Args[1:]))
}
