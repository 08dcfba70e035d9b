package tree

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/go-edit/go-edit/internal/sha1"
)

// A Write replaces one file's contents.
type Write struct {
	Path  string // tree-relative slash path, as in Set.Files
	Stamp Stamp  // File.Stamp() of the version the new contents were computed from
	New   []byte
}

// Commit writes every file or none. Each new file is staged next to the
// original as a temporary file (written, synced, given the original's mode,
// and its owner when running as root); then each original is checked to be
// the very version that was read (no symlink, same size, mtime, inode and
// contents) and linked to a backup name; only then are the temporary files
// renamed over the originals, each rename atomic, and the directories
// synced. If anything fails before the renames, the temporary files are
// removed and nothing changed; if a rename fails, the files already renamed
// are put back from their backups. The error names the file at fault.
//
// Paths must stay inside root: "..", absolute paths and any symlink on the
// way (checked with Lstat, component by component) are refused.
func Commit(root string, writes []Write) error {
	return commit(root, writes, nil)
}

// A commitHook lets tests fail a step ("stage" or "rename") for one path.
type commitHook func(step, path string) error

// A staging is one write in progress.
type staging struct {
	Write
	file, tmp, backup string // absolute paths
}

func commit(dir string, writes []Write, hook commitHook) (err error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return errorf(dir, CodeNoRoot, err, "cannot resolve tree root")
	}
	seen := make(map[string]bool, len(writes))
	staged := make([]*staging, 0, len(writes))
	defer func() {
		if err != nil {
			for _, s := range staged {
				if s.tmp != "" {
					os.Remove(s.tmp)
				}
				if s.backup != "" {
					os.Remove(s.backup)
				}
			}
		}
	}()
	for _, w := range writes {
		if seen[w.Path] {
			return errorf(w.Path, CodeWrite, nil, "written twice in one commit")
		}
		seen[w.Path] = true
		if err := checkInside(root, w.Path); err != nil {
			return err
		}
		s := &staging{Write: w, file: filepath.Join(root, filepath.FromSlash(w.Path))}
		staged = append(staged, s)
		if hook != nil {
			if err := hook("stage", w.Path); err != nil {
				return errorf(w.Path, CodeWrite, err, "cannot stage")
			}
		}
		if err := s.stage(); err != nil {
			return err
		}
	}
	// Verify after staging, so the window in which another program's
	// change would be lost is as short as can be.
	for _, s := range staged {
		if err := s.verify(); err != nil {
			return err
		}
		if err := os.Link(s.file, s.tmp+".orig"); err == nil {
			s.backup = s.tmp + ".orig"
		} else if !errors.Is(err, syscall.EPERM) && !errors.Is(err, syscall.ENOTSUP) && !errors.Is(err, syscall.EMLINK) {
			// Without hard links (some file systems), a failed rename
			// cannot be undone, but will hardly happen.
			return errorf(s.Path, CodeWrite, err, "cannot keep a backup")
		}
	}
	dirs := map[string]bool{}
	for i, s := range staged {
		err := error(nil)
		if hook != nil {
			err = hook("rename", s.Path)
		}
		if err == nil {
			err = os.Rename(s.tmp, s.file)
		}
		if err != nil {
			var kept []string
			for _, done := range staged[:i] {
				if done.backup != "" && os.Rename(done.backup, done.file) == nil {
					done.backup = ""
				} else {
					kept = append(kept, done.Path)
				}
			}
			if len(kept) > 0 {
				return errorf(s.Path, CodeWrite, err, "cannot rename the new file into place; already written and not restored: %s", strings.Join(kept, " "))
			}
			return errorf(s.Path, CodeWrite, err, "cannot rename the new file into place (nothing changed)")
		}
		s.tmp = ""
		dirs[filepath.Dir(s.file)] = true
	}
	for _, s := range staged {
		if s.backup != "" {
			os.Remove(s.backup)
			s.backup = ""
		}
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return errorf(d, CodeWrite, err, "cannot sync directory")
		}
	}
	return nil
}

// checkInside verifies that rel is a clean relative slash path whose
// directories, looked at from root down, are real directories and not
// symlinks, so that a write cannot land outside the tree.
func checkInside(root, rel string) error {
	if rel == "" || path.Clean(rel) != rel || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return errorf(rel, CodeOutsideRoot, nil, "not a clean path inside the tree")
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] != '/' {
			continue
		}
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel[:i])))
		switch {
		case err != nil:
			return errorf(rel, CodeModified, err, "directory %s is gone", rel[:i])
		case fi.Mode()&fs.ModeSymlink != 0:
			return errorf(rel, CodeSymlink, nil, "directory %s is a symlink", rel[:i])
		case !fi.IsDir():
			return errorf(rel, CodeModified, nil, "%s is not a directory any more", rel[:i])
		}
	}
	return nil
}

// stage writes the new contents to a temporary file beside the original.
func (s *staging) stage() error {
	dir, base := filepath.Split(s.file)
	f, err := os.CreateTemp(dir, "."+strings.ReplaceAll(base, "*", "_")+".go-edit-*")
	if err != nil {
		return errorf(s.Path, CodeWrite, err, "cannot create temporary file")
	}
	s.tmp = f.Name()
	err = writeSynced(f, s.New, s.Stamp)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errorf(s.Path, CodeWrite, err, "cannot write temporary file")
	}
	return nil
}

func writeSynced(f *os.File, data []byte, st Stamp) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	// Owner first: chown clears the set-id bits chmod then restores.
	if os.Geteuid() == 0 {
		if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return err
		}
	}
	if err := f.Chmod(st.Mode); err != nil {
		return err
	}
	return f.Sync()
}

// verify checks that the original is still the regular file that was read.
func (s *staging) verify() error {
	now, mode, err := lstatStamp(s.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errorf(s.Path, CodeModified, nil, "file disappeared since it was read")
	case err != nil:
		return errorf(s.Path, CodeRead, err, "cannot stat")
	case mode&fs.ModeSymlink != 0:
		return errorf(s.Path, CodeSymlink, nil, "file was replaced by a symlink")
	case !mode.IsRegular():
		return errorf(s.Path, CodeModified, nil, "file is not a regular file any more")
	case now.Size != s.Stamp.Size || now.Mtime != s.Stamp.Mtime || now.Ino != s.Stamp.Ino || now.Dev != s.Stamp.Dev:
		return errorf(s.Path, CodeModified, nil, "file changed on disk since it was read")
	}
	f, err := os.OpenFile(s.file, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return errorf(s.Path, CodeRead, err, "cannot read")
	}
	defer f.Close()
	h := sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return errorf(s.Path, CodeRead, err, "cannot read")
	}
	if h.Sum() != s.Stamp.Hash {
		return errorf(s.Path, CodeModified, nil, "file contents changed since it was read")
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
