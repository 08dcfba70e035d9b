package sha1

import (
	stdsha1 "crypto/sha1"
	"encoding/hex"
	"strings"
	"testing"
)

// FIPS 180-4 and RFC 3174 test vectors.
func TestVectors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{strings.Repeat("a", 1000000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
		{"blob 0\x00", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}, // git's empty blob
	} {
		sum := Sum([]byte(tc.in))
		if got := hex.EncodeToString(sum[:]); got != tc.want {
			t.Errorf("Sum(%.20q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestAgainstCrypto compares every length across several blocks, written
// whole and in uneven pieces, with the standard library.
func TestAgainstCrypto(t *testing.T) {
	data := make([]byte, 300)
	for i := range data {
		data[i] = byte(i*7 + 3)
	}
	for n := range len(data) {
		want := stdsha1.Sum(data[:n])
		if got := Sum(data[:n]); got != want {
			t.Fatalf("length %d: got %x, want %x", n, got, want)
		}
		d := New()
		for i, step := 0, 1; i < n; i, step = i+step, step%13+1 {
			d.Write(data[i:min(i+step, n)])
		}
		if got := d.Sum(); got != want {
			t.Fatalf("length %d in pieces: got %x, want %x", n, got, want)
		}
	}
}

func TestSumDoesNotChangeDigest(t *testing.T) {
	d := New()
	d.Write([]byte("hello "))
	first := d.Sum()
	if again := d.Sum(); again != first {
		t.Fatalf("second Sum differs: %x vs %x", again, first)
	}
	d.Write([]byte("world"))
	if got, want := d.Sum(), stdsha1.Sum([]byte("hello world")); got != want {
		t.Fatalf("after more writes: got %x, want %x", got, want)
	}
}

func FuzzSum(f *testing.F) {
	f.Add([]byte("abc"), uint8(3))
	f.Add(make([]byte, 200), uint8(63))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		want := stdsha1.Sum(data)
		if got := Sum(data); got != want {
			t.Fatalf("Sum: got %x, want %x", got, want)
		}
		k := min(int(split), len(data))
		d := New()
		d.Write(data[:k])
		d.Write(data[k:])
		if got := d.Sum(); got != want {
			t.Fatalf("split at %d: got %x, want %x", k, got, want)
		}
	})
}

func BenchmarkSum(b *testing.B) {
	data := make([]byte, 1<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Sum(data)
	}
}

func BenchmarkCryptoSum(b *testing.B) {
	data := make([]byte, 1<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		stdsha1.Sum(data)
	}
}
