package tree

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Options narrow the set of files Select returns.
type Options struct {
	// Paths are files, directories or globs (git wildmatch syntax, ** allowed),
	// relative to Cwd. A directory selects everything below it, as does a
	// glob matching a directory. None means the whole tree. A path outside
	// the tree, or a plain path naming nothing, is an error.
	Paths []string
	// Include keeps only files matching one of these globs; Exclude drops
	// files matching any. They are matched against tree-relative paths; a
	// glob without "/" is matched against each component's name, so "*.c"
	// means every C file. A glob matching a directory applies to all below it.
	Include, Exclude []string
	// Cwd is the directory Paths are relative to; "" means the process's.
	Cwd string

	// (A Since revision, keeping files changed since it, will belong here:
	// Select would intersect the walk with git's list of changed paths.)
}

// Stats counts what happened to the files of a tree.
type Stats struct {
	Ignored  int // paths left out by ignore rules; an ignored directory counts once
	Tracked  int // ignored files selected anyway because git tracks them
	Symlinks int // symlinks skipped: they are never followed
	Nested   int // directories skipped because they hold another git repository

	Seen        int // files read by Process
	Binary      int // ... skipped as binary (a NUL in the first 8 KiB)
	Prefiltered int // ... skipped because the prefilter said no
	Processed   int // ... handed to the work function
}

// A Set is the list of files to work on.
type Set struct {
	Root  string   // absolute, symlinks resolved
	Files []string // tree-relative slash paths, sorted bytewise (as git sorts)
	Stats Stats    // of the selection
}

// Select lists the files of the tree at dir that git would track (see the
// package documentation), narrowed by opt. dir should come from FindRoot.
func Select(dir string, opt Options) (*Set, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, errorf(dir, CodeNoRoot, err, "cannot resolve tree root")
	}
	sel, err := newSelection(root, opt)
	if err != nil {
		return nil, err
	}
	w := &walker{root: root, sel: sel, spare: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	for range cap(w.spare) {
		w.spare <- struct{}{}
	}
	g := findGitDir(root)
	stack := ignoreStack{newIgnoreFile("", nil)}
	if g.common != "" {
		if data, err := os.ReadFile(filepath.Join(g.common, "info", "exclude")); err == nil {
			stack[0] = newIgnoreFile("", parseIgnore(data))
		}
	}
	top := &listing{}
	if err := w.dir(top, "", stack, sel.all(), len(sel.include) == 0); err != nil {
		return nil, err
	}
	files := top.flatten(nil)
	stats := Stats{Ignored: int(w.ignored.Load()), Symlinks: int(w.symlinks.Load()), Nested: int(w.nested.Load())}
	if g.dir != "" {
		// A broken index only costs the tracked-but-ignored files; the
		// walk stands on its own.
		files, stats.Tracked = w.addTracked(files, filepath.Join(g.dir, "index"), g.hashSize)
	}
	return &Set{Root: root, Files: files, Stats: stats}, nil
}

// gitDir locates a checkout's git directory: dir holds the index, common
// the shared parts (info/exclude); they differ in linked worktrees.
type gitDir struct {
	dir, common string
	hashSize    int
}

func findGitDir(root string) gitDir {
	dot := filepath.Join(root, ".git")
	fi, err := os.Lstat(dot)
	if err != nil {
		return gitDir{}
	}
	g := gitDir{dir: dot, common: dot, hashSize: 20}
	if fi.Mode().IsRegular() {
		// A linked worktree or submodule: ".git" says "gitdir: PATH".
		data, err := os.ReadFile(dot)
		line, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: ")
		if err != nil || !ok {
			return gitDir{}
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(root, line)
		}
		g.dir, g.common = line, line
		if c, err := os.ReadFile(filepath.Join(line, "commondir")); err == nil {
			c := strings.TrimSpace(string(c))
			if !filepath.IsAbs(c) {
				c = filepath.Join(line, c)
			}
			g.common = c
		}
	} else if !fi.IsDir() {
		return gitDir{}
	}
	if cfg, err := os.ReadFile(filepath.Join(g.common, "config")); err == nil && isSHA256(cfg) {
		g.hashSize = 32
	}
	return g
}

// isSHA256 reports whether a git config sets extensions.objectFormat to
// sha256, which widens the object names in the index.
func isSHA256(cfg []byte) bool {
	for line := range bytes.Lines(cfg) {
		k, v, ok := bytes.Cut(bytes.TrimSpace(line), []byte("="))
		if ok && strings.EqualFold(string(bytes.TrimSpace(k)), "objectformat") &&
			strings.EqualFold(string(bytes.TrimSpace(v)), "sha256") {
			return true
		}
	}
	return false
}

// A selection is Options compiled against one root.
type selection struct {
	paths    []string // tree-relative plain paths
	globs    []string // tree-relative globs
	globDirs []string // globDir of each glob
	include  []filter
	exclude  []filter
}

// A filter is an --include or --exclude glob.
type filter struct {
	glob string
	base bool // no "/": match a component's name
}

func (f filter) match(path, name string) bool {
	if f.base {
		return wildmatch(f.glob, name, true)
	}
	return wildmatch(f.glob, path, true)
}

func newSelection(root string, opt Options) (*selection, error) {
	cwd := opt.Cwd
	if cwd == "" {
		var err error
		if cwd, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	cwd, err := filepath.Abs(cwd)
	if err == nil {
		cwd, err = filepath.EvalSymlinks(cwd)
	}
	if err != nil {
		return nil, errorf(opt.Cwd, CodeNoSuchPath, err, "cannot resolve working directory")
	}
	s := &selection{}
	for _, p := range opt.Paths {
		rel, err := treeRel(root, cwd, p)
		if err != nil {
			return nil, err
		}
		// A name that exists is taken literally, even with a [ or * in it.
		_, err = os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
		if err == nil || !hasMeta(rel) {
			if err != nil {
				return nil, errorf(p, CodeNoSuchPath, err, "no such file or directory")
			}
			if link := symlinkOnPath(root, rel); link != "" {
				return nil, errorf(p, CodeSymlink, nil, "goes through the symlink %s, which is not followed", link)
			}
			s.paths = append(s.paths, rel)
			continue
		}
		if err := checkGlob(p, rel); err != nil {
			return nil, err
		}
		s.globs = append(s.globs, rel)
		s.globDirs = append(s.globDirs, globDir(rel))
	}
	for _, list := range []struct {
		in  []string
		out *[]filter
	}{{opt.Include, &s.include}, {opt.Exclude, &s.exclude}} {
		for _, g := range list.in {
			g = strings.TrimPrefix(strings.TrimSuffix(g, "/"), "./")
			if err := checkGlob(g, g); err != nil {
				return nil, err
			}
			*list.out = append(*list.out, filter{glob: g, base: !strings.Contains(g, "/")})
		}
	}
	return s, nil
}

// symlinkOnPath returns the first directory of rel (tree-relative) that is
// a symlink, or "": the walk would never reach what lies behind it.
func symlinkOnPath(root, rel string) string {
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' {
			if fi, err := os.Lstat(root + "/" + rel[:i]); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return rel[:i]
			}
		}
	}
	return ""
}

// checkGlob rejects a glob whose sets are malformed: git would silently
// match nothing, which on a command line hides a typo.
func checkGlob(arg, glob string) error {
	for i := 0; i < len(glob); i++ {
		switch glob[i] {
		case '\\':
			i++
		case '[':
			end, _, valid := matchSet(glob, i, 0)
			if !valid {
				return errorf(arg, CodeBadGlob, nil, "malformed [...] set in glob")
			}
			i = end
		}
	}
	return nil
}

// all reports whether no path narrows the selection.
func (s *selection) all() bool { return len(s.paths) == 0 && len(s.globs) == 0 }

// enterDir reports whether the walk must enter dir to reach selected
// files, and whether everything below dir is selected.
func (s *selection) enterDir(dir string) (enter, all bool) {
	for _, p := range s.paths {
		if parentOf(p, dir) {
			return true, true
		}
		if parentOf(dir, p) {
			enter = true
		}
	}
	for i, g := range s.globs {
		if wildmatch(g, dir, true) {
			return true, true
		}
		d := s.globDirs[i]
		// Without **, a glob of n components matches nothing deeper.
		deep := !strings.Contains(g, "**") && strings.Count(dir, "/")+1 >= strings.Count(g, "/")+1
		if parentOf(dir, d) || parentOf(d, dir) && !deep {
			enter = true
		}
	}
	return enter, false
}

// file reports whether a file is selected by a path or glob, given that no
// parent directory was.
func (s *selection) file(path string) bool {
	for _, p := range s.paths {
		if p == path {
			return true
		}
	}
	for _, g := range s.globs {
		if wildmatch(g, path, true) {
			return true
		}
	}
	return false
}

// excluded reports whether an --exclude glob matches path (a file or a
// directory).
func (s *selection) excluded(path, name string) bool {
	for _, f := range s.exclude {
		if f.match(path, name) {
			return true
		}
	}
	return false
}

// included reports whether an --include glob matches path.
func (s *selection) included(path, name string) bool {
	for _, f := range s.include {
		if f.match(path, name) {
			return true
		}
	}
	return false
}

// selects reports whether path passes the whole selection, looking at each
// of its parent directories; the walk decides the same thing one directory
// at a time.
func (s *selection) selects(path string) bool {
	inPaths, included := s.all(), len(s.include) == 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' {
			continue
		}
		p := path[:i]
		name := p[strings.LastIndexByte(p, '/')+1:]
		if s.excluded(p, name) {
			return false
		}
		included = included || s.included(p, name)
		if !inPaths {
			if i == len(path) {
				inPaths = s.file(p)
			} else {
				_, inPaths = s.enterDir(p)
			}
		}
	}
	return inPaths && included
}

// A walker collects the selected files below root in bytewise path order.
// Directories are read in parallel: a directory's subdirectories are handed
// to new goroutines while spare ones are allowed, and walked in place
// otherwise; the results are stitched together in order at the end.
type walker struct {
	root  string
	sel   *selection
	spare chan struct{} // tokens for extra goroutines

	ignored, symlinks, nested atomic.Int64
}

// A listing is the walk's result for one directory: its selected files and
// subdirectories' listings, in order.
type listing struct {
	parts []part
	wg    sync.WaitGroup // for subdirectories walked by other goroutines
}

// A part is a run of selected files or one subdirectory.
type part struct {
	files []string
	sub   *listing
}

// flatten appends the files of l and its subdirectories to out.
func (l *listing) flatten(out []string) []string {
	l.wg.Wait()
	for _, p := range l.parts {
		if p.sub != nil {
			out = p.sub.flatten(out)
		} else {
			out = append(out, p.files...)
		}
	}
	return out
}

// dir walks the directory rel ("" for the root), whose ignore rules so far
// are stack, into l. inPaths and included say whether a parent directory
// already satisfied Paths and Include.
func (w *walker) dir(l *listing, rel string, stack ignoreStack, inPaths, included bool) error {
	abs := w.root
	prefix := ""
	if rel != "" {
		abs += "/" + rel
		prefix = rel + "/"
	}
	ents, err := readDir(abs, prefix)
	if err != nil {
		if rel == "" {
			return errorf(".", CodeRead, err, "cannot read directory")
		}
		// A directory that vanished or cannot be read holds nothing git
		// could add either.
		return nil
	}
	for _, e := range ents {
		if e.name() == ".git" && rel != "" && (e.typ == typeDir || e.typ == typeFile) {
			w.nested.Add(1)
			return nil
		}
	}
	for _, e := range ents {
		if e.name() == ".gitignore" && e.typ == typeFile {
			if data, err := os.ReadFile(abs + "/.gitignore"); err == nil {
				if pats := parseIgnore(data); len(pats) > 0 {
					stack = append(stack[:len(stack):len(stack)], newIgnoreFile(rel, pats))
				}
			}
		}
	}
	var files []string
	for _, e := range ents {
		path, name := e.path, e.name()
		if name == ".git" {
			continue
		}
		switch e.typ {
		case typeDir:
			if w.sel.excluded(path, name) {
				continue
			}
			in := inPaths
			if !in {
				enter, all := w.sel.enterDir(path)
				if !enter {
					continue
				}
				in = all
			}
			if stack.ignored(path, true) {
				w.ignored.Add(1)
				continue
			}
			if files != nil {
				l.parts = append(l.parts, part{files: files})
				files = nil
			}
			sub := &listing{}
			l.parts = append(l.parts, part{sub: sub})
			inc := included || w.sel.included(path, name)
			select {
			case <-w.spare:
				l.wg.Go(func() {
					w.dir(sub, path, stack, in, inc)
					w.spare <- struct{}{}
				})
			default:
				w.dir(sub, path, stack, in, inc)
			}
		case typeFile, typeSymlink:
			if !inPaths && !w.sel.file(path) ||
				w.sel.excluded(path, name) ||
				!included && !w.sel.included(path, name) {
				continue
			}
			if stack.ignored(path, false) {
				w.ignored.Add(1)
				continue
			}
			if e.typ == typeFile {
				files = append(files, path)
			} else {
				w.symlinks.Add(1)
			}
		}
	}
	if files != nil {
		l.parts = append(l.parts, part{files: files})
	}
	return nil
}

// readDir lists a directory sorted so that a depth-first walk yields paths
// in bytewise order: a directory sorts as its name followed by "/". The
// entries' paths start with prefix.
func readDir(dir, prefix string) ([]dirent, error) {
	ents, err := readDirents(dir, prefix)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ents, func(a, b dirent) int {
		an, bn := a.name(), b.name()
		n := min(len(an), len(bn))
		if c := strings.Compare(an[:n], bn[:n]); c != 0 {
			return c
		}
		// Names differ, so one is a prefix of the other.
		if len(an) == n {
			if a.typ == typeDir && '/' > bn[n] {
				return 1
			}
			return -1
		}
		if b.typ == typeDir && '/' > an[n] {
			return -1
		}
		return 1
	})
	return ents, nil
}

// A dirent is a directory entry as the walk needs it.
type dirent struct {
	path string // tree-relative; the name is its tail from base on
	base int
	typ  entryType
}

func (e *dirent) name() string { return e.path[e.base:] }

type entryType uint8

const (
	typeOther entryType = iota // devices, FIFOs, sockets: never selected
	typeFile
	typeDir
	typeSymlink
)

// addTracked merges into files (sorted) the paths the index tracks that the
// walk left out because they are ignored, as long as the selection takes
// them and they are regular files on disk. A broken index only costs those
// files; the walk stands on its own.
func (w *walker) addTracked(files []string, index string, hashSize int) (_ []string, added int) {
	var extra []string
	i := 0
	err := readIndex(index, hashSize, func(name []byte) {
		// Comparing with string(name) does not allocate.
		for i < len(files) && files[i] < string(name) {
			i++
		}
		if i < len(files) && files[i] == string(name) {
			return
		}
		// Not kept past this call: no copy yet.
		t := unsafe.String(unsafe.SliceData(name), len(name))
		if !w.sel.selects(t) {
			return
		}
		fi, err := os.Lstat(w.root + "/" + t)
		if err != nil || !fi.Mode().IsRegular() {
			return
		}
		extra = append(extra, strings.Clone(t))
	})
	if err != nil || len(extra) == 0 {
		return files, 0
	}
	out := make([]string, 0, len(files)+len(extra))
	i, j := 0, 0
	for i < len(files) || j < len(extra) {
		if j == len(extra) || i < len(files) && files[i] < extra[j] {
			out = append(out, files[i])
			i++
		} else {
			out = append(out, extra[j])
			j++
		}
	}
	return out, len(extra)
}
