package commands

import (
	"io"

	"github.com/go-edit/go-edit/patch"
)

// writeMail prints the change as a git format-patch mail.
func (o *execOptions) writeMail(w io.Writer, root string, files []patch.File) error {
	return usageErrorf("exec --format-patch: not wired yet")
}
