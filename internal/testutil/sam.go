package testutil

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sam runs scripts through plan9port's sam in its non-interactive mode
// (sam -d), speaking the protocol of plan9port's ssam script, so that
// go-edit's stream mode can be compared with the real editor.
type Sam struct {
	Path string // the sam binary
}

// SamResult is what sam printed for one script, cut at the first error as
// go-edit stops there while sam carries on with the next line.
type SamResult struct {
	// Stdout is the p output made before the first error; without an
	// error it ends with the final buffer unless noPrint was asked for.
	Stdout []byte
	// Stderr holds the = and =# lines printed before the first error.
	Stderr []byte
	// Error is sam's message for the error go-edit must report, without
	// its '?': the first syntax error if there is one, else the first.
	Error string
	// Syntax says sam reported Error while parsing the command. go-edit
	// parses the whole script before running any of it, so for such an
	// error nothing is printed at all; Stdout and Stderr are empty then.
	Syntax bool
	// Later lists the messages of the other errors sam reported: it goes
	// on after an error, so those after a syntax error may be artefacts of
	// its recovery.
	Later []string
}

// samSyntaxErrors are the messages sam's parser (cmd.c) raises; every
// other error comes from running a command (regular expressions are
// compiled when they first run).
var samSyntaxErrors = []string{
	"newline expected", "unknown command", "bad delimiter", "address",
	"command takes no address", "pattern expected", "pattern",
	"unmatched `}'", `bad \ in rhs`, "blank expected",
}

// IsSamSyntaxError reports whether msg (without '?') is one sam raises
// while parsing a command.
func IsSamSyntaxError(msg string) bool {
	for _, s := range samSyntaxErrors {
		if msg == s || strings.HasPrefix(msg, s+" `") {
			return true
		}
	}
	return false
}

// samByteBase is where bytes sam cannot hold are parked as private-use
// runes: sam drops NUL bytes and turns invalid UTF-8 into U+FFFD, while
// go-edit keeps every byte. Running sam on the parked text and mapping
// the runes back gives what sam would do if it kept the bytes, each
// counting as one rune (as Go's UTF-8 decoding counts an invalid byte).
const samByteBase = 0xE000

// Run runs script on input the way ssam does: dot is the whole buffer, the
// mark is empty at #0, and unless noPrint the buffer is printed at the end.
func (s Sam) Run(script, input []byte, noPrint bool) (SamResult, error) {
	var res SamResult
	in, err := parkBytes(input)
	if err != nil {
		return res, fmt.Errorf("input: %v", err)
	}
	sc, err := parkBytes(script)
	if err != nil {
		return res, fmt.Errorf("script: %v", err)
	}
	dir, err := os.MkdirTemp("", "goedit-sam")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "buf")
	if err := os.WriteFile(file, in, 0o600); err != nil {
		return res, err
	}

	// As bin/ssam: a group with an address sets dot, k inside it is a no-op
	// on the mark, and 0k then sets the mark to #0.
	var proto bytes.Buffer
	proto.WriteString(",{\nk\n}\n0k\n")
	proto.Write(sc)
	if len(sc) > 0 && sc[len(sc)-1] != '\n' {
		proto.WriteByte('\n')
	}
	if !noPrint {
		proto.WriteString(",\n")
	}

	stdout, stderr, err := s.exec(dir, file, proto.Bytes(), false)
	if err != nil {
		return res, err
	}
	lines := strings.SplitAfter(string(stderr), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], " -. ") {
		return res, fmt.Errorf("sam: no file menu line in stderr %q", stderr)
	}
	// Index of the first error line and the = output before it.
	first := -1
	var before bytes.Buffer
	for i, l := range lines[1:] {
		msg, isErr := strings.CutPrefix(strings.TrimSuffix(l, "\n"), "?")
		switch {
		case isErr && strings.HasPrefix(msg, "warning: "):
		case isErr && msg == "changed files" && i+1 == len(lines)-1:
			// sam's complaint at end of input about the unwritten buffer.
		case isErr && first < 0:
			first = i + 1
			res.Error = string(unparkBytes([]byte(msg)))
		case isErr:
			res.Later = append(res.Later, string(unparkBytes([]byte(msg))))
		case first < 0:
			before.WriteString(l)
		}
	}
	if first < 0 {
		res.Stdout = unparkBytes(stdout)
		res.Stderr = before.Bytes()
		return res, nil
	}
	// go-edit parses the whole script first, so a syntax error anywhere
	// wins over a runtime error on an earlier line. sam parses a command
	// wholly before running it, so the lines after a runtime error are
	// parsed as they would be without it.
	res.Syntax = IsSamSyntaxError(res.Error)
	for i, later := range res.Later {
		if !res.Syntax && IsSamSyntaxError(later) {
			res.Later[i] = res.Error
			res.Error, res.Syntax = later, true
		}
	}
	if res.Syntax {
		return res, nil
	}
	res.Stderr = before.Bytes()

	// Where did stdout stand when the error was printed? Run again with
	// both streams on one pipe (sam writes each unbuffered) and find the
	// interleaving of the two.
	combined, _, err := s.exec(dir, file, proto.Bytes(), true)
	if err != nil {
		return res, err
	}
	n, err := stdoutBefore(combined, stdout, lines[:first+1])
	if err != nil {
		return res, err
	}
	res.Stdout = unparkBytes(stdout[:n])
	return res, nil
}

// exec runs sam -d once on file with stdin.
func (s Sam) exec(dir, file string, stdin []byte, combine bool) (stdout, stderr []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The file was written fresh by Run; sam only reads it, as there is no w.
	cmd := exec.CommandContext(ctx, s.Path, "-d", file)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var o, e bytes.Buffer
	cmd.Stdout = &o
	if combine {
		cmd.Stderr = &o
	} else {
		cmd.Stderr = &e
	}
	if err := cmd.Run(); err != nil {
		return nil, nil, fmt.Errorf("sam -d: %v (stderr %q)", err, e.Bytes())
	}
	return o.Bytes(), e.Bytes(), nil
}

// stdoutBefore finds how many bytes of stdout precede the last of lines
// (the error line) in combined, an interleaving of stdout's bytes with the
// stderr lines, each line written whole. It walks the lines in order,
// keeping every stdout position the interleaving could have reached.
func stdoutBefore(combined, stdout []byte, lines []string) (int, error) {
	before := 0 // bytes of the lines already placed
	cur := []int{0}
	mark := make([]int, len(stdout)+1) // level+1 at which a position was seen
	for l, line := range lines {
		// Every position reachable by taking more stdout bytes.
		var reach []int
		for _, i := range cur {
			for mark[i] != l+1 {
				mark[i] = l + 1
				reach = append(reach, i)
				pos := i + before
				if i == len(stdout) || pos == len(combined) || combined[pos] != stdout[i] {
					break
				}
				i++
			}
		}
		cur = cur[:0:0]
		for _, i := range reach {
			if bytes.HasPrefix(combined[i+before:], []byte(line)) {
				cur = append(cur, i)
			}
		}
		before += len(line)
	}
	switch {
	case len(cur) == 0:
		return 0, fmt.Errorf("sam: cannot place the error in the combined output")
	case len(cur) > 1:
		return 0, fmt.Errorf("sam: output before the error is ambiguous (%d to %d bytes)", slices.Min(cur), slices.Max(cur))
	}
	return cur[0], nil
}

// parkBytes replaces NUL bytes and bytes that are not valid UTF-8 with
// private-use runes (see samByteBase).
func parkBytes(b []byte) ([]byte, error) {
	var out []byte
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r >= samByteBase && r <= samByteBase+0xff:
			return nil, fmt.Errorf("holds U+%04X, which parks bytes for sam", r)
		case r == utf8.RuneError && n == 1, r == 0:
			out = utf8.AppendRune(out, samByteBase+rune(b[0]))
		default:
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out, nil
}

// unparkBytes undoes parkBytes.
func unparkBytes(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= samByteBase && r <= samByteBase+0xff {
			out = append(out, byte(r-samByteBase))
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
