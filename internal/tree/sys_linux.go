package tree

import (
	"bytes"
	"io/fs"
	"os"
	"syscall"
	"unsafe"
)

// atFDCWD makes openat resolve a name as open does.
const atFDCWD = -100

// minBuffer is a worker's first read buffer: larger than all but a few
// hundred of the kernel's files.
const minBuffer = 1 << 20

// read reads root/path into the reader's buffer without following a
// symlink (that fails with ELOOP) and without blocking on a FIFO swapped
// in since the walk. It returns the file's stamp, hash not yet computed.
func (r *reader) read(path string) (Stamp, []byte, error) {
	// The NUL-terminated name is built in a reused buffer: syscall.Open
	// would allocate twice per file.
	r.name = append(append(append(append(r.name[:0], r.root...), '/'), path...), 0)
	dirfd := atFDCWD // a variable: a negative constant does not convert to uintptr
	fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&r.name[0])),
		uintptr(syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC), 0, 0, 0)
	if errno != 0 {
		return Stamp{}, nil, errno
	}
	defer syscall.Close(int(fd))
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fd), &st); err != nil {
		return Stamp{}, nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return Stamp{}, nil, errNotRegular
	}
	// One byte more than the size, to see the end of file in the same
	// read when the size is right. The buffer grows by powers of two from
	// minBuffer and is kept, so a worker allocates a handful of times per
	// run and holds at most twice the largest file.
	want := int(st.Size) + 1
	if cap(r.buf) < want {
		size := minBuffer
		for size < want {
			size *= 2
		}
		r.buf = make([]byte, size)
	}
	buf := r.buf[:cap(r.buf)]
	n := 0
	for {
		if n == len(buf) { // the file grew since fstat
			buf = append(buf, make([]byte, len(buf))...)
			buf = buf[:cap(buf)]
		}
		m, err := syscall.Read(int(fd), buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return Stamp{}, nil, err
		}
		if m == 0 {
			break
		}
		n += m
		if n == want-1 {
			// All fstat promised: skip the read that would say EOF. A
			// file still growing is caught by Commit, which finds its
			// size changed.
			break
		}
	}
	return stampOf(&st), buf[:n], nil
}

// stampOf converts a stat result; the size is left to the caller where the
// read found the file grown or shrunk.
func stampOf(st *syscall.Stat_t) Stamp {
	return Stamp{
		Size:  st.Size,
		Mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec,
		Dev:   st.Dev,
		Ino:   st.Ino,
		Mode:  fileMode(st.Mode),
		Uid:   st.Uid,
		Gid:   st.Gid,
	}
}

// fileMode turns a stat mode into an fs.FileMode for a regular file.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	if m&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// lstatStamp stats a path without following a symlink.
func lstatStamp(name string) (Stamp, fs.FileMode, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return Stamp{}, 0, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	return stampOf(st), fi.Mode(), nil
}

// readDirents lists a directory with getdents64, taking entry types from
// the directory itself and stat-ing only where the file system does not
// say. Each entry's path is prefix followed by its name, built in one
// allocation. It refuses to follow a symlink swapped in for the directory.
func readDirents(dir, prefix string) ([]dirent, error) {
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var buf [32 << 10]byte
	var ents []dirent
	for {
		n, err := syscall.ReadDirent(fd, buf[:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			break
		}
		// struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(b[16]) | int(b[17])<<8
			if reclen < 19 || reclen > len(b) {
				return nil, syscall.EIO
			}
			rec := b[:reclen]
			b = b[reclen:]
			name := rec[19:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if len(name) == 0 || name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.') {
				continue
			}
			e := dirent{path: prefix + string(name), base: len(prefix)}
			switch rec[18] {
			case syscall.DT_REG:
				e.typ = typeFile
			case syscall.DT_DIR:
				e.typ = typeDir
			case syscall.DT_LNK:
				e.typ = typeSymlink
			case syscall.DT_UNKNOWN:
				if fi, err := os.Lstat(dir + "/" + e.name()); err == nil {
					switch m := fi.Mode(); {
					case m.IsRegular():
						e.typ = typeFile
					case m.IsDir():
						e.typ = typeDir
					case m&fs.ModeSymlink != 0:
						e.typ = typeSymlink
					}
				}
			}
			ents = append(ents, e)
		}
	}
	return ents, nil
}
