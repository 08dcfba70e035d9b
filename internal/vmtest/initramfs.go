package vmtest

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
)

// An Initramfs is the content of an initramfs: files (with their mode)
// and symlinks, by absolute path. Directories are made for every parent.
type Initramfs struct {
	files    map[string][]byte
	modes    map[string]uint32
	symlinks map[string]string
}

// NewInitramfs returns an empty initramfs.
func NewInitramfs() *Initramfs {
	return &Initramfs{files: map[string][]byte{}, modes: map[string]uint32{}, symlinks: map[string]string{}}
}

// File adds a regular file with permission bits perm.
func (r *Initramfs) File(name string, data []byte, perm uint32) {
	r.files[name] = data
	r.modes[name] = perm
}

// Symlink adds name pointing at target.
func (r *Initramfs) Symlink(name, target string) { r.symlinks[name] = target }

// Mode bits of the cpio "newc" format (those of stat(2)).
const (
	modeDir     = 0o040000
	modeFile    = 0o100000
	modeSymlink = 0o120000
)

// WriteTo writes the archive in the kernel's initramfs format: SVR4
// "newc" cpio (Documentation/driver-api/early-userspace/buffer-format.rst),
// uncompressed, in sorted order so the bytes are reproducible.
func (r *Initramfs) WriteTo(w io.Writer) (int64, error) {
	dirs := map[string]bool{}
	var names []string
	add := func(n string) {
		for d := path.Dir(n); d != "/" && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
		names = append(names, n)
	}
	for n := range r.files {
		add(n)
	}
	for n := range r.symlinks {
		add(n)
	}
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	ino := 1
	for _, n := range names {
		var mode uint32
		var data []byte
		switch {
		case dirs[n]:
			mode = modeDir | 0o755
		case r.symlinks[n] != "":
			mode, data = modeSymlink|0o777, []byte(r.symlinks[n])
		default:
			mode, data = modeFile|r.modes[n], r.files[n]
		}
		writeEntry(&buf, ino, n[1:], mode, data)
		ino++
	}
	writeEntry(&buf, 0, "TRAILER!!!", 0, nil)
	return buf.WriteTo(w)
}

func writeEntry(b *bytes.Buffer, ino int, name string, mode uint32, data []byte) {
	nlink := 1
	if mode&0o170000 == modeDir {
		nlink = 2
	}
	fmt.Fprintf(b, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	b.WriteString(name)
	b.WriteByte(0)
	pad(b)
	b.Write(data)
	pad(b)
}

// pad aligns to four bytes, as newc wants after names and data.
func pad(b *bytes.Buffer) {
	for b.Len()%4 != 0 {
		b.WriteByte(0)
	}
}
