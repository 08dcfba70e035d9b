// Package edit implements the command language of Rob Pike's sam, as
// plan9port's sam -d runs it: it parses scripts, evaluates addresses, runs
// commands over one buffer at a time and returns the changes they make. It
// does no I/O of its own.
//
// A Program comes from Parse and runs with Run, which returns the final
// text and, for each top-level command, the list of changes it made
// (Result.Steps). Output of p and = goes to a Printer. Programs are
// immutable and may run on many buffers at once.
//
// The commands that run programs (| < > !) are refused by Parse. A caller
// that allows them parses with ParseWithPrograms and runs with
// Options.Shell, a hook that runs the program: the engine itself never
// starts a process.
//
// # Grammar
//
// Blanks (spaces and tabs) may separate the parts of an address and come
// before a command letter. Each line holds one top-level command; braces
// and the multi-line form of a, c and i continue over several lines.
//
//	script   = { cmd } .
//	cmd      = [ address ] ( "\n" | command | group ) .
//	group    = "{" { [ "\n" ] cmd } "}" "\n" .
//	address  = [ simple ] [ ( "," | ";" ) address ] .
//	simple   = atom [ simple ] .                 (adjacent atoms get an implicit "+")
//	atom     = "#" [ number ] | number | "/" regexp [ "/" ] | "?" regexp [ "?" ]
//	         | "." | "$" | "'" | "+" | "-" .
//	command  = ( "a" | "c" | "i" ) text
//	         | "d" | "p" | "k" | "=" [ "#" ] "\n"
//	         | "s" [ number ] delim regexp delim repl [ delim [ "g" ] ] "\n"
//	         | ( "m" | "t" ) simple "\n"
//	         | ( "x" | "y" | "g" | "v" | "X" | "Y" ) delim regexp [ delim ] sub
//	         | ( "x" | "X" ) ( " " | "\t" ) sub                (no regexp)
//	         | ( "x" | "X" ) "\n"                              (no regexp, default command)
//	         | ( "|" | "<" | ">" | "!" ) rest "\n"             (ParseWithPrograms only)
//	         | refused .
//	sub      = "\n" | cmd .                      (a newline runs the default: p, or f for X and Y)
//	text     = delim { rune } [ delim ] "\n"
//	         | "\n" { line } "." "\n" .
//	refused  = ( "e" | "r" | "w" | "f" | "b" | "B" | "D" | "cd" ) [ rest ] "\n"
//	         | ( "q" | "n" ) "\n" | "u" [ number ] "\n" .
//
// A delimiter is any rune but a letter, a digit, a backslash or a newline.
// Inside a regexp a backslash before the delimiter stands for the
// delimiter, unescaped; an empty regexp is the last one written anywhere
// before it in the script. In a/c/i text "\n" is a newline, a backslash
// before the delimiter is the delimiter and "\\" a backslash; any other
// "\x" stays as written. In an s replacement & is the match, \1 to \9 a
// submatch, \n a newline and any other \x is x. The regular expressions
// are those of package samre. The rest of the line after | < > or !,
// blanks included, is the shell command; an empty one repeats the last
// program run.
//
// # Semantics
//
// The details, quirks included, follow sam; see SAM.md in the design notes.
// In brief: every command of a top-level command sees the text as it was
// when the top-level command began; changes are logged and applied when it
// ends, and must come in order (a deletion must start at or after the end
// of the previous one, an insertion at or after the previous change), or
// the whole top-level command fails with "changes not in sequence". Dot and
// the mark move as sam moves them, including sam's habit of leaving dot on
// the first of several nearby changes.
//
// # Differences from plan9port sam
//
//   - The whole script is parsed before anything runs, so a syntax error
//     anywhere (an unknown command, a bad delimiter, junk after =, an empty
//     regexp with none before it) means nothing runs. sam parses and runs
//     one line at a time. Regular expressions are still compiled lazily, as
//     in sam: an invalid one is an error only when it first runs.
//   - The first error stops the script and no change is kept; sam reports
//     the error and goes on with the next line.
//   - Text is bytes and survives byte for byte: NUL bytes are kept (sam
//     drops them), and so is invalid UTF-8 (sam turns it into U+FFFD). An
//     invalid byte counts as one rune, for #n, for = and for the regexp ".".
//   - #n and the positions = prints count runes, as in sam; Change and
//     Print offsets are bytes.
//   - Carriage returns are ordinary characters: in CRLF text a line ends at
//     the \n and the \r is its last character, so $ matches after the \r.
//   - ^ and $ look at the real characters around a position even inside the
//     range of an x, y or g (as in sam): x/^a/ inside a range that starts
//     mid-line does not match at the range's start.
//   - X and Y see one buffer, under the name given to Run: they match the
//     line sam's menu would show for it (a quote if modified, "-. ", the
//     name and a newline). X or Y with no command (sam's f) is refused.
//   - Commands that touch files or other buffers (e r w f b B D n q u cd)
//     and file addresses ("file") are refused with code not-supported;
//     those that run programs (| < > !) with code sandbox, unless the
//     script comes from ParseWithPrograms and runs with Options.Shell.
//   - A program of | or < that exits with a non-zero status is an error
//     (code exit-status, sam's words "exit status not 0") and its output
//     is dropped; sam only warns and keeps the output. As in sam, the
//     status of > and ! is ignored.
//   - The program of ! reads nothing (sam -d lets it read sam's own
//     input), and the output of > and ! goes to the Printer (PrintOutput)
//     rather than straight to the standard output; the "!" sam -d prints
//     after a program command outside loops is PrintDone. Output is kept
//     byte for byte (sam drops NUL bytes from what | and < read).
//   - A script need not end in a newline, and text or a group left open at
//     the end of the script ends there.
//   - sam's limit on the length of a match that & or \1 copies (2048
//     runes, "& match too long") does not apply.
//   - Errors carry the script position; a sequence error also names the
//     command whose change it conflicts with.
package edit
