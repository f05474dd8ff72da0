package credserver

import (
	"os"
	"path/filepath"
	"runtime"
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
	parent := t.TempDir()
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
	if _, err := WriteTokenFile(wide, "", "x"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(wide); fi.Mode().Perm() != 0o700 {
		t.Errorf("a directory open to others was left %v", fi.Mode().Perm())
	}
	link := filepath.Join(parent, "link")
	if err := os.Symlink(wide, link); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteTokenFile(parent, "link", "x"); err == nil {
		t.Error("a symlinked token directory was accepted")
	}
}
