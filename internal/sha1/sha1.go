// Package sha1 computes SHA-1 digests (FIPS 180-4), the hash git names its
// objects by. go-edit needs it for the index lines of a patch and as a
// checksum of files it is about to replace; neither is a security use.
// It exists because crypto/sha1 links the standard library's FIPS 140
// module into the static binary (about 180 KB, a tenth of the slim
// build's budget) for what is here a 100-line checksum.
package sha1

import (
	"encoding/binary"
	"math/bits"
)

// Size is the length of a digest in bytes.
const Size = 20

const blockSize = 64

var initial = [5]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}

// A Digest accumulates the data written to it. The zero value is not
// ready for use; New returns one that is.
type Digest struct {
	h     [5]uint32
	block [blockSize]byte
	used  int    // bytes of block filled
	total uint64 // bytes written in all
}

// New returns a Digest with nothing written.
func New() *Digest {
	return &Digest{h: initial}
}

// Write adds p to the digested data. It never fails; the error is there
// so that a Digest is an io.Writer.
func (d *Digest) Write(p []byte) (int, error) {
	n := len(p)
	d.total += uint64(n)
	if d.used > 0 {
		k := copy(d.block[d.used:], p)
		d.used += k
		p = p[k:]
		if d.used < blockSize {
			return n, nil
		}
		d.compress(d.block[:])
		d.used = 0
	}
	if full := len(p) &^ (blockSize - 1); full > 0 {
		d.compress(p[:full])
		p = p[full:]
	}
	d.used = copy(d.block[:], p)
	return n, nil
}

// Sum returns the digest of the data written so far; d is not changed,
// so writing may go on.
func (d *Digest) Sum() [Size]byte {
	c := *d
	// Padding: a 1 bit, zeros up to 56 bytes mod 64, the length in bits.
	var pad [blockSize + 8]byte
	pad[0] = 0x80
	n := 56 - int(c.total%blockSize)
	if n <= 0 {
		n += blockSize
	}
	binary.BigEndian.PutUint64(pad[n:], c.total*8)
	c.Write(pad[:n+8])
	var sum [Size]byte
	for i, v := range c.h {
		binary.BigEndian.PutUint32(sum[4*i:], v)
	}
	return sum
}

// Sum returns the SHA-1 digest of data.
func Sum(data []byte) [Size]byte {
	d := New()
	d.Write(data)
	return d.Sum()
}

// compress runs the compression function over each 64-byte block of p.
func (d *Digest) compress(p []byte) {
	var w [80]uint32 // the message schedule
	h0, h1, h2, h3, h4 := d.h[0], d.h[1], d.h[2], d.h[3], d.h[4]
	for ; len(p) >= blockSize; p = p[blockSize:] {
		for i := range 16 {
			w[i] = binary.BigEndian.Uint32(p[4*i:])
		}
		for i := 16; i < 80; i++ {
			w[i] = bits.RotateLeft32(w[i-3]^w[i-8]^w[i-14]^w[i-16], 1)
		}
		a, b, c, dd, e := h0, h1, h2, h3, h4
		// Four rounds of 20 steps, each with its own function and constant.
		// Five steps per iteration rotate the roles of the five variables
		// instead of moving their values.
		for t := 0; t < 20; t += 5 {
			e += bits.RotateLeft32(a, 5) + (b&c | ^b&dd) + 0x5a827999 + w[t]
			b = bits.RotateLeft32(b, 30)
			dd += bits.RotateLeft32(e, 5) + (a&b | ^a&c) + 0x5a827999 + w[t+1]
			a = bits.RotateLeft32(a, 30)
			c += bits.RotateLeft32(dd, 5) + (e&a | ^e&b) + 0x5a827999 + w[t+2]
			e = bits.RotateLeft32(e, 30)
			b += bits.RotateLeft32(c, 5) + (dd&e | ^dd&a) + 0x5a827999 + w[t+3]
			dd = bits.RotateLeft32(dd, 30)
			a += bits.RotateLeft32(b, 5) + (c&dd | ^c&e) + 0x5a827999 + w[t+4]
			c = bits.RotateLeft32(c, 30)
		}
		for t := 20; t < 40; t += 5 {
			e += bits.RotateLeft32(a, 5) + (b ^ c ^ dd) + 0x6ed9eba1 + w[t]
			b = bits.RotateLeft32(b, 30)
			dd += bits.RotateLeft32(e, 5) + (a ^ b ^ c) + 0x6ed9eba1 + w[t+1]
			a = bits.RotateLeft32(a, 30)
			c += bits.RotateLeft32(dd, 5) + (e ^ a ^ b) + 0x6ed9eba1 + w[t+2]
			e = bits.RotateLeft32(e, 30)
			b += bits.RotateLeft32(c, 5) + (dd ^ e ^ a) + 0x6ed9eba1 + w[t+3]
			dd = bits.RotateLeft32(dd, 30)
			a += bits.RotateLeft32(b, 5) + (c ^ dd ^ e) + 0x6ed9eba1 + w[t+4]
			c = bits.RotateLeft32(c, 30)
		}
		for t := 40; t < 60; t += 5 {
			e += bits.RotateLeft32(a, 5) + (b&c | b&dd | c&dd) + 0x8f1bbcdc + w[t]
			b = bits.RotateLeft32(b, 30)
			dd += bits.RotateLeft32(e, 5) + (a&b | a&c | b&c) + 0x8f1bbcdc + w[t+1]
			a = bits.RotateLeft32(a, 30)
			c += bits.RotateLeft32(dd, 5) + (e&a | e&b | a&b) + 0x8f1bbcdc + w[t+2]
			e = bits.RotateLeft32(e, 30)
			b += bits.RotateLeft32(c, 5) + (dd&e | dd&a | e&a) + 0x8f1bbcdc + w[t+3]
			dd = bits.RotateLeft32(dd, 30)
			a += bits.RotateLeft32(b, 5) + (c&dd | c&e | dd&e) + 0x8f1bbcdc + w[t+4]
			c = bits.RotateLeft32(c, 30)
		}
		for t := 60; t < 80; t += 5 {
			e += bits.RotateLeft32(a, 5) + (b ^ c ^ dd) + 0xca62c1d6 + w[t]
			b = bits.RotateLeft32(b, 30)
			dd += bits.RotateLeft32(e, 5) + (a ^ b ^ c) + 0xca62c1d6 + w[t+1]
			a = bits.RotateLeft32(a, 30)
			c += bits.RotateLeft32(dd, 5) + (e ^ a ^ b) + 0xca62c1d6 + w[t+2]
			e = bits.RotateLeft32(e, 30)
			b += bits.RotateLeft32(c, 5) + (dd ^ e ^ a) + 0xca62c1d6 + w[t+3]
			dd = bits.RotateLeft32(dd, 30)
			a += bits.RotateLeft32(b, 5) + (c ^ dd ^ e) + 0xca62c1d6 + w[t+4]
			c = bits.RotateLeft32(c, 30)
		}
		h0 += a
		h1 += b
		h2 += c
		h3 += dd
		h4 += e
	}
	d.h = [5]uint32{h0, h1, h2, h3, h4}
}
