package testutil

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LineDiff returns a readable line diff of want and got: lines only in
// want start with "-", lines only in got with "+", common lines with " ".
// Lines holding control characters (other than tab) or invalid UTF-8 are
// shown quoted, and a missing final newline is marked, so that byte-level
// differences stay visible. It returns "" when want and got are equal.
func LineDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	a, b := splitLines(want), splitLines(got)
	// Longest common subsequence by dynamic programming: the texts are
	// test expectations, small enough for the quadratic table.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var sb strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			sb.WriteString(" " + showLine(a[i]))
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && lcs[i+1][j] >= lcs[i][j+1]):
			sb.WriteString("-" + showLine(a[i]))
			i++
		default:
			sb.WriteString("+" + showLine(b[j]))
			j++
		}
	}
	return sb.String()
}

func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Indent shows text as LineDiff shows common lines, each indented by a
// tab, for quoting scripts and inputs in test failures.
func Indent(b []byte) string {
	if len(b) == 0 {
		return "\t(empty)\n"
	}
	var sb strings.Builder
	for _, l := range splitLines(b) {
		sb.WriteString("\t" + showLine(l))
	}
	return sb.String()
}

func showLine(l string) string {
	body, nl := strings.CutSuffix(l, "\n")
	plain := utf8.ValidString(body) && strings.IndexFunc(body, func(r rune) bool {
		return r != '\t' && !unicode.IsPrint(r)
	}) < 0
	if !plain {
		body = strconv.Quote(body)
	}
	if !nl {
		return body + "  (no newline at end)\n"
	}
	return body + "\n"
}
