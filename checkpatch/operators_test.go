package checkpatch

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestOperatorIndexes holds the hand-written operator scanner to the
// regexp alternation it replaces, on random text made of operator
// characters, letters and blanks.
func TestOperatorIndexes(t *testing.T) {
	var quoted []string
	for _, op := range operators {
		quoted = append(quoted, regexp.QuoteMeta(op))
	}
	re := regexp.MustCompile(strings.Join(quoted, "|"))
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "<>=!+-*/%^|&~,?:; ab\t()"
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		want := re.FindAllStringIndex(s, -1)
		if got := operatorIndexes(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	}
}

// TestFastPaths holds the hand-written shortcuts to the patterns they stand
// for or guard: commentEdge to /\*|\*/, endsInSpace to every line that
// trailingWS matches.
func TestFastPaths(t *testing.T) {
	edge := regexp.MustCompile(`/\*|\*/`)
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "/* +\t\r\nab\""
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		if got, want := commentEdge(s), edge.FindString(s); got != want {
			t.Fatalf("commentEdge(%q) = %q, want %q", s, got, want)
		}
		if trailingWS.MatchString(s) && !endsInSpace(s) {
			t.Fatalf("trailingWS matches %q, which endsInSpace rejects", s)
		}
	}
}
