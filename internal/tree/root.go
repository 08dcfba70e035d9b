package tree

import (
	"os"
	"path"
	"path/filepath"
	"strings"
)

// rootMarkers are the files whose presence together marks the top of a
// kernel tree, as the kernel's own scripts recognise it.
var rootMarkers = [...]string{"Kbuild", "Kconfig", "MAINTAINERS"}

// FindRoot returns the kernel tree containing dir: the nearest directory at
// or above it holding Kbuild, Kconfig and MAINTAINERS. The result is
// absolute, with symlinks resolved, so that tree-relative paths computed
// against it are stable.
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return "", errorf(dir, CodeNoRoot, err, "cannot resolve directory")
	}
	for d := abs; ; d = filepath.Dir(d) {
		if isRoot(d) {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", errorf(dir, CodeNoRoot, nil, "not inside a kernel tree (no directory above it has %s)", strings.Join(rootMarkers[:], ", "))
		}
	}
}

func isRoot(dir string) bool {
	for _, m := range rootMarkers {
		if fi, err := os.Stat(filepath.Join(dir, m)); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// treeRel turns p, relative to cwd (or absolute), into a clean slash path
// relative to root: "" for the root itself. Both root and cwd must be
// absolute and free of symlinks. It is lexical: what lies on disk is
// checked by whoever uses the path.
func treeRel(root, cwd, p string) (string, error) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	rel, err := filepath.Rel(root, filepath.Clean(p))
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", errorf(p, CodeOutsideRoot, nil, "outside the tree %s", root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// parentOf reports whether dir is an ancestor of p (or p itself), both
// tree-relative; "" is everyone's ancestor.
func parentOf(dir, p string) bool {
	return dir == "" || p == dir || strings.HasPrefix(p, dir) && p[len(dir)] == '/'
}

// globDir returns the longest leading run of whole path components of glob
// that holds no metacharacter: below it the glob can match nothing.
func globDir(glob string) string {
	i := strings.IndexAny(glob, `*?[\`)
	if i < 0 {
		return glob
	}
	d := path.Dir(glob[:i+1])
	if d == "." {
		return ""
	}
	return d
}
