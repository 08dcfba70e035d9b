// Package tree is the file-system layer of tree-scale go-edit: it finds the
// kernel tree's root, selects the files git would track (honouring every
// .gitignore, .git/info/exclude and the index), streams them through
// parallel workers with results delivered in path order, and writes changes
// back atomically and all-or-nothing.
//
// The edit engine stays pure; package commands glues the two together:
//
//	root, _ := tree.FindRoot(cwd)
//	set, _ := tree.Select(root, tree.Options{Paths: args, Cwd: cwd})
//	set.Process(0, prefilter, work, emit) // work runs on the workers, emit in path order
//	tree.Commit(root, writes)             // every file or none
//
// # Selection
//
// The selected files are those `git ls-files --cached --others
// --exclude-standard` would list, minus symlinks (never followed, counted)
// and, when read, binary files (a NUL byte in the first 8 KiB, counted).
// Ignore rules follow gitignore(5) exactly: blank lines and # comments,
// trailing-space trimming with \ escapes, ! negation, a trailing / for
// directories only, patterns with an inner or leading / anchored to their
// .gitignore's directory, others matched against the base name, ** in
// git's wildmatch sense, and deeper files overriding shallower ones, which
// override .git/info/exclude. A directory that is ignored is not entered,
// so nothing below it can be re-included, as in git. Files git tracks are
// selected even when ignored: they are read from .git/index (versions 2 to
// 4). The user's core.excludesFile is not read, so the result does not
// depend on who runs go-edit.
//
// Paths (files, directories or globs, relative to Options.Cwd) narrow the
// set; Include and Exclude globs filter it on tree-relative paths, a
// pattern without a slash matching any path component's name.
//
// # Writing
//
// Commit never leaves a half-written file: each file is replaced by a
// rename. A crash (not an error) in the middle of a commit can leave
// temporary files named .NAME.go-edit-NNN (and .orig backups) beside the
// files, and some files renamed but not others.
package tree
