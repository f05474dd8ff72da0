package cache

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
)

// v1Name is how the previous release named an item.
func v1Name(k Key, exp time.Time) string {
	enc := base64.RawURLEncoding
	return "assume.v1." + k.Kind + "." + k.Fingerprint + "." + strconv.FormatInt(exp.Unix(), 10) + "." +
		enc.EncodeToString([]byte(k.Profile)) + "." + enc.EncodeToString([]byte(k.Role))
}

// Sessions cached by the previous release are used, listed, cleared, and
// replaced by the next Put, without decrypting anything to find them.
func TestSessionsUnderFormerNamesStillHitAndArePruned(t *testing.T) {
	old := keyring.Item{Key: v1Name(keyA, t0.Add(time.Hour)), Data: mustEncode(t, keyA.Fingerprint, session(t0.Add(time.Hour)))}
	ring := testring.New(old)
	s, clk, _ := newTestStore(ring)
	if _, ok := s.Get(keyA, 0); !ok {
		t.Fatal("a v1 item was not used")
	}
	if list, err := s.Sessions(); err != nil || len(list) != 1 || list[0].Profile != "prod" || list[0].Role != keyA.Role {
		t.Fatalf("sessions: %+v %v", list, err)
	}
	// A newer session of the key replaces it.
	s.Put(keyA, session(t0.Add(2*time.Hour)))
	keys, _ := ring.Keys()
	if len(keys) != 1 || !strings.HasPrefix(keys[0], itemPrefix) {
		t.Fatalf("after Put: %v", keys)
	}
	// An expired one is pruned on the way.
	other := Key{Kind: KindRole, Fingerprint: "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", Profile: "dev", Role: "arn:aws:iam::1:role/dev"}
	_ = ring.Set(keyring.Item{Key: v1Name(other, t0.Add(time.Minute)), Data: []byte("x")})
	clk.now = t0.Add(2 * time.Minute)
	s.forget()
	s.Get(keyA, 0)
	if keys, _ := ring.Keys(); len(keys) != 1 {
		t.Fatalf("an expired v1 item was kept: %v", keys)
	}
	// And `sessions clear PROFILE` finds v1 items by their profile.
	_ = ring.Set(keyring.Item{Key: v1Name(other, t0.Add(time.Hour)), Data: []byte("x")})
	ring.ResetCalls()
	if n, err := s.Clear("dev"); err != nil || n != 1 {
		t.Fatalf("clear dev: %d %v", n, err)
	}
	if gets := ring.Calls(testring.Get); gets != 0 {
		t.Fatalf("clearing decrypted %d items", gets)
	}
}

// A profile name and role too long for an item name in full are cached,
// hit, listed shortened, and cleared by their whole profile name only.
func TestLongProfileAndRoleAreCachedAndClearedExactly(t *testing.T) {
	ring := testring.New()
	s, _, _ := newTestStore(ring)
	long := strings.Repeat("team-platform-", 12) // 168 bytes
	k := Key{Kind: KindRole, Fingerprint: "ffffffffffffffffffffffffffffffff", Profile: long + "-prod", Role: ssoRole}
	sibling := Key{Kind: KindRole, Fingerprint: "abababababababababababababababab", Profile: long + "-dev", Role: ssoRole}
	s.Put(k, session(t0.Add(time.Hour)))
	s.Put(sibling, session(t0.Add(time.Hour)))
	keys, _ := ring.Keys()
	for _, name := range keys {
		safeName(t, name)
	}
	if _, ok := s.Get(k, 0); !ok {
		t.Fatal("a long-named session was not hit")
	}
	list, err := s.Sessions()
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions: %+v %v", list, err)
	}
	for _, l := range list {
		if !strings.HasPrefix(l.Profile, "team-platform-team-platform-") || !strings.HasSuffix(l.Profile, ellipsis) ||
			!strings.Contains(l.Role, "123456789012") || !strings.Contains(l.Role, "AdministratorAccess") {
			t.Errorf("listed as %q, %q", l.Profile, l.Role)
		}
	}
	// Both are shown alike; only the whole name tells them apart.
	if n, err := s.Clear(long); err != nil || n != 0 {
		t.Fatalf("clear of a prefix removed %d (%v)", n, err)
	}
	if n, err := s.Clear(k.Profile); err != nil || n != 1 {
		t.Fatalf("clear %s: %d %v", k.Profile, n, err)
	}
	s.forget()
	if _, ok := s.Get(sibling, 0); !ok {
		t.Fatal("clearing one profile removed the other")
	}
}
