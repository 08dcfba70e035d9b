package checkpatch

import (
	"regexp"
	"testing"
)

// TestPatternsCompile compiles every lazily compiled pattern, so an invalid
// one fails here rather than in the middle of a check.
func TestPatternsCompile(t *testing.T) {
	if len(allPatterns) < 100 {
		t.Fatalf("only %d lazy patterns registered", len(allPatterns))
	}
	for _, l := range allPatterns {
		if _, err := regexp.Compile(l.expr); err != nil {
			t.Errorf("pattern %q: %v", l.expr, err)
		}
	}
}
