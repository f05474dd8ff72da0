package credserver

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestNewTokenIs256RandomBits(t *testing.T) {
	a, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewToken()
	if len(a) != 64 || a == b {
		t.Fatalf("tokens %q and %q", a, b)
	}
}

func TestTokenFileIsPrivateAndRemoved(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "server")
	tf, err := WriteTokenFile(parent, "", testToken)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(tf.Path)
	if err != nil || string(got) != testToken {
		t.Fatalf("token file holds %q, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{tf.Path: 0o600, filepath.Dir(tf.Path): 0o700, parent: 0o700} {
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().Perm() != want {
				t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
			}
		}
	}
	other, err := WriteTokenFile(parent, "", testToken)
	if err != nil || other.Path == tf.Path {
		t.Fatalf("a second run shares %s (%v)", other.Path, err)
	}
	if err := tf.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(tf.Path)); !os.IsNotExist(err) {
		t.Fatalf("the token directory outlived Remove: %v", err)
	}
}

func TestFixedTokenFileIsReplacedByTheNextRun(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "server")
	first, err := WriteTokenFile(parent, "port-8123", "first-token")
	if err != nil {
		t.Fatal(err)
	}
	second, err := WriteTokenFile(parent, "port-8123", "second-token")
	if err != nil || second.Path != first.Path {
		t.Fatalf("paths %s and %s: %v", first.Path, second.Path, err)
	}
	if got, _ := os.ReadFile(second.Path); string(got) != "second-token" {
		t.Fatalf("token file holds %q", got)
	}
	if runtime.GOOS == "windows" {
		return
	}
	wide := filepath.Join(parent, "wide")
	if err := os.Mkdir(wide, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(wide, 0o755); err != nil {
		t.Fatal(err)
	}
	// Refused, not narrowed: while it was open, anything could be put in it.
	if _, err := WriteTokenFile(wide, "", "x"); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("a directory open to others was used: %v", err)
	}
	if entries, _ := os.ReadDir(wide); len(entries) != 0 {
		t.Errorf("wrote %v into it", entries)
	}
	link := filepath.Join(parent, "link")
	if err := os.Symlink(wide, link); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteTokenFile(parent, "link", "x"); err == nil {
		t.Error("a symlinked token directory was accepted")
	}
}
