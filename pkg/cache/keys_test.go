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
