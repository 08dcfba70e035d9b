package tree

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// readIndex calls fn with the path of each regular file recorded in a git
// index file (.git/index), in git's order (bytewise), once per path.
// hashSize is 20 for SHA-1 repositories and 32 for SHA-256 ones. name is
// valid only during the call.
//
// The format (git's Documentation/gitformat-index.txt):
//
//	header  = "DIRC" version:u32 count:u32
//	entry   = ctime mtime dev ino mode uid gid size:u32... oid flags:u16
//	          [ xflags:u16 ]          (version >= 3 and flags&0x4000)
//	          name                    (version 2, 3: NUL-terminated, padded
//	                                   with NULs to a multiple of 8 bytes;
//	                                   version 4: varint of bytes to drop
//	                                   from the previous name, then the
//	                                   NUL-terminated rest, unpadded)
//	extensions, then a checksum
//
// A split index (the "link" extension) keeps most entries in another file;
// it is reported as an error rather than read half. fn may have been
// called before an error is found.
func readIndex(file string, hashSize int, fn func(name []byte)) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return scanIndex(data, hashSize, fn)
}

var errIndex = errors.New("malformed git index")

func scanIndex(data []byte, hashSize int, fn func(name []byte)) error {
	if len(data) < 12+hashSize || string(data[:4]) != "DIRC" {
		return errIndex
	}
	version := binary.BigEndian.Uint32(data[4:])
	if version < 2 || version > 4 {
		return fmt.Errorf("git index version %d not supported", version)
	}
	count := binary.BigEndian.Uint32(data[8:])
	end := len(data) - hashSize // the trailing checksum
	fixed := 40 + hashSize + 2  // stat fields, object name, flags
	off := 12
	var name, last []byte // this entry's name and the last regular file's
	for range count {
		start := off
		if off+fixed > end {
			return errIndex
		}
		mode := binary.BigEndian.Uint32(data[off+24:])
		flags := binary.BigEndian.Uint16(data[off+40+hashSize:])
		off += fixed
		if flags&0x4000 != 0 {
			if version < 3 {
				return errIndex
			}
			off += 2
			if off > end {
				return errIndex
			}
		}
		if version == 4 {
			drop, n := indexVarint(data[off:end])
			if n == 0 || drop > uint64(len(name)) {
				return errIndex
			}
			off += n
			nul := bytes.IndexByte(data[off:end], 0)
			if nul < 0 {
				return errIndex
			}
			name = append(name[:len(name)-int(drop)], data[off:off+nul]...)
			off += nul + 1
		} else {
			nul := bytes.IndexByte(data[off:end], 0)
			if nul < 0 {
				return errIndex
			}
			name = append(name[:0], data[off:off+nul]...)
			// The entry is NUL-padded to a multiple of 8 bytes, with at
			// least one NUL.
			off = start + (off-start+nul+8)&^7
			if off > end {
				return errIndex
			}
		}
		// Regular files only: not symlinks (0120000), gitlinks (0160000)
		// or a sparse index's directories (0040000). Conflicted paths
		// appear once per stage.
		if mode&0o170000 == 0o100000 && (last == nil || !bytes.Equal(last, name)) {
			fn(name)
			last = append(last[:0], name...)
		}
	}
	for off+8 <= end {
		sig := string(data[off : off+4])
		size := int(binary.BigEndian.Uint32(data[off+4:]))
		if sig == "link" {
			return errors.New("split git index not supported")
		}
		if size < 0 || off+8+size > end {
			return errIndex
		}
		off += 8 + size
	}
	return nil
}

// indexVarint decodes the offset varint of index version 4 (the encoding
// of pack offsets: each continuation adds one before shifting). It
// returns n == 0 if p holds no complete varint.
func indexVarint(p []byte) (v uint64, n int) {
	for i, c := range p {
		if i == 0 {
			v = uint64(c & 0x7f)
		} else {
			v = (v+1)<<7 | uint64(c&0x7f)
		}
		if c&0x80 == 0 {
			return v, i + 1
		}
		if i == 9 {
			break
		}
	}
	return 0, 0
}
