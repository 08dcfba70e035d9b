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
// the ninth are allowed but not reported. "[]" is an empty class, matching
// nothing, and "[^]" matches any rune but newline. *, + and ? have distinct
// precedences, so a+? is (a?)+ and a*+ is (a+)*. An escaped range bound
// keeps the bit sam's class parser sets on it: [a-\z] spans every rune from
// a up, and [\a-z] matches nothing, as in sam.
//
// Errors carry sam's wording: "no operand for `*'" for an operator with no
// operand (*a, a||b, (|b), ()), "malformed regexp" for an alternative left
// empty inside a concatenation (a(b|)c), "unmatched `('", "unmatched `)'",
// and "malformed `[]'" for a class that is not closed or has a "-" that
// does not sit between two elements.
//
// # Matching
//
// The matcher is sam's: a Pike machine laid out as sam lays out its own and
// run as sam runs it (execute and bexecute in regexp.c), so that it reports
// the same match and the same submatches, quirks included. A forward search
// prefers the leftmost match, and of those the longest ((a|ab)(c|bcd)
// matches all of abcd, \1=a, \2=bcd). A backward search runs the reversed
// expression from the starting point toward the start of the text, and
// prefers the match ending nearest the starting point, then the longest.
//
// "Prefers", because sam's machine keeps one thread per instruction and,
// when two threads meet, keeps the one that started first only if the
// other has not run yet in that step. So a thread may lose to one that
// started later: in xbxbabbb, [ab](.)+ matches bxb (#1,#4), not the longest
// bxbabbb, as sam does. Find and its kin reproduce this exactly (tested
// against plan9port sam); the match found always exists and lies where it
// may, and a match is found whenever one exists.
//
// See Find, FindBackward, Search and SearchBackward for where matches may
// start and end, which follows sam to the letter: a forward search bounded
// by hi finds an empty match at hi only when it starts there, an address
// search never finds an empty match at the end of the text (forward) or at
// its start (backward), ^ and $ always look at the real neighbouring bytes,
// and $ holds at the end of the text only when searching backward.
//
// Searches run sam's machine through a lazily built DFA of its steps (see
// dfa.go), which keeps the order of the threads and of their starts and so
// gives sam's answers at the cost of a few table lookups a byte; submatches
// come from a rerun of the machine over the few bytes where it was last
// idle before the match. Plain strings go to bytes.Index, expressions with a
// literal start jump from candidate to candidate, and expressions that
// cannot match a newline skip lines holding none of their literals.
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
//     too long"), and stops a search with "reg. exp. list overflow" when a
//     thread list reaches 127 threads, which big alternations do, and so do
//     backward searches for some nested loops such as ((a*)*)*, whose
//     machine queues an instruction again and again. Here there is no limit
//     on size; a list may hold one thread per instruction plus 128 more
//     (so every search sam completes runs here as in sam), and past that a
//     thread is dropped instead of failing the search.
//   - sam's machine nests at most 20 operators or operands on its parse
//     stacks and aborts beyond that ("can't happen: operator stack
//     overflow"); here nesting is unbounded.
//   - sam reports an unmatched group as the empty string at 0; here it is -1.
//   - Error offsets are ours: sam reports no position.
package samre
