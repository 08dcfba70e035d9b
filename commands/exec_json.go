package commands

import (
	"bytes"

	"github.com/go-edit/go-edit/edit"
	"github.com/go-edit/go-edit/internal/jsonenc"
)

// changeJSON is one --json change object. Offsets and line:col refer to
// the text as it was when the change's top-level command (step) ran; step 0
// sees the file as it is on disk.
type changeJSON struct {
	Type    string `json:"type"` // "change"
	Path    string `json:"path"`
	Step    int    `json:"step"`
	Off     int    `json:"off"`
	End     int    `json:"end"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"end_line"`
	EndCol  int    `json:"end_col"`
	Old     string `json:"old"`
	New     string `json:"new"`
}

// printOutJSON is one --json print object (p, = or =#, or the output of a
// program run by > or !).
type printOutJSON struct {
	Type  string `json:"type"` // "print"
	Path  string `json:"path"`
	Kind  string `json:"kind"` // "p", "=", "=#", "output" (of > and !)
	Off   int    `json:"off"`
	End   int    `json:"end"`
	Line  int    `json:"line"`
	Line2 int    `json:"end_line"`
	Text  string `json:"text,omitempty"`
	Pos   string `json:"pos,omitempty"` // sam's = output
}

func printJSON(path string, pr edit.Print) []byte {
	o := printOutJSON{Type: "print", Path: path, Off: pr.Off, End: pr.End, Line: pr.Line1, Line2: pr.Line2}
	switch pr.Kind {
	case edit.PrintText:
		o.Kind, o.Text = "p", string(pr.Text)
	case edit.PrintOutput:
		o.Kind, o.Text = "output", string(pr.Text)
	case edit.PrintLine:
		o.Kind, o.Pos = "=", pr.String()
	default:
		o.Kind, o.Pos = "=#", pr.String()
	}
	return marshalLine(o)
}

// changesJSON renders every logged change of a file, replaying the steps
// so each change is described in the text it applied to.
func changesJSON(path string, text []byte, steps [][]edit.Change) []byte {
	var out []byte
	for i, step := range steps {
		for _, c := range step {
			line, col := lineCol(text, c.Off)
			eline, ecol := lineCol(text, c.End)
			out = append(out, marshalLine(changeJSON{
				Type: "change", Path: path, Step: i, Off: c.Off, End: c.End,
				Line: line, Col: col, EndLine: eline, EndCol: ecol,
				Old: string(text[c.Off:c.End]), New: string(c.Text),
			})...)
		}
		if i+1 < len(steps) {
			text = applyChanges(text, step)
		}
	}
	return out
}

// applyChanges applies sorted, non-overlapping changes to text.
func applyChanges(text []byte, changes []edit.Change) []byte {
	var b bytes.Buffer
	prev := 0
	for _, c := range changes {
		b.Write(text[prev:c.Off])
		b.Write(c.Text)
		prev = c.End
	}
	b.Write(text[prev:])
	return b.Bytes()
}

// lineCol gives the 1-based line and byte column of off.
func lineCol(text []byte, off int) (line, col int) {
	before := text[:off]
	nl := bytes.LastIndexByte(before, '\n')
	return 1 + bytes.Count(before, []byte{'\n'}), off - nl
}

// marshalLine encodes v as one NDJSON line. Bytes that are not UTF-8
// become U+FFFD: JSON strings cannot hold them.
func marshalLine(v any) []byte {
	b, err := jsonenc.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings and ints are encoded
	}
	return append(b, '\n')
}
