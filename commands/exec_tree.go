package commands

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/go-edit/go-edit/checkpatch"
	"github.com/go-edit/go-edit/edit"
	"github.com/go-edit/go-edit/internal/tree"
	"github.com/go-edit/go-edit/patch"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

// fileResult is what a worker hands back for one file of the tree.
type fileResult struct {
	prints   []byte // p and = output, already formatted PATH:LINE:...
	diff     []byte // the rendered patch for the file (not with -w)
	change   *patch.File
	write    *tree.Write
	changes  int // number of logged changes
	nprints  int
	json     []byte
	findings []checkpatch.Finding // what the change adds, with --check
}

// fileError names the tree file a script failed on.
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string { return e.path + ": " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// runTree runs the script over the files of a kernel tree.
func runTree(cmd *cobra.Command, s streams, o *execOptions) error {
	if err := o.checkTreeFlags(); err != nil {
		return err
	}
	if err := checkInputs(append(slices.Clone(o.scriptFiles), o.msgFile)...); err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	if o.dir != "" {
		cwd, err = filepath.Abs(o.dir)
		if err != nil {
			return usageErrorf("-C %s: %v", o.dir, err)
		}
	}
	root, err := tree.FindRoot(cwd)
	if err != nil {
		return err
	}
	if o.outDir != "" {
		// The sandbox grants paths that exist; git format-patch -o also
		// creates the directory.
		if err := os.MkdirAll(o.outDir, 0o755); err != nil {
			return err
		}
	}
	if err := confine(cmd, o.profile(root)); err != nil {
		return err
	}
	arg, useArg := o.scriptArg()
	sc, err := loadScript(o.scriptFiles, arg, useArg, s.in)
	if err != nil {
		return err
	}
	prog, err := sc.parse(o.allowExec)
	if err != nil {
		return err
	}
	set, err := tree.Select(root, tree.Options{Paths: o.paths, Include: o.include, Exclude: o.exclude, Cwd: cwd})
	if err != nil {
		return err
	}
	// Whole-tree writes keep every new file in memory until all succeeded;
	// a soft limit makes the collector work harder rather than grow.
	debug.SetMemoryLimit(96 << 20)

	out := bufio.NewWriterSize(s.out, 64<<10)
	defer out.Flush()
	r := &treeRun{opts: o, prog: prog, script: sc, root: set.Root, edit: o.editOptions(set.Root, s.err)}
	r.edit.InLoop = true
	var diffs bytes.Buffer
	var writes []tree.Write
	var files []patch.File
	var findings []checkpatch.Finding
	emit := func(path string, v any) error {
		res := v.(*fileResult)
		findings = append(findings, res.findings...)
		r.changes += res.changes
		if res.changes > 0 {
			r.changedFiles++
		}
		if o.count && (res.changes > 0 || res.nprints > 0) {
			fmt.Fprintf(out, "%s: %d changes, %d prints\n", path, res.changes, res.nprints)
			return nil
		}
		if o.jsonOut {
			_, err := out.Write(res.json)
			return err
		}
		if _, err := out.Write(res.prints); err != nil {
			return err
		}
		if res.write != nil {
			writes = append(writes, *res.write)
		}
		if res.change != nil {
			files = append(files, *res.change)
		}
		diffs.Write(res.diff)
		return nil
	}
	stats, err := set.Process(o.workers, r.prefilter(), r.work, emit)
	if err != nil {
		return sc.locateIn(err)
	}
	if o.verbose {
		fmt.Fprintf(s.err, "go-edit: %d files selected (%d tracked though ignored), %d read, %d skipped as binary, %d symlinks, %d ignored paths and %d nested repositories left out, %d passed the literal prefilter, %d changed\n",
			len(set.Files), stats.Tracked, stats.Seen, stats.Binary, stats.Symlinks, stats.Ignored, stats.Nested, stats.Processed, r.changedFiles)
	}
	if len(findings) > 0 {
		for _, f := range findings {
			fmt.Fprint(s.err, f.String())
		}
		if !o.force {
			fmt.Fprintf(s.err, "go-edit: the change adds %d checkpatch findings; nothing was emitted (--force emits it anyway, --fix repairs whitespace and alignment)\n", len(findings))
			return silentExit(exitError)
		}
	}
	switch {
	case o.write:
		if err := tree.Commit(set.Root, writes); err != nil {
			return err
		}
	case o.stat:
		if err := patch.Stat(out, files, 80); err != nil {
			return err
		}
	case o.format:
		if err := o.writeMail(out, set.Root, cmd.Root().Version, files); err != nil {
			return err
		}
	case !o.count && !o.jsonOut:
		if _, err := out.Write(diffs.Bytes()); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if o.expect >= 0 && r.changes != o.expect {
		fmt.Fprintf(s.err, "go-edit: expected %d changes, made %d\n", o.expect, r.changes)
		return silentExit(exitError)
	}
	if o.exitCode && r.changes > 0 {
		return silentExit(exitError)
	}
	return nil
}

// profile is the sandbox profile of a tree run: the tree (writable with
// -w), the script files, the git configuration --format-patch reads for the
// author, and the -o directory of a --split series.
func (o *execOptions) profile(root string) sandbox.Profile {
	inputs := slices.Clone(o.scriptFiles)
	if o.msgFile != "" {
		inputs = append(inputs, o.msgFile)
	}
	if o.format {
		inputs = append(inputs, gitConfigFiles(root)...)
	}
	p := sandbox.ExecProfile(root, o.write, inputs)
	if o.outDir != "" {
		p = p.WithOutputDir(o.outDir, "the --split series")
	}
	if o.allowExec {
		p = p.WithPrograms(programPaths()...)
	}
	return p
}

// checkTreeFlags rejects flag combinations that contradict each other.
func (o *execOptions) checkTreeFlags() error {
	if o.noPrint || o.input != "" {
		return usageErrorf("exec: -n and -i are for --stream")
	}
	outputs := 0
	for _, on := range []bool{o.write, o.stat, o.count, o.jsonOut, o.format} {
		if on {
			outputs++
		}
	}
	if outputs > 1 {
		return usageErrorf("exec: choose one of -w, --stat, --count, --json and --format-patch")
	}
	if !o.format && (o.split || o.subject != "" || o.msgFile != "" || o.author != "" || o.signOff || o.patchDate != "" || o.outDir != "") {
		return usageErrorf("exec: --split, -o, -m, --message-file, --author, -s and --date need --format-patch")
	}
	if !o.check && (o.force || o.strict) {
		return usageErrorf("exec: --force and --strict go with --check")
	}
	if o.split != (o.outDir != "") {
		return usageErrorf("exec: --split and -o DIR go together")
	}
	return nil
}

// treeRun is the state shared by the workers of one tree run.
type treeRun struct {
	opts         *execOptions
	prog         *edit.Program
	script       *script
	root         string
	edit         edit.Options // InLoop, and the Shell of --allow-exec
	changes      int
	changedFiles int
}

// prefilter returns a cheap test that lets files which cannot be affected
// skip the regexp engine, or nil when the script gives no such guarantee.
func (r *treeRun) prefilter() func([]byte) bool {
	lits, ok := r.prog.Literals()
	if !ok || len(lits) == 0 {
		return nil
	}
	return func(data []byte) bool {
		for _, l := range lits {
			if bytes.Contains(data, l) {
				return true
			}
		}
		return false
	}
}

// work runs the script on one file; it is called on many goroutines.
func (r *treeRun) work(f *tree.File) (any, error) {
	o := r.opts
	rec := &treePrinter{path: f.Path, json: o.jsonOut}
	res, err := r.prog.Run(f.Path, f.Data, rec, r.edit)
	if err != nil {
		return nil, &fileError{f.Path, r.script.locate(err)}
	}
	out := &fileResult{prints: rec.buf.Bytes(), nprints: rec.n}
	for _, step := range res.Steps {
		out.changes += len(step)
	}
	if o.jsonOut {
		out.json = append(rec.buf.Bytes(), changesJSON(f.Path, f.Data, res.Steps)...)
	}
	text := res.Text
	if out.changes > 0 && o.fix {
		text = checkpatch.Fix(f.Path, f.Data, text)
	}
	if out.changes == 0 || bytes.Equal(text, f.Data) {
		return out, nil
	}
	if o.check {
		for _, fd := range checkpatch.Introduced(f.Path, f.Data, text, checkpatch.Options{Strict: o.strict}) {
			if fd.Level != checkpatch.LevelCheck || o.strict {
				out.findings = append(out.findings, fd)
			}
		}
	}
	mode := uint32(0o100644)
	if f.Mode&0o111 != 0 {
		mode = 0o100755
	}
	switch {
	case o.write:
		out.write = &tree.Write{Path: f.Path, Stamp: f.Stamp(), New: text}
	case o.stat, o.format:
		out.change = &patch.File{Path: f.Path, Old: bytes.Clone(f.Data), New: text, Mode: mode}
	case !o.count && !o.jsonOut:
		var buf bytes.Buffer
		pf := []patch.File{{Path: f.Path, Old: f.Data, New: text, Mode: mode}}
		if err := patch.Render(&buf, pf, patch.Options{Driver: patch.KernelDriver}); err != nil {
			return nil, &fileError{f.Path, err}
		}
		out.diff = buf.Bytes()
	}
	return out, nil
}

// locateIn maps a script position inside a per-file error back to the
// script part it came from.
func (s *script) locateIn(err error) error {
	var fe *fileError
	if errors.As(err, &fe) {
		return &fileError{fe.path, s.locate(fe.err)}
	}
	return err
}

// treePrinter collects one file's p and = output and the output of > and
// !, prefixed PATH:LINE: as grep -n does (LINE is where the printed range
// starts), or as NDJSON.
type treePrinter struct {
	path string
	json bool
	buf  bytes.Buffer
	n    int
}

func (p *treePrinter) Print(pr edit.Print) error {
	p.n++
	if p.json {
		p.buf.Write(printJSON(p.path, pr))
		return nil
	}
	if pr.Kind != edit.PrintText && pr.Kind != edit.PrintOutput {
		fmt.Fprintf(&p.buf, "%s:%d: %s\n", p.path, pr.Line1, pr.String())
		return nil
	}
	line := pr.Line1
	for text := pr.Text; len(text) > 0; line++ {
		end := bytes.IndexByte(text, '\n') + 1
		if end == 0 {
			end = len(text)
		}
		fmt.Fprintf(&p.buf, "%s:%d:", p.path, line)
		p.buf.Write(text[:end])
		if text[end-1] != '\n' {
			p.buf.WriteByte('\n')
		}
		text = text[end:]
	}
	return nil
}
