package commands

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-edit/go-edit/patch"
)

// gitConfigFiles lists the git configuration files that exist, in the
// order git reads them (system, global, the tree's own); later ones win.
func gitConfigFiles(root string) []string {
	var files []string
	home, _ := os.UserHomeDir()
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	candidates := []string{"/etc/gitconfig"}
	if xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "git", "config"))
	}
	if home != "" {
		candidates = append(candidates, filepath.Join(home, ".gitconfig"))
	}
	candidates = append(candidates, filepath.Join(root, ".git", "config"))
	for _, f := range candidates {
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	return files
}

// gitIdentity returns "Name <email>" as git would for an author: from
// GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else user.name/user.email of the
// configuration files. go-edit cannot run git itself (the sandbox forbids
// running programs), so it reads the files.
func gitIdentity(root string) (string, error) {
	name, email := "", ""
	for _, f := range gitConfigFiles(root) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if v, ok := gitConfigValue(data, "user", "name"); ok {
			name = v
		}
		if v, ok := gitConfigValue(data, "user", "email"); ok {
			email = v
		}
	}
	if v := os.Getenv("GIT_AUTHOR_NAME"); v != "" {
		name = v
	}
	if v := os.Getenv("GIT_AUTHOR_EMAIL"); v != "" {
		email = v
	}
	if name == "" || email == "" {
		return "", usageErrorf("exec --format-patch: no author: give --author 'Name <email>' or set user.name and user.email in git's configuration")
	}
	return fmt.Sprintf("%s <%s>", name, email), nil
}

// gitConfigValue finds the last value of section.key in a git config file
// (the subset of the format identities use: [section], key = value, quoted
// values, # and ; comments).
func gitConfigValue(data []byte, section, key string) (string, bool) {
	var value string
	found, in := false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			name := strings.TrimSpace(strings.Trim(line, "[]"))
			in = strings.EqualFold(name, section)
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !in || !ok || !strings.EqualFold(strings.TrimSpace(k), key) {
			continue
		}
		v = strings.TrimSpace(v)
		if i := strings.IndexAny(v, "#;"); i >= 0 && !strings.HasPrefix(v, `"`) {
			v = strings.TrimSpace(v[:i])
		}
		value, found = strings.Trim(v, `"`), true
	}
	return value, found
}

// writeMail prints the change as a git format-patch mail, or with --split
// writes a numbered series, one patch per subsystem directory, with a cover
// letter into the -o directory.
func (o *execOptions) writeMail(w io.Writer, root, version string, files []patch.File) error {
	m, err := o.mail(root, version)
	if err != nil {
		return err
	}
	if !o.split {
		return patch.FormatPatch(w, files, m)
	}
	var series []patch.Patch
	for _, g := range groupBySubsystem(files) {
		pm := m
		pm.Subject = g.prefix + ": " + m.Subject
		series = append(series, patch.Patch{Mail: pm, Files: g.files})
	}
	var buf bytes.Buffer
	if err := patch.FormatSeries(&buf, &m, series); err != nil {
		return err
	}
	return writeSeries(o.outDir, buf.Bytes(), m, series, w)
}

// mail assembles the commit information from the flags and git's
// configuration.
func (o *execOptions) mail(root, version string) (patch.Mail, error) {
	m := patch.Mail{Subject: o.subject, Date: time.Now(), From: o.author, Signature: "go-edit " + version}
	if m.Subject == "" {
		return m, usageErrorf("exec --format-patch needs a subject: -m 'subsystem: what the change does'")
	}
	if o.patchDate != "" {
		d, err := patch.ParseDate(o.patchDate)
		if err != nil {
			return m, usageErrorf("exec --date %q: %v", o.patchDate, err)
		}
		m.Date = d
	}
	if o.msgFile != "" {
		data, err := os.ReadFile(o.msgFile)
		if err != nil {
			return m, usageErrorf("exec --message-file: %v", err)
		}
		m.Body = string(data)
	}
	if m.From == "" {
		id, err := gitIdentity(root)
		if err != nil {
			return m, err
		}
		m.From = id
	}
	if o.signOff {
		m.SignedOffBy = []string{m.From}
	}
	return m, nil
}

// subsystemGroup is the part of a change that goes into one patch of a
// --split series.
type subsystemGroup struct {
	dir    string // drivers/net, fs, ...
	prefix string // the subject prefix: the directory's last element
	files  []patch.File
}

// deepTops are the top-level directories whose subsystems are one level
// further down (drivers/net, arch/x86, sound/soc, ...).
var deepTops = map[string]bool{"drivers": true, "arch": true, "sound": true, "include": true, "tools": true, "Documentation": true, "samples": true}

// groupBySubsystem splits files by subsystem directory, in path order.
func groupBySubsystem(files []patch.File) []subsystemGroup {
	var groups []subsystemGroup
	index := map[string]int{}
	for _, f := range files {
		parts := strings.Split(f.Path, "/")
		n := 1
		if deepTops[parts[0]] {
			n = 2
		}
		if len(parts) <= n {
			n = len(parts) - 1
		}
		dir := strings.Join(parts[:n], "/")
		i, ok := index[dir]
		if !ok {
			prefix := "treewide"
			if n > 0 {
				prefix = parts[n-1]
			}
			i = len(groups)
			index[dir] = i
			groups = append(groups, subsystemGroup{dir: dir, prefix: prefix})
		}
		groups[i].files = append(groups[i].files, f)
	}
	sort.SliceStable(groups, func(a, b int) bool { return groups[a].dir < groups[b].dir })
	return groups
}

// writeSeries cuts a rendered series at its mbox "From " lines and writes
// each mail to DIR/NNNN-subject.patch, as git format-patch -o does, then
// lists the files on w. The files appear only when all were written.
func writeSeries(dir string, mbox []byte, cover patch.Mail, series []patch.Patch, w io.Writer) error {
	sep := []byte("\nFrom 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n")
	var mails [][]byte
	for len(mbox) > 0 {
		i := bytes.Index(mbox, sep)
		if i < 0 {
			mails = append(mails, mbox)
			break
		}
		mails = append(mails, mbox[:i+1])
		mbox = mbox[i+1:]
	}
	if len(mails) != len(series)+1 {
		return fmt.Errorf("format-patch: cutting the series gave %d mails for %d patches", len(mails), len(series))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := []string{"0000-cover-letter.patch"}
	for i, p := range series {
		names = append(names, fmt.Sprintf("%04d-%s.patch", i+1, patchFileName(p.Mail.Subject)))
	}
	for i, name := range names {
		if err := writeFileAtomic(filepath.Join(dir, name), mails[i]); err != nil {
			return err
		}
	}
	for _, name := range names {
		fmt.Fprintln(w, filepath.Join(dir, name))
	}
	return nil
}

// patchFileName turns a subject into a file name as git format-patch does:
// runs of characters other than letters, digits, '.' and '_' become one '-',
// at most 52 characters, no leading or trailing '-' or '.'.
func patchFileName(subject string) string {
	var b strings.Builder
	dash := false
	for _, r := range subject {
		ok := r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_')
		if !ok {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	name := b.String()
	if len(name) > 52 {
		name = name[:52]
	}
	return strings.TrimRight(name, "-.")
}

// writeFileAtomic writes data to name through a temporary file in the same
// directory, so a reader never sees a partial mail.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".go-edit-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	// fchmod and fsync on the open file: what the sandbox's write calls allow.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
