//go:build unix

package sso

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLockFallsBackWhenTheLockDirectoryIsNotPrivate(t *testing.T) {
	w := newWorld(t)
	shared := filepath.Join(w.dir, "shared")
	if err := os.Mkdir(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	fallback := filepath.Join(w.dir, "cache-locks")
	s := New(Config{Session: w.session(), LockDir: shared, LockFallback: fallback, Now: time.Now})
	unlock, err := s.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if names, _ := os.ReadDir(shared); len(names) != 0 {
		t.Errorf("a lock was made in a directory others can write: %v", names)
	}
	if names, _ := os.ReadDir(fallback); len(names) != 1 || !strings.HasPrefix(names[0].Name(), "sso-") {
		t.Errorf("no lock in the fallback: %v", names)
	}

	s = New(Config{Session: w.session(), LockDir: shared, Now: time.Now})
	if _, err := s.lock(context.Background()); err == nil || !strings.Contains(err.Error(), shared) {
		t.Errorf("without a fallback the shared directory must be refused, naming it: %v", err)
	}
}

func TestLockRefusesAPlantedLink(t *testing.T) {
	w := newWorld(t)
	dir := filepath.Join(w.dir, "locks")
	s := New(Config{Session: w.session(), LockDir: dir, Now: time.Now})
	unlock, err := s.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	names, _ := os.ReadDir(dir)
	if len(names) != 1 {
		t.Fatalf("locks: %v", names)
	}
	path := filepath.Join(dir, names[0].Name())
	victim := filepath.Join(w.dir, "victim")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.lock(context.Background()); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a planted link: %v", err)
	}
	if _, err := os.Lstat(victim); !os.IsNotExist(err) {
		t.Errorf("the link's target was created: %v", err)
	}
}
