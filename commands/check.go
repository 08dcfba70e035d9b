package commands

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-edit/go-edit/checkpatch"
	"github.com/go-edit/go-edit/internal/jsonenc"
	"github.com/go-edit/go-edit/sandbox"
	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newCheckCmd) }

// checkOptions holds what 'go-edit check' was asked to do.
type checkOptions struct {
	opt       checkpatch.Options
	jsonOut   bool
	listTypes bool
}

const checkLong = `Check patches against the kernel coding style, as scripts/checkpatch.pl
--no-tree does, and report the findings in checkpatch's format and type
names (ERROR, WARNING and, with --strict, CHECK).

PATCH is a git format-patch mail, a git diff or any unified diff; "-" or no
argument reads stdin. Only what the patch adds is judged, in the context
of the lines around it; the commit message and sign-offs are checked too.

Exit status: 0 clean; 1 when a patch has an error (with --strict: any
finding); 2 usage error.`

const checkExample = `  # Check the patch go-edit just produced
  go-edit exec ',x/printk\(KERN_ERR */ c/pr_err(/' drivers/ | go-edit check --strict

  # Only line length and alignment, as JSON
  go-edit check --types LONG_LINE,PARENTHESIS_ALIGNMENT --json fix.patch`

func newCheckCmd(s streams) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:     "check [PATCH...]",
		Short:   "Check patches for kernel coding style problems, as checkpatch.pl does",
		Long:    checkLong,
		Example: checkExample,
		Args:    usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			var files []string
			for _, a := range args {
				if a != "-" {
					files = append(files, a)
				}
			}
			if err := confine(cmd, sandbox.CheckProfile(files)); err != nil {
				return err
			}
			return o.run(s, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.opt.Strict, "strict", false, "also report CHECK findings; warnings and checks then fail too")
	f.Var(typeList{&o.opt.Ignore}, "ignore", "do not report these types (comma-separated, repeatable)")
	f.Var(typeList{&o.opt.Types}, "types", "report only these types (comma-separated, repeatable)")
	f.IntVar(&o.opt.MaxLineLength, "max-line-length", 100, "LONG_LINE limit in columns")
	f.BoolVar(&o.jsonOut, "json", false, "print the findings as JSON")
	f.BoolVar(&o.listTypes, "list-types", false, "list the types go-edit checks and exit")
	return cmd
}

// checkReport is one patch's result in --json output.
type checkReport struct {
	Patch    string               `json:"patch"`
	Findings []checkpatch.Finding `json:"findings"`
	Errors   int                  `json:"errors"`
	Warnings int                  `json:"warnings"`
	Checks   int                  `json:"checks"`
	Lines    int                  `json:"lines"`
}

func (o *checkOptions) run(s streams, args []string) error {
	if o.listTypes {
		for _, t := range checkpatch.Types() {
			fmt.Fprintln(s.out, t)
		}
		return nil
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	if o.opt.MaxLineLength <= 0 {
		return usageErrorf("check: --max-line-length must be positive")
	}
	failed := false
	reports := []checkReport{}
	for _, name := range args {
		data, shown, err := readPatch(name, s.in)
		if err != nil {
			return err
		}
		res := checkpatch.Check(data, o.opt)
		failed = failed || res.Failed(o.opt.Strict)
		if o.jsonOut {
			findings := res.Findings
			if findings == nil {
				findings = []checkpatch.Finding{}
			}
			reports = append(reports, checkReport{shown, findings, res.Count(checkpatch.LevelError),
				res.Count(checkpatch.LevelWarning), res.Count(checkpatch.LevelCheck), res.Lines})
			continue
		}
		writeCheckReport(s.out, shown, res)
	}
	if o.jsonOut {
		enc := jsonenc.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return err
		}
	}
	if failed {
		return silentExit(exitError)
	}
	return nil
}

// readPatch reads a patch file, or stdin for "-"; shown is the name
// checkpatch would print for it.
func readPatch(name string, in io.Reader) (data []byte, shown string, err error) {
	if name == "-" {
		data, err = io.ReadAll(in)
		return data, "Your patch", err
	}
	data, err = os.ReadFile(name)
	return data, name, err
}

// writeCheckReport prints one patch's findings, summary and verdict as
// checkpatch.pl prints them.
func writeCheckReport(w io.Writer, name string, res *checkpatch.Result) {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	b.WriteString(res.Summary())
	b.WriteString("\n\n")
	if len(res.Findings) == 0 {
		b.WriteString(name + " has no obvious style problems and is ready for submission.\n")
	} else {
		b.WriteString(name + " has style problems, please review.\n")
	}
	io.WriteString(w, b.String())
}

// A typeList is the value of --ignore and --types: type names separated
// by commas, the flag repeatable, as checkpatch.pl takes them. (pflag's
// string slices would do, but they parse as CSV and link encoding/csv.)
type typeList struct{ list *[]string }

func (l typeList) Set(v string) error {
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" {
			*l.list = append(*l.list, t)
		}
	}
	return nil
}

func (l typeList) String() string { return strings.Join(*l.list, ",") }
func (l typeList) Type() string   { return "strings" }
