package commands

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/go-edit/go-edit/edit"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

// execOptions holds everything 'go-edit exec' was asked to do.
type execOptions struct {
	scriptFiles []string
	stream      bool
	noPrint     bool   // -n: stream mode prints no buffer at the end
	input       string // -i: stream input file instead of stdin

	dir        string // -C
	write      bool
	include    []string
	exclude    []string
	workers    int
	verbose    bool
	jsonOut    bool
	stat       bool
	count      bool
	expect     int
	exitCode   bool
	format     bool // --format-patch
	split      bool
	outDir     string
	subject    string
	msgFile    string
	author     string
	signOff    bool
	patchDate  string
	check      bool // refuse a change that adds checkpatch findings
	fix        bool // repair the style an edit broke
	force      bool // with check: emit anyway
	strict     bool // with check: CHECK-level findings count too
	allowExec  bool // run sam's | < > ! (programs) under the sandbox
	paths      []string
	scriptArgs []string
}

const execLong = `Run a script in sam's command language over files and print the result.

The script is the first argument, or comes from -f FILE (repeatable; the
files are joined in order and every argument is then a path), or from stdin
when the first argument is "-" (stream mode needs -i FILE then).

Tree mode (the default) runs the script on every file of the kernel tree
that contains the current directory (or -C DIR), narrowed by PATHS: files,
directories and globs such as 'drivers/**/*.c'. Each file starts with dot
set to the whole file, as under sam's X command; X/re/ and Y/re/ select
files by their path in the tree. The file set is what git would track:
.gitignore rules are honoured, symlinks and binary files are skipped.
The result is a unified diff that 'git apply' and 'patch -p1' accept; -w
writes the files in place instead (atomically, all files or none).
Output of p and = comes first, one line per printed line, prefixed
PATH:LINE: as grep -n does; the patch follows.

Stream mode (--stream) works like plan9port's ssam: the script edits stdin
(or -i FILE) and the resulting buffer is printed (not with -n). p output
goes to stdout, = output to stderr.

The language: addresses (#n, n, /re/, ?re?, $, ., ', a1,a2, a1;a2, a+n,
a-n), commands a i c d s m t p = =# k, loops x/re/ y/re/, guards g/re/
v/re/, groups { }, and X/Y over files. Every command of a line sees the
text as the line found it; their changes must be in sequence or nothing
changes. File commands (e r w q u B n D f) do not exist here.

Programs (| < > !) are refused unless --allow-exec is given. That flag is
DANGEROUS: the script may then run any program on $PATH, as you, over
your tree; use it only with scripts you trust. It lifts the sandbox's exec
ban and nothing else: the programs inherit the sandbox, so they get no
network and no ptrace, read only what go-edit may read (and /usr), and
cannot write outside the tree (nor in it without -w). As in sam, each
runs as /bin/sh -c COMMAND (in tree mode in the tree's top directory,
with $samfile set to the file's path): | replaces dot with the program's
output given dot on stdin, < replaces dot with its output, > sends dot to
it and prints its output, ! runs it and prints its output; an empty
COMMAND repeats the last one. A non-zero exit status of | or < stops the
script (sam only warns); a program is stopped after 60 seconds or 256 MB
of output.

--check holds the result to checkpatch's rules: a change that adds an
ERROR or WARNING (with --strict also a CHECK) that the original lines did not
have is refused, findings on stderr. --fix first repairs what the edit broke
(trailing whitespace, spaces before tabs, continuation lines re-aligned to
the opening parenthesis, arguments re-wrapped within 100 columns).

Exit status: 0 success; 1 script or runtime error (or a check below
failed); 2 usage error. --exit-code makes "changes found" exit 1, and
--expect N exits 1 unless exactly N changes were made.`

const execExample = `  # Turn printk(KERN_ERR ...) into pr_err(...) under drivers/ and show the patch
  go-edit exec ',x/printk\(KERN_ERR */ c/pr_err(/' drivers/

  # Structural grep: every kzalloc call, as PATH:LINE:
  go-edit exec ',x/kzalloc\([^;]*;/ =' fs/

  # Rename a field only inside struct bodies, writing the files in place
  go-edit exec -w ',x/struct foo \{[^}]*\}/ x/\bold\b/ c/new/' drivers/foo/

  # Delete every line that mentions CONFIG_FOO in Makefiles
  go-edit exec ',x/.*\n/ g/CONFIG_FOO/ d' --include 'Makefile'

  # ssam-style stream editing
  printf 'hello world\n' | go-edit exec --stream ',s/world/kernel/'`

func newExecCmd(s streams) *cobra.Command {
	var o execOptions
	cmd := &cobra.Command{
		Use:     "exec [flags] SCRIPT [PATH...]",
		Short:   "Run a sam script over a kernel tree (or a stream) and print the patch",
		Long:    execLong,
		Example: execExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(o.scriptFiles) == 0 && len(args) == 0 {
				return usageErrorf("exec: no script: give it as the first argument or with -f FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(o.scriptFiles) == 0 {
				o.scriptArgs, o.paths = args[:1], args[1:]
			} else {
				o.paths = args
			}
			if o.stream {
				return runStream(cmd, s, &o)
			}
			return runTree(cmd, s, &o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.scriptFiles, "file", "f", nil, "read the script from `FILE` (repeatable, joined in order)")
	f.BoolVar(&o.stream, "stream", false, "edit stdin (or -i FILE) like ssam and print the result")
	f.BoolVarP(&o.noPrint, "no-print", "n", false, "stream mode: do not print the buffer at the end")
	f.StringVarP(&o.input, "input", "i", "", "stream mode: read the buffer from `FILE` instead of stdin")
	f.StringVarP(&o.dir, "directory", "C", "", "run in the kernel tree at `DIR`")
	f.BoolVarP(&o.write, "write", "w", false, "write the files in place (atomically, all or none) instead of printing a patch")
	f.StringArrayVar(&o.include, "include", nil, "only files matching `GLOB` (repeatable)")
	f.StringArrayVar(&o.exclude, "exclude", nil, "skip files matching `GLOB` (repeatable)")
	f.IntVarP(&o.workers, "jobs", "j", 0, "files processed in parallel (default: number of CPUs)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "report files seen, skipped and changed on stderr")
	f.BoolVar(&o.jsonOut, "json", false, "print NDJSON: one object per change and per print")
	f.BoolVar(&o.stat, "stat", false, "print a diffstat instead of the patch")
	f.BoolVar(&o.count, "count", false, "print the number of changes and prints per file")
	f.IntVar(&o.expect, "expect", -1, "exit 1 unless exactly `N` changes were made")
	f.BoolVar(&o.exitCode, "exit-code", false, "exit 1 when there are changes, like git diff --exit-code")
	f.BoolVar(&o.format, "format-patch", false, "print a git am-ready mail instead of a bare patch")
	f.BoolVar(&o.split, "split", false, "with --format-patch: one patch per subsystem directory, written to -o DIR with a cover letter")
	f.StringVarP(&o.outDir, "output-directory", "o", "", "with --split: write the series into `DIR`")
	f.StringVarP(&o.subject, "message", "m", "", "with --format-patch: the subject line")
	f.StringVar(&o.msgFile, "message-file", "", "with --format-patch: the commit message body from `FILE`")
	f.StringVar(&o.author, "author", "", "with --format-patch: `NAME <EMAIL>` (default: the tree's git config)")
	f.BoolVarP(&o.signOff, "signoff", "s", false, "with --format-patch: add the author's Signed-off-by line")
	f.StringVar(&o.patchDate, "date", "", "with --format-patch: the Date header (default: now)")
	f.BoolVar(&o.check, "check", false, "refuse (exit 1) a change that adds checkpatch findings the original lines did not have")
	f.BoolVar(&o.fix, "fix", false, "repair what the edit broke: whitespace, continuation alignment, lines over 100 columns")
	f.BoolVar(&o.force, "force", false, "with --check: report the findings but emit the change anyway")
	f.BoolVar(&o.strict, "strict", false, "with --check: CHECK-level findings count too (checkpatch --strict)")
	f.BoolVar(&o.allowExec, "allow-exec", false, "DANGEROUS: let the script run programs from $PATH (sam's | < > !); network, ptrace and writes outside the tree stay denied")
	return cmd
}

// scriptArg returns the script given as the first argument, if it was
// (not with -f).
func (o *execOptions) scriptArg() (arg string, ok bool) {
	if len(o.scriptArgs) != 1 {
		return "", false
	}
	return o.scriptArgs[0], true
}

// runStream is ssam: one buffer in, the edited buffer out.
func runStream(cmd *cobra.Command, s streams, o *execOptions) error {
	if len(o.paths) > 0 {
		return usageErrorf("exec --stream takes no paths (use -i FILE for the input)")
	}
	arg, useArg := o.scriptArg()
	if useArg && arg == "-" && o.input == "" {
		return usageErrorf("exec --stream: the script comes from stdin, so the input needs -i FILE")
	}
	inputs := slices.Clone(o.scriptFiles)
	if o.input != "" {
		inputs = append(inputs, o.input)
	}
	if err := checkInputs(inputs...); err != nil {
		return err
	}
	profile := sandbox.CheckProfile(inputs)
	if o.allowExec {
		profile = profile.WithPrograms(programPaths()...)
	}
	if err := confine(cmd, profile); err != nil {
		return err
	}
	sc, err := loadScript(o.scriptFiles, arg, useArg, s.in)
	if err != nil {
		return err
	}
	prog, err := sc.parse(o.allowExec)
	if err != nil {
		return err
	}
	var in []byte
	if o.input != "" {
		in, err = os.ReadFile(o.input)
	} else {
		in, err = io.ReadAll(s.in)
	}
	if err != nil {
		return fmt.Errorf("reading input: %v", err)
	}
	out := bufio.NewWriter(s.out)
	defer out.Flush()
	res, err := prog.Run("", in, streamPrinter{out, s.err}, o.editOptions("", s.err))
	if err != nil {
		out.Flush()
		return sc.locate(err)
	}
	if !o.noPrint {
		if _, err := out.Write(res.Text); err != nil {
			return err
		}
	}
	return out.Flush()
}

// editOptions are the engine's options for a run: with --allow-exec, a
// Shell that runs programs in dir.
func (o *execOptions) editOptions(dir string, stderr io.Writer) edit.Options {
	if !o.allowExec {
		return edit.Options{}
	}
	return edit.Options{Shell: programShell(dir, stderr, execLimits())}
}

// streamPrinter writes p output and the output of > and ! to stdout, and =
// output and the "!" after a program to stderr, as sam -d.
type streamPrinter struct {
	out io.Writer
	err io.Writer
}

func (p streamPrinter) Print(pr edit.Print) error {
	if pr.Kind == edit.PrintText || pr.Kind == edit.PrintOutput {
		_, err := p.out.Write(pr.Text)
		return err
	}
	_, err := fmt.Fprintln(p.err, pr.String())
	return err
}
