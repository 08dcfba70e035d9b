package edit

import "strconv"

// Printer receives the output of p, = and =# (and the print of an
// address-only command), in order. An error from Print stops the run.
type Printer interface {
	Print(Print) error
}

// PrintKind says which command printed.
type PrintKind int

const (
	PrintText   PrintKind = iota // p, or an address-only command
	PrintLine                    // =
	PrintChar                    // =#
	PrintOutput                  // what the program of > or ! wrote
	PrintDone                    // the "!" sam -d prints after | < > ! outside loops
)

// Print is one piece of output.
type Print struct {
	Kind     PrintKind
	Off, End int // byte range in the buffer at the time of printing
	// Text is the range's bytes for PrintText and the program's output
	// for PrintOutput, valid only during the call.
	Text []byte
	// Line1 and Line2 are the lines = reports: Line1 is 1 plus the newlines
	// before the range, Line2 adds the newlines inside it, less one when a
	// non-empty range ends in a newline.
	Line1, Line2 int
	Rune1, Rune2 int // rune offsets, as # addresses count them
}

// String formats = and =# output as sam does, without the newline:
// "L1; #C1" or "L1,L2; #C1,#C2" (a part is left out when both ends are
// equal); =# prints only the # part. PrintDone is "!".
func (p Print) String() string {
	if p.Kind == PrintDone {
		return "!"
	}
	var b []byte
	if p.Kind != PrintChar {
		b = strconv.AppendInt(b, int64(p.Line1), 10)
		if p.Line2 != p.Line1 {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(p.Line2), 10)
		}
		b = append(b, "; "...)
	}
	b = append(b, '#')
	b = strconv.AppendInt(b, int64(p.Rune1), 10)
	if p.Rune2 != p.Rune1 {
		b = append(b, ",#"...)
		b = strconv.AppendInt(b, int64(p.Rune2), 10)
	}
	return string(b)
}
