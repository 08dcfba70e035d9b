// Package samre implements the regular expressions of Rob Pike's sam, as
// plan9port sam's own matcher (src/cmd/sam/regexp.c) parses and runs them.
//
// # Syntax
//
//	regexp = branch { "|" branch }
//	branch = piece { piece }
//	piece  = atom { "*" | "+" | "?" }
//	atom   = rune | "\" rune | "." | "^" | "$" | "(" regexp ")" | class
//	class  = "[" ["^"] { elem [ "-" elem ] } "]"
//
// "." matches any rune but newline; a negated class never matches newline.
// "\n" is a newline and any other "\x" is a literal x, inside a class too
// (so "\t" is t and "\]" is ]). ^ holds at the start of the text and after a
// newline, $ before a newline. There is no {m,n} (braces are literal), no
// lazy quantifier, no \w, \s, \b, named class or backreference. Groups past
// the ninth are allowed but not reported.
//
// Errors carry sam's wording: "no operand for `*'" for an operator with no
// operand (*a, a||b, (|b), ()), "malformed regexp" for an alternative left
// empty inside a concatenation (a(b|)c), "unmatched `('", "unmatched `)'",
// and "malformed `[]'" for a class that is not closed or has a "-" that
// does not sit between two elements.
//
// # Matching
//
// The matcher is sam's: a Pike machine laid out as sam lays out its own, run
// as sam runs it, so that it reports the same match and the same submatches.
// A forward search finds the leftmost match, and of those the longest
// ((a|ab)(c|bcd) matches all of abcd, \1=a, \2=bcd). A backward search runs
// the expression reversed from the starting point toward the start of the
// text, and finds the match ending nearest the starting point, the longest
// of those. See Find, FindBackward, Search and SearchBackward for where
// matches may start and end, which follows sam to the letter.
//
// Text is bytes, decoded as UTF-8 while matching. A byte that is not part of
// valid UTF-8 is a rune of its own: it matches ".", negated classes, and a
// pattern byte that is the same invalid byte, never any other literal.
// NUL bytes are ordinary runes.
//
// # Differences from plan9port sam
//
//   - sam decodes invalid UTF-8 to U+FFFD, which then matches a literal
//     U+FFFD; here such a byte only matches the same invalid byte.
//   - sam drops NUL bytes when it reads a file and ends an expression at a
//     NUL; here NUL is an ordinary rune in both.
//   - sam refuses expressions of more than about 500 instructions ("string
//     too long"), and stops with "reg. exp. list overflow" when more than
//     127 threads are alive; there are no such limits here. Its backward
//     machine may queue one instruction twice in a step; here that is bounded
//     by twice the machine's size.
//   - sam reports an unmatched group as the empty string at 0; here it is -1.
package samre
