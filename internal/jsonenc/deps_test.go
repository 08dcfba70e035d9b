package jsonenc_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestBinaryDoesNotLinkEncodingJSON guards the reason this package
// exists: no package of go-edit's binary may bring encoding/json back.
func TestBinaryDoesNotLinkEncodingJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on $PATH")
	}
	// The full build ("") joins the list when commands/probe.go, the
	// last importer, switches to jsonenc.
	for _, tags := range []string{"slim", ""} {
		out, err := exec.Command(gobin, "list", "-deps", "-tags", tags,
			"-f", `{{.ImportPath}}: {{join .Imports " "}}`, "github.com/go-edit/go-edit/cmd/go-edit").Output()
		if err != nil {
			t.Fatalf("go list -tags %q: %v", tags, err)
		}
		for line := range strings.Lines(string(out)) {
			pkg, imports, _ := strings.Cut(strings.TrimSpace(line), ": ")
			if slices.Contains(strings.Fields(imports), "encoding/json") {
				t.Errorf("-tags %q: %s imports encoding/json; use internal/jsonenc", tags, pkg)
			}
		}
	}
}
