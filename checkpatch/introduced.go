package checkpatch

import (
	"bytes"
	"strings"

	"github.com/go-edit/go-edit/patch"
)

// Introduced returns the findings that an edit of the file at path, from
// old to new, adds. Both directions of the change are checked as patches
// (old to new, and new to old, which shows the old lines as added); a
// finding on the new side counts only when the same hunk's old side has
// fewer findings of its type. Problems the unchanged lines already had are
// not the edit's fault, but an unchanged line the edit breaks (a
// continuation line left misaligned after its opening line changed) is.
func Introduced(path string, old, new []byte, opt Options) []Finding {
	if bytes.Equal(old, new) {
		return nil
	}
	fwd, rev := render(path, old, new), render(path, new, old)
	after, before := Check(fwd, opt).Findings, Check(rev, opt).Findings
	fwdHunks, revHunks := hunkHeaders(fwd), hunkHeaders(rev)
	perHunk := len(fwdHunks) == len(revHunks)
	key := func(f Finding, headers []int) string {
		h := 0
		if perHunk {
			for h < len(headers) && headers[h] < f.PatchLine {
				h++
			}
		}
		return string(rune(h)) + f.Type
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
		k := key(f, fwdHunks)
		if had[k] > 0 {
			had[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}

// render is the git diff of one file's change, with the kernel's function
// names in hunk headers (which EMBEDDED_FUNCTION_NAME relies on).
func render(path string, old, new []byte) []byte {
	var b bytes.Buffer
	// Writing to a bytes.Buffer cannot fail, and Render has no other error.
	_ = patch.Render(&b, []patch.File{{Path: path, Old: old, New: new}}, patch.Options{Driver: patch.KernelDriver})
	return b.Bytes()
}

// hunkHeaders returns the 1-based patch lines of the "@@" headers.
func hunkHeaders(p []byte) []int {
	var out []int
	for i, l := range strings.Split(string(p), "\n") {
		if strings.HasPrefix(l, "@@ ") {
			out = append(out, i+1)
		}
	}
	return out
}
