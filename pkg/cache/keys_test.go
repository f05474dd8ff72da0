package cache

import (
	"strings"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
	"github.com/assume-cli/assume/pkg/creds"
)

func TestStoredKeysRoundTripAndReplace(t *testing.T) {
	ring := testring.New()
	s, _, _ := newTestStore(ring)
	if err := s.PutKeys("work.profile/x", creds.Credentials{AccessKeyID: "AKIAONE", SecretAccessKey: "s1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutKeys("work.profile/x", creds.Credentials{AccessKeyID: "AKIATWO", SecretAccessKey: "s2"}); err != nil {
		t.Fatal(err)
	}
	ring.ResetCalls()
	ids, err := s.StoredKeys()
	if err != nil || len(ids) != 1 || ids["work.profile/x"] != "AKIATWO" {
		t.Fatalf("stored keys %v %v", ids, err)
	}
	if ring.Calls(testring.Get) != 0 {
		t.Fatal("listing stored keys decrypted items")
	}
	c, err := s.GetKeys("work.profile/x", "AKIATWO")
	if err != nil || c.SecretAccessKey != "s2" || c.Temporary() {
		t.Fatalf("get: %v %v", c, err)
	}
	if found, err := s.RemoveKeys("work.profile/x"); !found || err != nil {
		t.Fatalf("remove: %v %v", found, err)
	}
	if ids, _ := s.StoredKeys(); len(ids) != 0 {
		t.Fatalf("after remove: %v", ids)
	}
}

func TestStoredKeysRejectSessionsAndListsSkipThem(t *testing.T) {
	s, _, _ := newTestStore(keyring.NewArrayKeyring(nil))
	err := s.PutKeys("p", creds.Credentials{AccessKeyID: "ASIA", SecretAccessKey: "s", SessionToken: "t"})
	if err == nil || !strings.Contains(err.Error(), "long-term") {
		t.Fatalf("session stored as long-term keys: %v", err)
	}
	_ = s.PutKeys("p", creds.Credentials{AccessKeyID: "AKIAP", SecretAccessKey: "s"})
	if list, _ := s.Sessions(); len(list) != 0 {
		t.Fatalf("long-term keys listed as sessions: %+v", list)
	}
	if n, _ := s.Clear(""); n != 0 {
		t.Fatal("sessions clear removed long-term keys")
	}
}

// Keys items carry the whole profile name: one too long for a file name
// is refused up front, with nothing written, and the longest accepted
// fits every backend.
func TestStoredKeysOfALongProfileFitOrAreRefused(t *testing.T) {
	ring := testring.New()
	s, _, _ := newTestStore(ring)
	id := "AKIAIOSFODNN7EXAMPLE"
	most := rawLen(maxItemName - len(keysPrefix) - 1 - len(id))
	if err := s.PutKeys(strings.Repeat("p", most), creds.Credentials{AccessKeyID: id, SecretAccessKey: "s"}); err != nil {
		t.Fatalf("a %d-byte profile: %v", most, err)
	}
	keys, _ := ring.Keys()
	if len(keys) != 1 || len(keys[0])+len(".gpg") > 255 {
		t.Fatalf("stored as %v", keys)
	}
	err := s.PutKeys(strings.Repeat("p", most+1), creds.Credentials{AccessKeyID: id, SecretAccessKey: "s"})
	if err == nil || !strings.Contains(err.Error(), "too long") {
		t.Fatalf("a %d-byte profile: %v", most+1, err)
	}
	if keys, _ := ring.Keys(); len(keys) != 1 {
		t.Fatalf("the refused keys were written: %v", keys)
	}
}
