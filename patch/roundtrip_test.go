package patch

import (
	"bytes"
	"math/rand"
	"testing"
)

// roundTrip renders old→new, parses the patch back and applies it to old;
// the result must be new.
func roundTrip(t testing.TB, old, new []byte, opt Options) {
	t.Helper()
	var buf bytes.Buffer
	f := File{Path: "a.c", Old: old, New: new}
	if err := Render(&buf, []File{f}, opt); err != nil {
		t.Fatal(err)
	}
	fps, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("Parse(Render): %v\n%s", err, buf.Bytes())
	}
	if bytes.Equal(old, new) {
		if len(fps) != 0 {
			t.Fatalf("no change gave %d file patches", len(fps))
		}
		return
	}
	if len(fps) != 1 {
		t.Fatalf("got %d file patches, want 1\n%s", len(fps), buf.Bytes())
	}
	got, err := Apply(old, fps[0])
	if err != nil {
		t.Fatalf("Apply: %v\n%s", err, buf.Bytes())
	}
	if !bytes.Equal(got, new) {
		t.Fatalf("Apply(Parse(Render(old, new))) != new\npatch:\n%s\ngot:\n%q\nwant:\n%q", buf.Bytes(), got, new)
	}
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for c := 0; c < 500; c++ {
		old := randomC(rng, 1+rng.Intn(5))
		new := mutate(rng, old)
		crlf := rng.Intn(4) == 0
		ctx := []int{0, 0, -1, 1, 5}[rng.Intn(5)]
		roundTrip(t, joinLines(old, crlf, rng.Intn(4) == 0), joinLines(new, crlf, rng.Intn(4) == 0), Options{Context: ctx, Driver: KernelDriver})
	}
}
