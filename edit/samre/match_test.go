package samre

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		expr, text   string
		lo, hi, from int // hi < 0 means len(text)
		want         []int
	}{
		{`(a|ab)(c|bcd)`, "abcd", 0, -1, 0, []int{0, 4, 0, 1, 1, 4}},
		{`abc`, "xxabcx", 0, -1, 0, []int{2, 5}},
		{`abc`, "xxabcx", 0, 4, 0, nil}, // would end past hi
		{`abc`, "abcabc", 0, -1, 1, []int{3, 6}},
		{`a*`, "baa", 0, -1, 0, []int{0, 0}},
		{`a+`, "baa", 0, -1, 0, []int{1, 3}},
		{`a+?`, "aaa", 0, -1, 0, []int{0, 3}}, // no lazy forms: (a?)+
		{`a{2}`, "aa a{2}", 0, -1, 0, []int{3, 7}},
		{`\t`, "a\tt", 0, -1, 0, []int{2, 3}}, // \t is t
		{`a\nb`, "a\nb", 0, -1, 0, []int{0, 3}},
		{`.+`, "ab\ncd", 0, -1, 0, []int{0, 2}},
		{`[^a]+`, "bc\nd", 0, -1, 0, []int{0, 2}},
		{`[^]+`, "bc\nd", 0, -1, 0, []int{0, 2}},
		{`[]`, "[]", 0, -1, 0, nil},
		// ^ and $ look at the real text around the range.
		{`^b`, "a\nb", 2, 3, 2, []int{2, 3}},
		{`^b`, "ab", 1, 2, 1, nil},
		{`a$`, "ab", 0, 1, 0, nil},
		{`a$`, "a\nb", 0, 1, 0, []int{0, 1}},
		{`a$`, "a", 0, -1, 0, nil}, // forward: no $ at the end of the text
		{`^`, "a\n", 1, 2, 1, nil}, // a match starts at hi only if from == hi
		{`^`, "a\n", 1, 2, 2, []int{2, 2}},
		{`x*`, "ab", 0, 2, 2, []int{2, 2}},
		// Groups: unset ones are -1; past the ninth, not reported.
		{`(a)|b`, "b", 0, -1, 0, []int{0, 1, -1, -1}},
		{`((a)|b)*`, "ab", 0, -1, 0, []int{0, 2, 1, 2, 0, 1}},
		{`(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)`, "abcdefghij", 0, -1, 0,
			[]int{0, 10, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9}},
		// sam's machine, not the textbook: the thread that started at 1
		// loses its place to the one that started at 3 (checked against
		// sam in TestSamOracle).
		{`[ab](.)+`, "xbxbabbb\n", 0, -1, 0, []int{1, 4, 3, 4}},
		// Bytes: invalid UTF-8 is one rune per byte; NUL and \r are runes.
		{`.`, "\xff", 0, -1, 0, []int{0, 1}},
		{`[^a]`, "\xff", 0, -1, 0, []int{0, 1}},
		{"\uFFFD", "\xff", 0, -1, 0, nil},
		{"\xff", "a\xff", 0, -1, 0, []int{1, 2}},
		{"\xa9", "é", 0, -1, 0, nil},
		{`a.b`, "a\xffb", 0, -1, 0, []int{0, 3}},
		{`é.`, "éé", 0, -1, 0, []int{0, 4}},
		{`a.b`, "a\x00b", 0, -1, 0, []int{0, 3}},
		{"\x00", "a\x00b", 0, -1, 0, []int{1, 2}},
		{`a$`, "a\r\n", 0, -1, 0, nil},
		{`a.$`, "a\r\n", 0, -1, 0, []int{0, 2}},
		{`.+`, "ab\r\n", 0, -1, 0, []int{0, 3}},
	} {
		re := MustCompile(tc.expr)
		hi := tc.hi
		if hi < 0 {
			hi = len(tc.text)
		}
		got := re.Find([]byte(tc.text), tc.lo, hi, tc.from, nil)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Find(%q, %q, %d, %d, %d) = %v, want %v", tc.expr, tc.text, tc.lo, hi, tc.from, got, tc.want)
		}
	}
}

func TestFindBackward(t *testing.T) {
	for _, tc := range []struct {
		expr, text   string
		lo, hi, from int
		want         []int
	}{
		{`a+`, "aaa", 0, 3, 3, []int{0, 3}},
		{`a+`, "aaa", 0, 3, 2, []int{0, 2}},
		{`a+`, "aaa", 1, 3, 3, []int{1, 3}},
		{`b|ab`, "ab", 0, 2, 2, []int{0, 2}}, // nearest end, then longest
		{`(a|ab)(c|bcd)`, "abcd", 0, 4, 4, []int{0, 4, 0, 1, 1, 4}},
		{`a$`, "a", 0, 1, 1, []int{0, 1}}, // backward: $ holds at the end
		{`a$`, "ab", 0, 1, 1, nil},
		{`^b`, "ab", 1, 2, 2, nil},
		{`^b`, "a\nb", 2, 3, 3, []int{2, 3}},
		{`x*`, "ab", 1, 2, 1, []int{1, 1}}, // a match ends at lo only if from == lo
		{`^`, "a\nb", 0, 3, 1, nil},
		{`(a)(b)`, "xab", 0, 3, 3, []int{1, 3, 1, 2, 2, 3}},
		{`.`, "é\xff", 0, 3, 3, []int{2, 3}},
		{`.`, "é", 0, 2, 2, []int{0, 2}},
	} {
		re := MustCompile(tc.expr)
		got := re.FindBackward([]byte(tc.text), tc.lo, tc.hi, tc.from, nil)
		if !slices.Equal(got, tc.want) {
			t.Errorf("FindBackward(%q, %q, %d, %d, %d) = %v, want %v", tc.expr, tc.text, tc.lo, tc.hi, tc.from, got, tc.want)
		}
	}
}

func TestSearch(t *testing.T) {
	for _, tc := range []struct {
		expr, text string
		from       int
		backward   bool
		want       []int
	}{
		{`b`, "abab", 2, false, []int{3, 4}},
		{`b`, "abab", 4, false, []int{1, 2}}, // wraps
		{`a`, "abab", 3, false, []int{0, 1}},
		{`^`, "a\n", 1, false, []int{0, 0}}, // never at the end of the text
		{`x*`, "", 0, false, nil},
		{`b`, "abab", 2, true, []int{1, 2}},
		{`b`, "abab", 1, true, []int{3, 4}}, // wraps
		{`^`, "a\nb", 1, true, []int{2, 2}}, // never ending at 0
		{`a$`, "ba", 0, true, []int{1, 2}},
	} {
		re := MustCompile(tc.expr)
		var got []int
		if tc.backward {
			got = re.SearchBackward([]byte(tc.text), tc.from, nil)
		} else {
			got = re.Search([]byte(tc.text), tc.from, nil)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q, %q, %d, backward=%v) = %v, want %v", tc.expr, tc.text, tc.from, tc.backward, got, tc.want)
		}
	}
}

func TestFindReusesStorage(t *testing.T) {
	re := MustCompile(`(k[mz])alloc\(`)
	buf := []byte("x = kzalloc(sizeof(*x), GFP_KERNEL);\n")
	m := make([]int, 0, 8)
	allocs := testing.AllocsPerRun(100, func() {
		m = re.Find(buf, 0, len(buf), 0, m)
		m = re.FindBackward(buf, 0, len(buf), len(buf), m)
	})
	if allocs != 0 && !raceEnabled {
		t.Errorf("Find allocates %v times per call", allocs)
	}
	if want := []int{4, 12, 4, 6}; !slices.Equal(m, want) {
		t.Errorf("got %v, want %v", m, want)
	}
}

func TestBoundsPanic(t *testing.T) {
	re := MustCompile(`a`)
	for _, b := range [][3]int{{-1, 1, 0}, {1, 0, 0}, {0, 2, 0}, {0, 1, 2}, {1, 1, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Find(lo=%d hi=%d from=%d) on 1 byte did not panic", b[0], b[1], b[2])
				}
			}()
			re.Find([]byte("a"), b[0], b[1], b[2], nil)
		}()
	}
}

func ExampleRegexp_Find() {
	re := MustCompile(`(a|ab)(c|bcd)`)
	fmt.Println(re.Find([]byte("abcd"), 0, 4, 0, nil))
	// Output: [0 4 0 1 1 4]
}

// One Regexp searched from many goroutines at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	buf := syntheticC(64 << 10)
	for _, expr := range []string{`(k[mz])alloc\(`, `[a-z_]+\(`, `printk\(KERN_ERR`} {
		re := MustCompile(expr)
		want := MustCompile(expr).Find(buf, 0, len(buf), len(buf)/2, nil)
		done := make(chan []int)
		for range 4 {
			go func() {
				var m []int
				for range 50 {
					m = re.Find(buf, 0, len(buf), len(buf)/2, m)
					re.FindBackward(buf, 0, len(buf), len(buf)/3, nil)
				}
				done <- m
			}()
		}
		for range 4 {
			if got := <-done; !slices.Equal(got, want) {
				t.Errorf("%q: %v, want %v", expr, got, want)
			}
		}
	}
}

func TestAccessors(t *testing.T) {
	re := MustCompile(`(a)((b)|c)(((((((((d)))))))))`)
	if re.NumSubexp() != 12 || re.String() != `(a)((b)|c)(((((((((d)))))))))` {
		t.Errorf("NumSubexp() = %d, String() = %q", re.NumSubexp(), re.String())
	}
	if m := re.Find([]byte("xacd"), 0, 4, 0, nil); len(m) != 20 || m[6] != -1 || m[2] != 1 {
		t.Errorf("Find = %v", m)
	}
}

// Beyond sam's limits: sam fails on these ("reg. exp. list overflow",
// "string too long", a parse stack overflow); here they work.
func TestBeyondSamLimits(t *testing.T) {
	var words []string
	for i := range 300 {
		words = append(words, fmt.Sprintf("w%03dx", i))
	}
	re := MustCompile(strings.Join(words, "|"))
	buf := []byte("a w12x w299x w150x")
	if got := re.Find(buf, 0, len(buf), 0, nil); !slices.Equal(got, []int{7, 12}) {
		t.Errorf("300 alternatives: %v", got)
	}
	if got := re.FindBackward(buf, 0, len(buf), len(buf), nil); !slices.Equal(got, []int{13, 18}) {
		t.Errorf("300 alternatives backward: %v", got)
	}
	if n := len(re.Literals()); n != 0 {
		t.Errorf("300 alternatives: %d literals, want none (too many)", n)
	}
	deep := strings.Repeat("(", 50) + "a" + strings.Repeat(")", 50)
	if got := MustCompile(deep).Find([]byte("ba"), 0, 2, 0, nil); len(got) != 20 || got[0] != 1 || got[18] != 1 {
		t.Errorf("50 nested groups: %v", got)
	}
}
