package samre

import "unicode/utf8"

// class is a character class as sam stores it: single runes and inclusive
// ranges. A negated class holds a newline among its runes, so that it never
// matches one.
type class struct {
	negate bool
	runes  []rune
	ranges []rune // pairs lo, hi; bounds may carry the quoted bit (see quoted)
	ascii  [2]uint64
}

// prepare fills the ASCII bitmap that makes matching an ASCII rune one test.
func (cl *class) prepare() {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if cl.slowMatch(c) {
			cl.ascii[c>>6] |= 1 << (c & 63)
		}
	}
}

func (cl *class) slowMatch(c rune) bool {
	for _, r := range cl.runes {
		if r == c {
			return !cl.negate
		}
	}
	for i := 0; i < len(cl.ranges); i += 2 {
		if cl.ranges[i] <= c && c <= cl.ranges[i+1] {
			return !cl.negate
		}
	}
	return cl.negate
}

// match reports whether the rune c (never negative) is in the class.
func (cl *class) match(c rune) bool {
	if c < utf8.RuneSelf {
		return cl.ascii[c>>6]&(1<<(c&63)) != 0
	}
	return cl.slowMatch(c)
}
