package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
	"github.com/assume-cli/assume/internal/testring"
	"github.com/assume-cli/assume/pkg/keyrings"

	"github.com/99designs/keyring"
)

// fullDisk is a keyring on a full disk: reads and listings work, every
// write fails with ENOSPC as a file write would.
func fullDisk(ring keyring.Keyring) keyring.Keyring {
	return testring.Wrap(ring).Fail(fmt.Errorf("write keyring item: %w", testring.ErrNoSpace), testring.Set)
}

// TestFullDiskDegradesWithOneWarning: a failed write turns the cache off
// for the run with one warning naming the cause; later writes and reads of
// the same run neither warn again nor fail.
func TestFullDiskDegradesWithOneWarning(t *testing.T) {
	s, _, warn := newTestStore(fullDisk(keyring.NewArrayKeyring(nil)))
	other := keyA
	other.Fingerprint = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	for _, k := range []Key{keyA, other, keyA} {
		if _, ok := s.Get(k, 0); ok {
			t.Fatal("hit from an empty keyring")
		}
		s.Put(k, session(t0.Add(time.Hour)))
	}
	w := warn.String()
	if strings.Count(w, "\n") != 1 || !strings.Contains(w, "no space left on device") || !strings.Contains(w, "without the session cache") {
		t.Fatalf("want one warning naming the full disk, got %q", w)
	}
}

// TestFullDiskKeepsEarlierItemsReadable: items written before the disk
// filled up are still served by a later run.
func TestFullDiskKeepsEarlierItemsReadable(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	full, _, warn := newTestStore(fullDisk(ring))
	if c, ok := full.Get(keyA, time.Minute); !ok || c.SessionToken != "token" {
		t.Fatal("a session cached before the disk filled up was not served")
	}
	if warn.Len() != 0 {
		t.Fatalf("a read warned: %q", warn.String())
	}
}

// fillUp writes to dir until the filesystem is full.
func fillUp(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the tmpfs: %v", err)
			}
			return
		}
	}
}

// TestFileBackendOnAFullDisk uses the real encrypted file backend on a
// real full filesystem: the write fails with ENOSPC, the store warns once
// and turns itself off, no half-written temporary file is left behind, and
// the items written before are still read.
func TestFileBackendOnAFullDisk(t *testing.T) {
	dir := filepath.Join(testenv.MountTmpfs(t, "size=64k,mode=0700"), "kr")
	ring, used, err := keyrings.Open(fileConfig(dir, "pw"))
	if err != nil || used != keyring.FileBackend {
		t.Fatalf("open file keyring: %v (%s)", err, used)
	}
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	fillUp(t, filepath.Dir(dir))

	full, _, warn := newTestStore(ring)
	other := keyA
	other.Fingerprint = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	full.Put(other, session(t0.Add(time.Hour)))
	full.Put(other, session(t0.Add(2*time.Hour)))
	w := warn.String()
	if strings.Count(w, "\n") != 1 || !strings.Contains(w, "no space left on device") {
		t.Fatalf("want one warning naming the full disk, got %q", w)
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 {
		t.Fatalf("keyring dir holds %v, want only the item written before the disk filled up", names)
	}
	if c, ok := New(ring, Options{Now: func() time.Time { return t0 }}).Get(keyA, time.Minute); !ok || c.SessionToken != "token" {
		t.Fatal("the item written before the disk filled up is no longer served")
	}
}

// TestHungKeyringDoesNotHangTheRun: a keyring call that never returns must
// cost at most a bounded wait and one warning, then the run goes on
// without the cache.
func TestHungKeyringDoesNotHangTheRun(t *testing.T) {
	// A keyring whose listing never returns, like a Secret Service waiting
	// on an unlock prompt nobody answers, or a wedged D-Bus.
	ring := testring.New()
	release := ring.Block(testring.Keys)
	defer release()
	s, _, warn := newTestStore(ring)
	done := make(chan bool, 1)
	go func() {
		_, ok := s.Get(keyA, 0)
		s.Put(keyA, session(t0.Add(time.Hour)))
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("hit from a hung keyring")
		}
		if !strings.Contains(warn.String(), "without the session cache") {
			t.Fatalf("no warning: %q", warn.String())
		}
	case <-time.After(time.Minute): // hang guard only; the fix should give up far sooner
		t.Fatal("a hung keyring hung the run")
	}
}

// TestSlowKeyringIsWaitedFor documents the behaviour for a slow (not hung)
// keyring: it is waited for, costs no warning, and still serves hits; a
// hit lists the keyring once.
func TestSlowKeyringIsWaitedFor(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	slow, _, warn := newTestStore(testring.Wrap(ring).Delay(100*time.Millisecond, testring.Keys, testring.Get))
	start := time.Now()
	if _, ok := slow.Get(keyA, time.Minute); !ok {
		t.Fatal("a slow keyring's item was not served")
	}
	if warn.Len() != 0 {
		t.Fatalf("a slow keyring warned: %q", warn.String())
	}
	t.Logf("hit over a keyring answering in 100ms: %s", time.Since(start).Round(time.Millisecond))
}

// TestAlreadyExpiredSessionIsNotStored: credentials that are expired on
// arrival (a clock far ahead of STS) are useless; storing them only fills
// `assume sessions` with "expired" lines.
func TestAlreadyExpiredSessionIsNotStored(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(-time.Minute)))
	if keys, _ := ring.Keys(); len(keys) != 0 {
		t.Fatalf("expired session stored: %v", keys)
	}
}
