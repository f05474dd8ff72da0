// Package recent is the list of recently used profiles, latest first:
// the picker orders by it, and every run a person starts adds to it.
package recent

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/assume-cli/assume/pkg/privdir"
)

// maxRecent bounds the MRU file: the picker only needs the top of it.
const maxRecent = 20

// Read returns the profile names, latest first. A missing or
// unreadable file is an empty list: ordering is a convenience. So is a
// file in a directory that is not private: someone else's list.
func Read(path string) []string {
	if privdir.Check(filepath.Dir(path)) != nil {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || seen[line] || len(out) == maxRecent {
			continue
		}
		seen[line] = true
		out = append(out, line)
	}
	return out
}

// Remember moves profile to the front of the MRU file, written
// 0600 through a rename so a concurrent reader never sees half a file.
// Names are single lines (INI headers cannot hold a newline); anything
// else is not recorded.
func Remember(path, profile string) error {
	if profile == "" || strings.ContainsAny(profile, "\r\n") {
		return nil
	}
	old := Read(path)
	if len(old) > 0 && old[0] == profile {
		return nil // the common case costs one read and no write
	}
	list := []string{profile}
	for _, n := range old {
		if n != profile && len(list) < maxRecent {
			list = append(list, n)
		}
	}
	dir := filepath.Dir(path)
	if err := privdir.Ensure(dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".recent-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	if _, err := tmp.WriteString(strings.Join(list, "\n") + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
