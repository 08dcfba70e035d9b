package samre

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Bounds on the literal analysis, so that it stays cheap on any expression.
const (
	maxLitSet   = 32 // strings in one set
	maxLitLen   = 64 // bytes in one string
	maxClassLit = 10 // runes a class may hold and still count as literals
)

// litInfo describes what every match of a node holds. A set holding the
// empty string (the trivial set) says nothing; exact == nil means unknown.
type litInfo struct {
	exact  [][]byte // the node matches exactly one of these
	prefix [][]byte // every match starts with one of these
	suffix [][]byte // every match ends with one of these
	must   [][]byte // every match contains one of these
}

var trivial = [][]byte{{}}

// literals returns the must set of the whole expression, or nil when it is
// trivial.
func literals(n *node) [][]byte {
	info := analyse(n)
	if isTrivial(info.must) {
		return nil
	}
	return info.must
}

func isTrivial(set [][]byte) bool {
	return len(set) == 0 || slices.ContainsFunc(set, func(s []byte) bool { return len(s) == 0 })
}

func known(set [][]byte) litInfo { return litInfo{exact: set, prefix: set, suffix: set, must: set} }

func analyse(n *node) litInfo {
	if n == nil {
		return known(trivial)
	}
	switch n.op {
	case nLit:
		return known([][]byte{encodeRune(nil, n.r)})
	case nBol, nEol:
		return known(trivial)
	case nClass:
		if set := classLiterals(n.class); set != nil {
			return known(set)
		}
	case nGroup:
		return analyse(n.x)
	case nPlus:
		x := analyse(n.x)
		return litInfo{prefix: x.prefix, suffix: x.suffix, must: x.must}
	case nQuest:
		x := analyse(n.x)
		info := litInfo{prefix: trivial, suffix: trivial, must: trivial}
		if x.exact != nil {
			info.exact = union(x.exact, trivial)
		}
		return info
	case nAlt:
		x, y := analyse(n.x), analyse(n.y)
		var info litInfo
		if x.exact != nil && y.exact != nil {
			info.exact = union(x.exact, y.exact)
		}
		info.prefix = orTrivial(union(x.prefix, y.prefix))
		info.suffix = orTrivial(union(x.suffix, y.suffix))
		info.must = orTrivial(union(x.must, y.must))
		return info
	case nCat:
		x, y := analyse(n.x), analyse(n.y)
		var info litInfo
		if x.exact != nil && y.exact != nil {
			info.exact = cross(x.exact, y.exact)
		}
		info.prefix = x.prefix
		if x.exact != nil {
			if p := cross(x.exact, y.prefix); p != nil {
				info.prefix = p
			}
		}
		info.suffix = y.suffix
		if y.exact != nil {
			if s := cross(x.suffix, y.exact); s != nil {
				info.suffix = s
			}
		}
		info.must = best(x.must, y.must, cross(x.suffix, y.prefix), info.exact)
		return info
	}
	// ., *, large classes: nothing known.
	return litInfo{prefix: trivial, suffix: trivial, must: trivial}
}

func encodeRune(b []byte, r rune) []byte {
	if r >= rawRune {
		return append(b, byte(r-rawRune))
	}
	return utf8.AppendRune(b, r)
}

// classLiterals lists the encodings of the runes a small class matches, or
// returns nil for a negated or large class.
func classLiterals(cl *class) [][]byte {
	if cl.negate {
		return nil
	}
	var runes []rune
	add := func(r rune) bool {
		if r >= 0xD800 && r <= 0xDFFF || r > rawRune+0xFF {
			return true // no text rune has this value
		}
		if !slices.Contains(runes, r) {
			runes = append(runes, r)
		}
		return len(runes) <= maxClassLit
	}
	for _, r := range cl.runes {
		if !add(r) {
			return nil
		}
	}
	for i := 0; i < len(cl.ranges); i += 2 {
		lo, hi := cl.ranges[i], cl.ranges[i+1]
		if hi-lo >= maxClassLit {
			return nil
		}
		for r := lo; r <= hi; r++ {
			if !add(r) {
				return nil
			}
		}
	}
	set := make([][]byte, 0, len(runes))
	for _, r := range runes {
		set = append(set, encodeRune(nil, r))
	}
	if len(set) == 0 {
		// An empty class matches nothing; no set of strings is needed to
		// skip texts, but "none of these" cannot be said with a set, so
		// say nothing.
		return nil
	}
	return set
}

// orTrivial turns a set holding the empty string into the trivial set.
func orTrivial(set [][]byte) [][]byte {
	if isTrivial(set) {
		return trivial
	}
	return set
}

// union returns the strings of a and b without duplicates, or the trivial
// set when there would be too many.
func union(a, b [][]byte) [][]byte {
	out := make([][]byte, 0, len(a)+len(b))
	for _, s := range slices.Concat(a, b) {
		if !slices.ContainsFunc(out, func(t []byte) bool { return bytes.Equal(s, t) }) {
			out = append(out, s)
		}
	}
	if len(out) > maxLitSet {
		return trivial
	}
	return out
}

// cross returns every concatenation of a string of a with one of b, or nil
// when there would be too many or they would be too long.
func cross(a, b [][]byte) [][]byte {
	if len(a)*len(b) > maxLitSet {
		return nil
	}
	out := make([][]byte, 0, len(a)*len(b))
	for _, s := range a {
		for _, t := range b {
			if len(s)+len(t) > maxLitLen {
				return nil
			}
			out = union(out, [][]byte{slices.Concat(s, t)})
		}
	}
	return out
}

// best picks, of several sound sets, the one that rules out most texts: the
// longest shortest string, then the fewest strings.
func best(sets ...[][]byte) [][]byte {
	var pick [][]byte
	score := -1
	for _, set := range sets {
		if set == nil {
			continue
		}
		s := litScore(set)
		if s > score {
			pick, score = set, s
		}
	}
	return minimise(pick)
}

func litScore(set [][]byte) int {
	if isTrivial(set) {
		return 0
	}
	short := maxLitLen
	for _, s := range set {
		short = min(short, len(s))
	}
	return short*maxLitSet*2 - len(set)
}

// minimise drops strings that contain another string of the set: a text
// that holds the longer one holds the shorter one too.
func minimise(set [][]byte) [][]byte {
	if isTrivial(set) {
		return trivial
	}
	var out [][]byte
	for i, s := range set {
		redundant := false
		for j, t := range set {
			if i != j && bytes.Contains(s, t) && (len(t) < len(s) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, s)
		}
	}
	return out
}
