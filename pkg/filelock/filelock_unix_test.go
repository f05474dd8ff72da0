//go:build unix

package filelock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenRefusesALinkAndAHardLinkAndCreatesNothingThroughThem(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	planted := filepath.Join(dir, "planted.lock")
	if err := os.Symlink(victim, planted); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(planted); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a symbolic link at the lock's name: %v", err)
	}
	if _, err := os.Lstat(victim); !os.IsNotExist(err) {
		t.Errorf("opening the link created its target: %v", err)
	}

	mine := filepath.Join(dir, "mine")
	if err := os.WriteFile(mine, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "linked.lock")
	if err := os.Link(mine, linked); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(linked); err == nil || !strings.Contains(err.Error(), "hard links") {
		t.Errorf("a lock with a second name: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.lock"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(dir, "d.lock")); err == nil {
		t.Error("a directory at the lock's name was accepted")
	}
}

func TestTryLockExcludesAnotherOpenUntilUnlocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if st, _ := a.Stat(); st.Mode().Perm() != 0o600 {
		t.Errorf("lock file mode %v, want 0600", st.Mode().Perm())
	}
	if ok, err := TryLock(a); !ok || err != nil {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if ok, err := TryLock(b); ok || err != nil {
		t.Fatalf("a second holder got the lock: %v %v", ok, err)
	}
	Unlock(a)
	if ok, err := TryLock(b); !ok || err != nil {
		t.Fatalf("after unlock: %v %v", ok, err)
	}
}
