package testring

import (
	"errors"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/99designs/keyring"
)

func TestUnfaultedRingIsTheInnerRing(t *testing.T) {
	r := New(keyring.Item{Key: "a", Data: []byte("1")})
	if err := r.Set(keyring.Item{Key: "b", Data: []byte("2")}); err != nil {
		t.Fatal(err)
	}
	if it, err := r.Get("a"); err != nil || string(it.Data) != "1" {
		t.Fatalf("Get(a) = %q, %v", it.Data, err)
	}
	if keys, err := r.Inner().Keys(); err != nil || len(keys) != 2 {
		t.Fatalf("inner holds %q, %v", keys, err)
	}
	if err := r.Remove("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get("a"); !errors.Is(err, keyring.ErrKeyNotFound) {
		t.Fatalf("Get after Remove: %v", err)
	}
	if r.Calls(Get) != 2 || r.Calls(Set) != 1 || r.Calls(Remove) != 1 || r.Calls(Keys) != 0 {
		t.Fatalf("calls get %d set %d remove %d keys %d", r.Calls(Get), r.Calls(Set), r.Calls(Remove), r.Calls(Keys))
	}
	r.ResetCalls()
	if r.Calls(Get) != 0 {
		t.Fatal("ResetCalls kept a count")
	}
}

func TestFailOneOpOrAll(t *testing.T) {
	inner := keyring.NewArrayKeyring([]keyring.Item{{Key: "a", Data: []byte("1")}})
	r := Wrap(inner).Fail(ErrNoSpace, Set)
	if err := r.Set(keyring.Item{Key: "b"}); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Set: %v, want ENOSPC", err)
	}
	if keys, _ := inner.Keys(); len(keys) != 1 {
		t.Fatalf("a failed Set wrote: %q", keys)
	}
	if _, err := r.Get("a"); err != nil {
		t.Fatalf("Get failed with only Set faulted: %v", err)
	}
	locked := errors.New("locked")
	r.Fail(locked)
	_, e1 := r.Get("a")
	_, e2 := r.GetMetadata("a")
	_, e3 := r.Keys()
	for i, err := range []error{e1, e2, e3, r.Set(keyring.Item{Key: "c"}), r.Remove("a")} {
		if !errors.Is(err, locked) {
			t.Errorf("op %d: %v, want the fault", i, err)
		}
	}
	r.Fail(nil)
	if _, err := r.Get("a"); err != nil {
		t.Fatalf("after clearing the faults: %v", err)
	}
}

func TestBlockWaitsForRelease(t *testing.T) {
	r := New()
	release := r.Block(Keys)
	done := make(chan error, 1)
	go func() { _, err := r.Keys(); done <- err }()
	for r.Calls(Keys) == 0 {
		runtime.Gosched()
	}
	select {
	case err := <-done:
		t.Fatalf("a blocked Keys returned %v before release", err)
	default:
	}
	if _, err := r.Get("x"); !errors.Is(err, keyring.ErrKeyNotFound) {
		t.Fatalf("Get was blocked too: %v", err)
	}
	release()
	release() // idempotent
	if err := <-done; err != nil {
		t.Fatalf("released Keys: %v", err)
	}
}

func TestLimitAndCorrupt(t *testing.T) {
	r := New().Limit(4)
	if err := r.Set(keyring.Item{Key: "big", Data: []byte("12345")}); err == nil || !strings.Contains(err.Error(), "4-byte limit") {
		t.Fatalf("Set over the limit: %v", err)
	}
	for _, k := range []string{"ok.bad.1", "ok.good"} {
		if err := r.Set(keyring.Item{Key: k, Data: []byte("1234")}); err != nil {
			t.Fatal(err)
		}
	}
	r.Corrupt(".bad.")
	if it, _ := r.Get("ok.bad.1"); string(it.Data) != Garbage {
		t.Fatalf("corrupted item read %q", it.Data)
	}
	if it, _ := r.Get("ok.good"); string(it.Data) != "1234" {
		t.Fatalf("other item read %q", it.Data)
	}
	if it, _ := r.Inner().Get("ok.bad.1"); string(it.Data) != "1234" {
		t.Fatalf("Corrupt changed the stored item: %q", it.Data)
	}
}
