package cache

import (
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/creds"
)

// fakeHot is a Hot that keeps copies in a map.
type fakeHot struct {
	items   map[string][]byte
	cleared int
}

func (h *fakeHot) Put(name string, data []byte, _ time.Time) error {
	h.items[name] = append([]byte(nil), data...)
	return nil
}
func (h *fakeHot) Remove(name string) error { delete(h.items, name); return nil }
func (h *fakeHot) Clear() error             { h.items = map[string][]byte{}; h.cleared++; return nil }

func hotStore(ring keyring.Keyring) (*Store, *fakeHot, *clock, *int) {
	c := &clock{now: t0}
	hot := &fakeHot{items: map[string][]byte{}}
	changes := 0
	s := New(ring, Options{Backend: "array", Now: c.Now, Hot: hot, OnChange: func() { changes++ }})
	return s, hot, c, &changes
}

func TestTheHotTierFollowsTheKeyring(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, hot, clk, changes := hotStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	if len(hot.items) != 1 || *changes != 1 {
		t.Fatalf("after a put: %d hot copies, %d changes", len(hot.items), *changes)
	}
	// Another run, another login session's empty hot tier: a hit copies the item.
	s2, hot2, _, changes2 := hotStore(ring)
	if _, ok := s2.Get(keyA, time.Minute); !ok {
		t.Fatal("no hit")
	}
	hit, ok := s2.HitFor(keyA)
	if !ok || len(hot2.items) != 1 || hot2.items[hit.Name] == nil || *changes2 != 0 || s2.Changed() {
		t.Fatalf("hit %+v %v: %d hot copies, %d changes, changed %v", hit, ok, len(hot2.items), *changes2, s2.Changed())
	}
	item, _ := ring.Get(hit.Name)
	if string(hot2.items[hit.Name]) != string(item.Data) || !hit.Expires.Equal(t0.Add(time.Hour)) || hit.Fingerprint != keyA.Fingerprint {
		t.Error("the hot copy or the hit differ from the keyring's item")
	}
	// A newer session replaces the old one, in the keyring and the hot tier.
	clk.now = t0.Add(58 * time.Minute)
	s.Put(keyA, creds.Credentials{AccessKeyID: "ASIANEW", SecretAccessKey: "s", SessionToken: "t", Expires: t0.Add(2 * time.Hour)})
	if _, old := hot.items[hit.Name]; old || len(hot.items) != 1 {
		t.Errorf("the replaced session's hot copy stayed: %d copies", len(hot.items))
	}
	if _, err := s.Clear(""); err != nil {
		t.Fatal(err)
	}
	if hot.cleared != 1 || len(hot.items) != 0 || !s.Changed() {
		t.Errorf("Clear left %d hot copies (cleared %d times)", len(hot.items), hot.cleared)
	}
	if _, ok := s2.HitFor(Key{Kind: KindRole, Fingerprint: "other"}); ok {
		t.Error("HitFor answered for a key never read")
	}
}

func TestKeyChangesAreChanges(t *testing.T) {
	s, _, _, changes := hotStore(keyring.NewArrayKeyring(nil))
	if err := s.PutKeys("alice", creds.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s"}); err != nil {
		t.Fatal(err)
	}
	after := *changes
	if after == 0 {
		t.Fatal("storing keys changed nothing")
	}
	if found, err := s.RemoveKeys("alice"); err != nil || !found || *changes == after {
		t.Errorf("removing keys: found %v, %v, changes %d", found, err, *changes)
	}
}
