package patch

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// fileStat is one line of a diffstat. For a binary file added and
// deleted are the sizes in bytes of the new and old contents.
type fileStat struct {
	name           string
	added, deleted int
	binary         bool
}

// isBinary mirrors buffer_is_binary (xdiff-interface.c): git counts a file
// with a NUL byte in its first 8000 bytes as binary in diffstats, even
// with --text.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

// stats counts added and deleted lines per changed file, with the same
// line diff Render prints.
func stats(files []File) []fileStat {
	var out []fileStat
	files = sortedFiles(files)
	for i := range files {
		f := &files[i]
		if f.unchanged() {
			continue
		}
		old, new := f.contents()
		s := fileStat{name: quotePath(f.Path)}
		if (!f.Created && isBinary(old)) || (!f.Deleted && isBinary(new)) {
			s.binary = true
			if !bytes.Equal(old, new) || f.Created || f.Deleted {
				s.added, s.deleted = len(new), len(old)
			}
			out = append(out, s)
			continue
		}
		x, y := newTexts(old, new)
		for _, c := range lineDiff(x, y, false) {
			s.added += c.n2
			s.deleted += c.n1
		}
		out = append(out, s)
	}
	return out
}

// NumStat writes one line per changed file, "added<TAB>deleted<TAB>path",
// as `git diff --numstat` does, sorted by path.
func NumStat(w io.Writer, files []File) error {
	var b strings.Builder
	for _, s := range stats(files) {
		if s.binary {
			fmt.Fprintf(&b, "-\t-\t%s\n", s.name)
			continue
		}
		fmt.Fprintf(&b, "%d\t%d\t%s\n", s.added, s.deleted, s.name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Stat writes a diffstat as `git diff --stat=width` does: a line per
// changed file with a +/- graph scaled to fit width columns (0 means 80),
// long names shortened with "...", then the summary line. It writes
// nothing when no file changed.
func Stat(w io.Writer, files []File, width int) error {
	_, err := io.WriteString(w, formatStat(stats(files), width))
	return err
}

// formatStat mirrors show_stats (diff.c, git v2.39) for text files.
func formatStat(st []fileStat, width int) string {
	if len(st) == 0 {
		return ""
	}
	if width <= 0 {
		width = 80
	}
	maxLen, maxChange, numberWidth, binWidth := 0, 0, 0, 0
	for _, s := range st {
		maxLen = max(maxLen, len(s.name))
		if s.binary {
			// "Bin XXX -> YYY bytes", numbers aligned with "Bin".
			binWidth = max(binWidth, 14+len(strconv.Itoa(s.added))+len(strconv.Itoa(s.deleted)))
			numberWidth = 3
			continue
		}
		maxChange = max(maxChange, s.added+s.deleted)
	}
	numberWidth = max(numberWidth, len(strconv.Itoa(maxChange)))
	// Leave at least 6 columns of graph and 10 of name.
	width = max(width, 16+6+numberWidth)
	graphWidth, nameWidth := maxChange, maxLen
	if maxChange+4 <= binWidth {
		graphWidth = binWidth - 4
	}
	if nameWidth+numberWidth+6+graphWidth > width {
		if graphWidth > width*3/8-numberWidth-6 {
			graphWidth = max(width*3/8-numberWidth-6, 6)
		}
		if nameWidth > width-numberWidth-6-graphWidth {
			nameWidth = width - numberWidth - 6 - graphWidth
		} else {
			graphWidth = width - numberWidth - 6 - nameWidth
		}
	}
	var b strings.Builder
	adds, dels := 0, 0
	for _, s := range st {
		if !s.binary {
			adds += s.added
			dels += s.deleted
		}
		name, prefix, l := s.name, "", nameWidth
		if nameWidth < len(name) {
			// Keep the tail, from a slash, behind "...".
			prefix = "..."
			l -= 3
			name = name[len(name)-l:]
			if i := strings.IndexByte(name, '/'); i >= 0 {
				name = name[i:]
			}
		}
		padding := max(l-len(name), 0)
		if s.binary {
			fmt.Fprintf(&b, " %s%s%*s | %*s", prefix, name, padding, "", numberWidth, "Bin")
			if s.added != 0 || s.deleted != 0 {
				fmt.Fprintf(&b, " %d -> %d bytes", s.deleted, s.added)
			}
			b.WriteByte('\n')
			continue
		}
		add, del := s.added, s.deleted
		if graphWidth <= maxChange {
			total := scaleLinear(add+del, graphWidth, maxChange)
			if total < 2 && add > 0 && del > 0 {
				total = 2
			}
			if add < del {
				add = scaleLinear(add, graphWidth, maxChange)
				del = total - add
			} else {
				del = scaleLinear(del, graphWidth, maxChange)
				add = total - del
			}
		}
		sep := ""
		if s.added+s.deleted > 0 {
			sep = " "
		}
		fmt.Fprintf(&b, " %s%s%*s | %*d%s%s%s\n", prefix, name, padding, "", numberWidth, s.added+s.deleted, sep,
			strings.Repeat("+", add), strings.Repeat("-", del))
	}
	b.WriteString(summaryLine(len(st), adds, dels))
	return b.String()
}

// scaleLinear mirrors scale_linear: any change gets at least one column.
func scaleLinear(it, width, maxChange int) int {
	if it == 0 {
		return 0
	}
	return 1 + it*(width-1)/maxChange
}

// summaryLine mirrors print_stat_summary_inserts_deletes.
func summaryLine(files, ins, del int) string {
	var b strings.Builder
	fmt.Fprintf(&b, " %d file%s changed", files, plural(files))
	if ins > 0 || del == 0 {
		fmt.Fprintf(&b, ", %d insertion%s(+)", ins, plural(ins))
	}
	if del > 0 || ins == 0 {
		fmt.Fprintf(&b, ", %d deletion%s(-)", del, plural(del))
	}
	b.WriteByte('\n')
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
