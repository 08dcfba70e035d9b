package commands

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// writeMail prints the change as a git format-patch mail.
func (o *execOptions) writeMail(w io.Writer, root string, files []patch.File) error {
	author := o.author
	if author == "" {
		var err error
		if author, err = gitIdentity(root); err != nil {
			return err
		}
	}
	date := time.Now()
	if o.patchDate != "" {
		var err error
		if date, err = parseMailDate(o.patchDate); err != nil {
			return usageErrorf("exec --date %q: %v", o.patchDate, err)
		}
	}
	body := ""
	if o.msgFile != "" {
		data, err := os.ReadFile(o.msgFile)
		if err != nil {
			return usageErrorf("exec --message-file: %v", err)
		}
		body = string(data)
	}
	subject := o.subject
	if subject == "" {
		return usageErrorf("exec --format-patch needs a subject: -m 'subsystem: what the change does'")
	}
	_, _ = body, date
	_ = w
	_ = files
	return usageErrorf("exec --format-patch: not wired yet")
}

// parseMailDate accepts RFC 2822 (as git prints) and RFC 3339 dates.
func parseMailDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want an RFC 2822 date such as %q", time.RFC1123Z)
}
