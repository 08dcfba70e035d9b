package edit

// DefaultAddr says which address a command uses when it is given none.
type DefaultAddr int

const (
	// NoAddr: the command takes no address ("command takes no address").
	NoAddr DefaultAddr = iota
	// DotAddr: the command works on dot.
	DotAddr
	// AllAddr: the command works on the whole buffer (sam's w).
	AllAddr
)

// CommandInfo describes one sam command, for help output and for the parser.
type CommandInfo struct {
	Name        rune        // the command letter; '\n' is the empty command
	Text        bool        // takes text: a/text/ or the multi-line form
	Regexp      bool        // takes a regular expression
	Addr        bool        // takes a destination address (m, t)
	Count       bool        // takes a number before its regexp (s3/re/rep/)
	Token       string      // takes the rest of the line up to one of these runes
	DefaultCmd  rune        // command run when none follows (x/re/ prints); 0 if none
	DefaultAddr DefaultAddr // address used when none is given
	// Program marks the commands that run a program (| < > !): only
	// ParseWithPrograms accepts them, and they run through Options.Shell.
	Program bool
	// Refused is CodeNotSupported for commands go-edit parses but will not
	// run; empty for commands it runs.
	Refused Code
	Help    string // one line
}

// cmdTable has one row per command, in sam's order. The parser and the
// interpreter both read it; exec dispatches on Name.
var cmdTable = [...]command{
	{CommandInfo{Name: '\n', DefaultAddr: DotAddr, Help: "print the address (or, with none, the next line)"}, (*machine).nlCmd},
	{CommandInfo{Name: 'a', Text: true, DefaultAddr: DotAddr, Help: "append text after the range"}, (*machine).appendCmd},
	{CommandInfo{Name: 'b', Token: "\n", Refused: CodeNotSupported, Help: "switch to another file"}, nil},
	{CommandInfo{Name: 'B', Token: "\n", Refused: CodeNotSupported, Help: "load files into the menu"}, nil},
	{CommandInfo{Name: 'c', Text: true, DefaultAddr: DotAddr, Help: "change the range to text"}, (*machine).changeCmd},
	{CommandInfo{Name: 'd', DefaultAddr: DotAddr, Help: "delete the range"}, (*machine).deleteCmd},
	{CommandInfo{Name: 'D', Token: "\n", Refused: CodeNotSupported, Help: "close files"}, nil},
	{CommandInfo{Name: 'e', Token: " \t\n", Refused: CodeNotSupported, Help: "replace the file with a disk file"}, nil},
	{CommandInfo{Name: 'f', Token: " \t\n", Refused: CodeNotSupported, Help: "set the file name"}, nil},
	{CommandInfo{Name: 'g', Regexp: true, DefaultCmd: 'p', DefaultAddr: DotAddr, Help: "run the command if the range contains a match"}, (*machine).guardCmd},
	{CommandInfo{Name: 'i', Text: true, DefaultAddr: DotAddr, Help: "insert text before the range"}, (*machine).insertCmd},
	{CommandInfo{Name: 'k', DefaultAddr: DotAddr, Help: "set the mark (') to the range"}, (*machine).markCmd},
	{CommandInfo{Name: 'm', Addr: true, DefaultAddr: DotAddr, Help: "move the range after the address"}, (*machine).moveCmd},
	{CommandInfo{Name: 'n', Refused: CodeNotSupported, Help: "print the file menu"}, nil},
	{CommandInfo{Name: 'p', DefaultAddr: DotAddr, Help: "print the range"}, (*machine).printCmd},
	{CommandInfo{Name: 'q', Refused: CodeNotSupported, Help: "quit"}, nil},
	{CommandInfo{Name: 'r', Token: " \t\n", DefaultAddr: DotAddr, Refused: CodeNotSupported, Help: "replace the range with a disk file"}, nil},
	{CommandInfo{Name: 's', Regexp: true, Count: true, DefaultAddr: DotAddr, Help: "substitute text for a match of the regexp"}, (*machine).substCmd},
	{CommandInfo{Name: 't', Addr: true, DefaultAddr: DotAddr, Help: "copy the range after the address"}, (*machine).moveCmd},
	{CommandInfo{Name: 'u', Count: true, Refused: CodeNotSupported, Help: "undo"}, nil},
	{CommandInfo{Name: 'v', Regexp: true, DefaultCmd: 'p', DefaultAddr: DotAddr, Help: "run the command if the range contains no match"}, (*machine).guardCmd},
	{CommandInfo{Name: 'w', Token: " \t\n", DefaultAddr: AllAddr, Refused: CodeNotSupported, Help: "write the file"}, nil},
	{CommandInfo{Name: 'x', Regexp: true, DefaultCmd: 'p', DefaultAddr: DotAddr, Help: "run the command on each match (each line with no regexp)"}, (*machine).loopCmd},
	{CommandInfo{Name: 'y', Regexp: true, DefaultCmd: 'p', DefaultAddr: DotAddr, Help: "run the command on each piece between matches"}, (*machine).loopCmd},
	{CommandInfo{Name: 'X', Regexp: true, DefaultCmd: 'f', Help: "run the command on the file if its menu line matches"}, (*machine).fileLoopCmd},
	{CommandInfo{Name: 'Y', Regexp: true, DefaultCmd: 'f', Help: "run the command on the file if its menu line does not match"}, (*machine).fileLoopCmd},
	{CommandInfo{Name: '!', Token: "\n", Program: true, Help: "run a shell command"}, (*machine).programCmd},
	{CommandInfo{Name: '>', Token: "\n", DefaultAddr: DotAddr, Program: true, Help: "send the range to a shell command"}, (*machine).programCmd},
	{CommandInfo{Name: '<', Token: "\n", DefaultAddr: DotAddr, Program: true, Help: "replace the range with a shell command's output"}, (*machine).programCmd},
	{CommandInfo{Name: '|', Token: "\n", DefaultAddr: DotAddr, Program: true, Help: "filter the range through a shell command"}, (*machine).programCmd},
	{CommandInfo{Name: '=', Token: "\n", DefaultAddr: DotAddr, Help: "print the line and rune position (=# only runes)"}, (*machine).posCmd},
	{CommandInfo{Name: cdName, Token: " \t\n", Refused: CodeNotSupported, Help: "change directory (cd)"}, nil},
}

// cdName stands for sam's two-letter command cd, as sam itself encodes it.
const cdName = 'c' | 0x100

// Commands returns a copy of the command table, for help output.
func Commands() []CommandInfo {
	infos := make([]CommandInfo, len(cmdTable))
	for i := range cmdTable {
		infos[i] = cmdTable[i].CommandInfo
	}
	return infos
}

// command is a row of the command table: what the parser needs to know and
// the function that runs the command (nil for refused commands).
type command struct {
	CommandInfo
	run func(m *machine, c *cmd, r span)
}

// lookup returns the table row of command c, or nil.
func lookup(c rune) *command {
	for i := range cmdTable {
		if cmdTable[i].Name == c {
			return &cmdTable[i]
		}
	}
	return nil
}

// cmdName spells a command letter for messages and dumps.
func cmdName(c rune) string {
	switch c {
	case cdName:
		return "cd"
	case '\n':
		return "\\n"
	}
	return string(c)
}
