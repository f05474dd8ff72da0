package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRememberProfileKeepsLatestFirstPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "assume", "recent")
	for _, p := range []string{"a", "b", "c", "a", "a"} {
		if err := rememberProfile(path, p); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := readRecent(path), []string{"a", "c", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recent = %q, want %q", got, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(path))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", di.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestRememberProfileIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recent")
	for i := 0; i < maxRecent+15; i++ {
		if err := rememberProfile(path, strings.Repeat("p", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	got := readRecent(path)
	if len(got) != maxRecent || got[0] != strings.Repeat("p", maxRecent+15) {
		t.Errorf("got %d names, first %q", len(got), got[0])
	}
}

func TestReadRecentToleratesJunk(t *testing.T) {
	dir := t.TempDir()
	if got := readRecent(filepath.Join(dir, "missing")); got != nil {
		t.Errorf("missing file: %q", got)
	}
	path := filepath.Join(dir, "recent")
	if err := os.WriteFile(path, []byte("x\n\nx\ny"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := readRecent(path), []string{"x", "y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recent = %q, want %q", got, want)
	}
	if err := rememberProfile(path, "evil\nline"); err != nil {
		t.Fatal(err)
	}
	if got := readRecent(path); len(got) != 2 {
		t.Errorf("a name with a newline was recorded: %q", got)
	}
}

func TestRecentFileFollowsXDGStateHome(t *testing.T) {
	d := &deps{Getenv: mapEnv(map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"})}
	if got := recentFile(d); got != "/s/assume/recent" {
		t.Errorf("recentFile = %q", got)
	}
	d = &deps{Getenv: mapEnv(map[string]string{"HOME": "/h"})}
	if got := recentFile(d); got != "/h/.local/state/assume/recent" {
		t.Errorf("recentFile = %q", got)
	}
}

// mapEnv is a Getenv over a fixed map.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
