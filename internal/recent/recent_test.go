package recent

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestRememberProfileKeepsLatestFirstPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "assume", "recent")
	for _, p := range []string{"a", "b", "c", "a", "a"} {
		if err := Remember(path, p); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := Read(path), []string{"a", "c", "b"}; !reflect.DeepEqual(got, want) {
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
	path := filepath.Join(t.TempDir(), "assume", "recent")
	for i := 0; i < maxRecent+15; i++ {
		if err := Remember(path, strings.Repeat("p", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	got := Read(path)
	if len(got) != maxRecent || got[0] != strings.Repeat("p", maxRecent+15) {
		t.Errorf("got %d names, first %q", len(got), got[0])
	}
}

func TestReadToleratesJunk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "assume")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := Read(filepath.Join(dir, "missing")); got != nil {
		t.Errorf("missing file: %q", got)
	}
	path := filepath.Join(dir, "recent")
	if err := os.WriteFile(path, []byte("x\n\nx\ny"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := Read(path), []string{"x", "y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recent = %q, want %q", got, want)
	}
	if err := Remember(path, "evil\nline"); err != nil {
		t.Fatal(err)
	}
	if got := Read(path); len(got) != 2 {
		t.Errorf("a name with a newline was recorded: %q", got)
	}
}

// Another user's list is no one's ordering: in a directory others can
// write, nothing is read or written.
func TestRecentIgnoresADirectoryOthersCanWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no modes on Windows")
	}
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "recent")
	if err := os.WriteFile(path, []byte("planted\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if got := Read(path); got != nil {
		t.Errorf("read %q from a directory others can write", got)
	}
	if err := Remember(path, "prod"); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("Remember wrote into it: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "planted\n" {
		t.Errorf("the planted file became %q", b)
	}
}
