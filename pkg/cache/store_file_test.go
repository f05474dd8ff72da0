package cache

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/keyrings"
)

// fileRing opens the real encrypted file backend in a temp dir.
func fileRing(t *testing.T) (keyring.Keyring, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kr")
	ring, used, err := keyrings.Open(fileConfig(dir, "pw"))
	if err != nil || used != keyring.FileBackend {
		t.Fatalf("open file keyring: %v (%s)", err, used)
	}
	return ring, dir
}

func fileConfig(dir, passphrase string) keyrings.Config {
	return keyrings.Config{
		Backend:    "file",
		FileDir:    dir,
		Passphrase: func() (string, error) { return passphrase, nil },
		Getenv: func(k string) string {
			if k == "ASSUME_KEYRING_PASSPHRASE" {
				return passphrase
			}
			return ""
		},
	}
}

func TestFileBackendReuseExpiryAndPruning(t *testing.T) {
	ring, dir := fileRing(t)
	s, clk, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	if c, ok := s.Get(keyA, 5*time.Minute); !ok || c.SessionToken != "token" {
		t.Fatalf("file backend miss: %v", ok)
	}
	clk.now = t0.Add(2 * time.Hour)
	if _, ok := s.Get(keyA, 0); ok {
		t.Fatal("expired session returned")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("expired item not pruned: %d files", len(entries))
	}
}

func TestFileBackendCorruptedItemIsRefetched(t *testing.T) {
	ring, dir := fileRing(t)
	s, _, warn := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d items", len(entries))
	}
	path := filepath.Join(dir, entries[0].Name())
	if err := os.WriteFile(path, []byte("eyJhbGciOi.truncated"), 0o600); err != nil {
		t.Fatal(err)
	}
	unlock, err := s.Lock(context.Background(), keyA)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, ok := s.Get(keyA, 0); ok {
		t.Fatal("corrupted item returned")
	}
	if !strings.Contains(warn.String(), "discarding") {
		t.Fatalf("no warning: %q", warn.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("corrupted item kept")
	}
}

func TestFileBackendWrongPassphraseIsAMissNotAFailure(t *testing.T) {
	ring, dir := fileRing(t)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	other, _, err := keyrings.Open(fileConfig(dir, "not-pw"))
	if err != nil {
		t.Fatal(err)
	}
	s2, _, _ := newTestStore(other)
	if _, ok := s2.Get(keyA, 0); ok {
		t.Fatal("read with the wrong passphrase")
	}
}

// An unfinished write (a writer killed during its fsync) holds a whole
// encrypted session: clearing all sessions removes it, clearing one
// profile's cannot tell whose it is and leaves a fresh one.
func TestClearingAllSessionsRemovesUnfinishedWrites(t *testing.T) {
	ring, dir := fileRing(t)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	litter := filepath.Join(dir, ".filering-tmp-123456")
	if err := os.WriteFile(litter, []byte("a whole encrypted session"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Clear("other"); err != nil || n != 0 {
		t.Fatalf("clear other: %d %v", n, err)
	}
	if _, err := os.Stat(litter); err != nil {
		t.Fatalf("a fresh unfinished write went with one profile's clear: %v", err)
	}
	if n, err := s.Clear(""); err != nil || n != 1 {
		t.Fatalf("clear all: %d %v", n, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left after clearing everything: %v", entries)
	}
}
