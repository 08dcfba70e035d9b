package commands

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-edit/go-edit/edit"
)

// scriptPart is one piece of a script assembled from several sources, so
// that an error position in the whole can be reported in the piece's terms.
type scriptPart struct {
	name string
	off  int // offset of the piece in the assembled script
	text []byte
}

// script is the command text go-edit runs, with where each part came from.
type script struct {
	text  []byte
	parts []scriptPart
}

// checkInputs makes sure the files named on the command line exist before
// the sandbox is installed, so a typo is reported as such and not as a path
// the sandbox profile cannot grant.
func checkInputs(names ...string) error {
	for _, name := range names {
		if name == "" {
			continue
		}
		if _, err := os.Stat(name); err != nil {
			return usageErrorf("%s: %v", name, errors.Unwrap(err))
		}
	}
	return nil
}

// loadScript assembles the script from -f files (in order), or from the
// argument, or from stdin when the argument is "-".
func loadScript(files []string, arg string, useArg bool, stdin io.Reader) (*script, error) {
	var s script
	add := func(name string, text []byte) {
		// Each piece ends a line, so the next one starts a new command.
		if len(s.text) > 0 && s.text[len(s.text)-1] != '\n' {
			s.text = append(s.text, '\n')
		}
		s.parts = append(s.parts, scriptPart{name, len(s.text), text})
		s.text = append(s.text, text...)
	}
	switch {
	case len(files) > 0:
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				return nil, usageErrorf("script: %v", err)
			}
			add(f, text)
		}
	case useArg && arg == "-":
		text, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading script from stdin: %v", err)
		}
		add("-", text)
	case useArg:
		add("-e", []byte(arg))
	default:
		return nil, usageErrorf("no script: give it as the first argument, with -f FILE, or as - on stdin")
	}
	return &s, nil
}

// parse compiles the script, reporting errors against the part they lie in.
// With programs (--allow-exec) it accepts sam's | < > !.
func (s *script) parse(programs bool) (*edit.Program, error) {
	name := "-e"
	if len(s.parts) == 1 {
		name = s.parts[0].name
	}
	parse := edit.Parse
	if programs {
		parse = edit.ParseWithPrograms
	}
	prog, err := parse(name, s.text)
	if err != nil {
		return nil, s.locate(err)
	}
	return prog, nil
}

// locate rewrites the position of an edit error found in an assembled script
// so that it names the -f file and its own line and column.
func (s *script) locate(err error) error {
	var ee *edit.Error
	if len(s.parts) < 2 || !errors.As(err, &ee) {
		return err
	}
	for i := len(s.parts) - 1; i >= 0; i-- {
		p := s.parts[i]
		if ee.Off < p.off {
			continue
		}
		local := *ee
		local.Src = p.name
		local.Off = ee.Off - p.off
		before := p.text[:min(local.Off, len(p.text))]
		local.Line = 1 + bytes.Count(before, []byte{'\n'})
		local.Col = 1 + len(before) - (bytes.LastIndexByte(before, '\n') + 1)
		return &local
	}
	return err
}
