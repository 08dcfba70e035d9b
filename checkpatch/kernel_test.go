package checkpatch

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"github.com/go-edit/go-edit/patch"
)

// A rewrite is one tree-wide cleanup of the kind go-edit scripts make:
// grep finds the files, edit changes one file's text.
type rewrite struct {
	name string
	grep string // extended regexp (git grep -E) that files to rewrite match
	edit func(src string) string
}

func replacer(pattern, with string) func(string) string {
	re := regexp.MustCompile(pattern)
	return func(s string) string { return re.ReplaceAllString(s, with) }
}

var (
	kmallocMemset = regexp.MustCompile(`^(\s*)([\w>.-]+) = kmalloc\((.*), (GFP_\w+)\);$`)
	memsetLine    = regexp.MustCompile(`^\s*memset\(([\w>.-]+), 0, (.*)\);$`)
)

// kzallocForMemset turns "p = kmalloc(sizeof(...), gfp);" followed within
// five lines by "memset(p, 0, sizeof(...));" into one kzalloc call.
func kzallocForMemset(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		m := kmallocMemset.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if !strings.HasPrefix(m[3], "sizeof") {
			continue
		}
		for j := i + 1; j < len(lines) && j <= i+5; j++ {
			if k := memsetLine.FindStringSubmatch(lines[j]); k != nil && k[1] == m[2] && strings.HasPrefix(k[2], "sizeof") {
				lines[i] = m[1] + m[2] + " = kzalloc(" + m[3] + ", " + m[4] + ");"
				lines = append(lines[:j], lines[j+1:]...)
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

var rewrites = []rewrite{
	{"printk-err", `printk\(KERN_ERR`, replacer(`\bprintk\(KERN_ERR[ \t]*`, "pr_err(")},
	{"printk-err-open-ended", `printk\(KERN_ERR *$`, replacer(`\bprintk\(KERN_ERR[ \t]*`, "pr_err(")},
	{"printk-warning", `printk\(KERN_WARNING`, replacer(`\bprintk\(KERN_WARNING[ \t]*`, "pr_warn(")},
	{"printk-info", `printk\(KERN_INFO`, replacer(`\bprintk\(KERN_INFO[ \t]*`, "pr_info(")},
	{"printk-notice", `printk\(KERN_NOTICE`, replacer(`\bprintk\(KERN_NOTICE[ \t]*`, "pr_notice(")},
	{"printk-debug", `printk\(KERN_DEBUG`, replacer(`\bprintk\(KERN_DEBUG[ \t]*`, "pr_debug(")},
	{"printk-cont", `printk\(KERN_CONT`, replacer(`\bprintk\(KERN_CONT[ \t]*`, "pr_cont(")},
	{"dev-printk-err", `dev_printk\(KERN_ERR`, replacer(`\bdev_printk\(KERN_ERR,[ \t]*`, "dev_err(")},
	{"dev-printk-warning", `dev_printk\(KERN_WARNING`, replacer(`\bdev_printk\(KERN_WARNING,[ \t]*`, "dev_warn(")},
	{"kmalloc-array", `kmalloc\(`, replacer(`\bkmalloc\(([A-Za-z_][\w.>-]*|\d+) \* (sizeof\s*\([^()]*\)),`, "kmalloc_array($1, $2,")},
	{"kcalloc", `kzalloc\(`, replacer(`\bkzalloc\(([A-Za-z_][\w.>-]*|\d+) \* (sizeof\s*\([^()]*\)),`, "kcalloc($1, $2,")},
	{"kzalloc-memset", `memset\(`, kzallocForMemset},
	{"func-name", `__FUNCTION__`, replacer(`\b__FUNCTION__\b`, "__func__")},
}

// TestKernelRewrites runs realistic rewrites over real files of the Linux
// 6.1 tree, repairs them with Fix, refuses what Introduced still objects to
// (as exec --check does), and then asks the tree's own checkpatch.pl
// --strict: the patches must add no finding that the old lines of the same
// hunk did not have, and Check must report what checkpatch.pl reports for
// every type it implements, on the patches and on their reverses (which
// show the old kernel lines as added).
func TestKernelRewrites(t *testing.T) {
	tree := testutil.KernelTree(t)
	script := checkpatchScript(t)
	testutil.LookPath(t, "git", "git grep selects the files")
	const perRewrite = 8
	impl := map[string]bool{}
	for _, typ := range Types() {
		impl[typ] = true
	}
	agree, miss, extra := map[string]int{}, map[string]int{}, map[string]int{}
	for _, rw := range rewrites {
		out, err := exec.Command("git", "-C", tree, "grep", "-l", "-E", rw.grep, "--", "drivers/*.c", "sound/*.c").Output()
		if err != nil {
			t.Fatalf("%s: git grep: %v", rw.name, err)
		}
		paths := strings.Fields(string(out))
		sort.Strings(paths)
		var files, back []patch.File
		refused := 0
		for _, p := range paths {
			if len(files) == perRewrite {
				break
			}
			old, err := os.ReadFile(filepath.Join(tree, p))
			if err != nil {
				t.Fatal(err)
			}
			edited := []byte(rw.edit(string(old)))
			if bytes.Equal(edited, old) {
				continue
			}
			fixed := Fix(p, old, edited)
			if fs := Introduced(p, old, fixed, Options{Strict: true}); len(fs) > 0 {
				refused++
				t.Logf("%s: %s refused: %s", rw.name, p, strings.SplitN(fs[0].String(), "\n", 2)[0])
				continue
			}
			files = append(files, patch.File{Path: p, Old: old, New: fixed})
			back = append(back, patch.File{Path: p, Old: fixed, New: old})
		}
		if len(files) == 0 {
			t.Errorf("%s: no file to rewrite", rw.name)
			continue
		}
		fwd, rev := renderAll(t, files), renderAll(t, back)
		after := parseReport(runCheckpatch(t, []string{script, "--no-tree", "--strict", "--show-types", "-"}, fwd))
		before := parseReport(runCheckpatch(t, []string{script, "--no-tree", "--strict", "--show-types", "-"}, rev))
		for _, f := range introducedBy(after, before, hunkHeaders(fwd), hunkHeaders(rev)) {
			t.Errorf("%s: checkpatch.pl finds the patch adds %s:%s at %s: %s", rw.name, f.Level, f.Type, f.Where, f.Msg)
		}
		// Agreement is measured on both patches: the new lines, and the
		// old lines of the same hunks (real kernel code, as added lines).
		compareFindings(rw.name, Check(fwd, Options{Strict: true}).Findings, after, impl, agree, miss, extra, t)
		compareFindings(rw.name+" (reverse)", Check(rev, Options{Strict: true}).Findings, before, impl, agree, miss, extra, t)
		t.Logf("%s: %d files, %d refused, patch of %d lines", rw.name, len(files), refused, bytes.Count(fwd, []byte("\n")))
	}
	var types []string
	for typ := range impl {
		if agree[typ]+miss[typ]+extra[typ] > 0 {
			types = append(types, typ)
		}
	}
	sort.Strings(types)
	var table strings.Builder
	for _, typ := range types {
		n := agree[typ] + miss[typ] + extra[typ]
		fmt.Fprintf(&table, "%-34s %4d/%-4d %6.1f%%\n", typ, agree[typ], n, 100*float64(agree[typ])/float64(n))
		if miss[typ]+extra[typ] > 0 {
			t.Errorf("%s: %d findings of checkpatch.pl missed, %d extra", typ, miss[typ], extra[typ])
		}
	}
	t.Logf("agreement with checkpatch.pl per type:\n%s", table.String())
}

func renderAll(t *testing.T, files []patch.File) []byte {
	var b bytes.Buffer
	if err := patch.Render(&b, files, patch.Options{Driver: patch.KernelDriver}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	reportHead = regexp.MustCompile(`^(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$`)
	reportLoc  = regexp.MustCompile(`^#(\d+): (?:FILE: (\S+):(\d+):)?`)
)

// parseReport reads checkpatch --show-types output back into findings
// (level, type, message and location; the quoted lines are dropped).
func parseReport(out []byte) []Finding {
	var fs []Finding
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if m := reportHead.FindStringSubmatch(l); m != nil {
			lv := map[string]Level{"ERROR": LevelError, "WARNING": LevelWarning, "CHECK": LevelCheck}[m[1]]
			fs = append(fs, Finding{Level: lv, Type: m[2], Msg: m[3]})
			continue
		}
		if m := reportLoc.FindStringSubmatch(l); m != nil && len(fs) > 0 && fs[len(fs)-1].PatchLine == 0 {
			f := &fs[len(fs)-1]
			fmt.Sscan(m[1], &f.PatchLine)
			f.Where = strings.TrimSpace(l)
			f.File = m[2]
			if m[3] != "" {
				fmt.Sscan(m[3], &f.Line)
			}
		}
	}
	return fs
}

// introducedBy returns the findings of after (on a forward patch) that
// exceed, per file, hunk and type, those of before (on the reverse patch).
func introducedBy(after, before []Finding, fwdHunks, revHunks []int) []Finding {
	key := func(f Finding, headers []int) string {
		h := 0
		for h < len(headers) && headers[h] < f.PatchLine {
			h++
		}
		return fmt.Sprintf("%s#%d#%s", f.File, h, f.Type)
	}
	had := map[string]int{}
	for _, f := range before {
		if f.File != "" {
			had[key(f, revHunks)]++
		}
	}
	var out []Finding
	for _, f := range after {
		if f.File == "" {
			continue
		}
		if k := key(f, fwdHunks); had[k] > 0 {
			had[k]--
		} else {
			out = append(out, f)
		}
	}
	return out
}

// compareFindings counts, per implemented type, the findings Check and
// checkpatch.pl agree on (same level, type, patch line and message) and
// the ones only one of them reports.
func compareFindings(name string, native, oracle []Finding, impl map[string]bool, agree, miss, extra map[string]int, t *testing.T) {
	key := func(f Finding) string { return fmt.Sprintf("%s:%s:%d:%s", f.Level, f.Type, f.PatchLine, f.Msg) }
	want := map[string]int{}
	for _, f := range oracle {
		if impl[f.Type] {
			want[key(f)]++
		}
	}
	got := map[string]int{}
	for _, f := range native {
		got[key(f)]++
	}
	for k, n := range want {
		typ := strings.SplitN(k, ":", 3)[1]
		m := min(n, got[k])
		agree[typ] += m
		if n > m {
			miss[typ] += n - m
			t.Logf("%s: checkpatch.pl only: %s", name, k)
		}
	}
	for k, n := range got {
		typ := strings.SplitN(k, ":", 3)[1]
		if n > want[k] {
			extra[typ] += n - want[k]
			t.Logf("%s: go-edit only: %s", name, k)
		}
	}
}
