package cache

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
	"github.com/assume-cli/assume/pkg/creds"
)

var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func session(exp time.Time) creds.Credentials {
	return creds.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token", Expires: exp}
}

func newTestStore(ring keyring.Keyring) (*Store, *clock, *bytes.Buffer) {
	c := &clock{now: t0}
	var warn bytes.Buffer
	// A short keyring deadline keeps the hung-keyring test quick; fakes answer at once.
	return New(ring, Options{Backend: "array", Now: c.Now, Warn: &warn, KeyringTimeout: 2 * time.Second}), c, &warn
}

var keyA = Key{Kind: KindRole, Fingerprint: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Profile: "prod", Role: "arn:aws:iam::1:role/prod"}

func TestReuseWhileMoreThanTheMarginRemains(t *testing.T) {
	s, clk, _ := newTestStore(keyring.NewArrayKeyring(nil))
	s.Put(keyA, session(t0.Add(time.Hour)))
	if _, ok := s.Get(keyA, 5*time.Minute); !ok {
		t.Fatal("fresh session not reused")
	}
	clk.now = t0.Add(50 * time.Minute) // 10 min left
	if _, ok := s.Get(keyA, 5*time.Minute); !ok {
		t.Fatal("10 min left, 5 min margin: should hit")
	}
	if _, ok := s.Get(keyA, 15*time.Minute); ok {
		t.Fatal("10 min left, 15 min margin (credential_process): must refresh")
	}
	clk.now = t0.Add(time.Hour)
	if _, ok := s.Get(keyA, 0); ok {
		t.Fatal("expired credentials returned")
	}
}

func TestExpiredItemsArePrunedLazily(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, clk, _ := newTestStore(ring)
	other := keyA
	other.Fingerprint = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	s.Put(other, session(t0.Add(10*time.Minute)))
	s.Put(keyA, session(t0.Add(time.Hour)))
	clk.now = t0.Add(20 * time.Minute)
	if _, ok := s.Get(keyA, time.Minute); !ok {
		t.Fatal("miss")
	}
	keys, _ := ring.Keys()
	if len(keys) != 1 {
		t.Fatalf("expired item of another key not pruned: %v", keys)
	}
}

func TestNewerSessionReplacesOlder(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(10*time.Minute)))
	s.Put(keyA, session(t0.Add(time.Hour)))
	keys, _ := ring.Keys()
	if len(keys) != 1 || !strings.Contains(keys[0], ".") {
		t.Fatalf("items after refresh: %v", keys)
	}
	if c, ok := s.Get(keyA, 0); !ok || !c.Expires.Equal(t0.Add(time.Hour)) {
		t.Fatalf("got %v %v", c, ok)
	}
}

// Some STS implementations answer with fractional seconds; item names hold
// whole seconds. The item just written must survive its own clean-up.
func TestFractionalExpiryIsKept(t *testing.T) {
	s, _, _ := newTestStore(keyring.NewArrayKeyring(nil))
	s.Put(keyA, session(t0.Add(time.Hour+466*time.Millisecond)))
	if _, ok := s.Get(keyA, time.Minute); !ok {
		t.Fatal("session with a fractional expiry was not kept")
	}
}

func TestLongTermKeysAreNeverCached(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	s, _, _ := newTestStore(ring)
	s.Put(keyA, creds.Credentials{AccessKeyID: "AKIA", SecretAccessKey: "s"})
	if keys, _ := ring.Keys(); len(keys) != 0 {
		t.Fatalf("long-term keys stored: %v", keys)
	}
}

func TestCorruptedAndForeignItemsAreDiscardedWithAWarning(t *testing.T) {
	for name, data := range map[string][]byte{
		"garbage":         []byte("{not json"),
		"foreign":         mustEncode(t, "cccccccccccccccccccccccccccccccc", session(t0.Add(time.Hour))),
		"wrong expiry":    mustEncode(t, keyA.Fingerprint, session(t0.Add(2*time.Hour))),
		"missing secrets": []byte(`{"v":1,"fp":"` + keyA.Fingerprint + `"}`),
	} {
		t.Run(name, func(t *testing.T) {
			ring := keyring.NewArrayKeyring(nil)
			s, _, warn := newTestStore(ring)
			n := newItemName(keyA, t0.Add(time.Hour))
			_ = ring.Set(keyring.Item{Key: n.name, Data: data})
			// Unlocked, it may be another process's write in progress: a miss.
			if _, ok := s.Get(keyA, 0); ok {
				t.Fatal("bad item returned")
			}
			if keys, _ := ring.Keys(); len(keys) != 1 || warn.Len() != 0 {
				t.Fatalf("item discarded without holding its lock: %v %q", keys, warn.String())
			}
			unlock, err := s.Lock(context.Background(), keyA)
			if err != nil {
				t.Fatal(err)
			}
			defer unlock()
			if _, ok := s.Get(keyA, 0); ok {
				t.Fatal("bad item returned")
			}
			if !strings.Contains(warn.String(), "discarding an unreadable cached session") || strings.Count(warn.String(), "\n") != 1 {
				t.Fatalf("warning: %q", warn.String())
			}
			if keys, _ := ring.Keys(); len(keys) != 0 {
				t.Fatalf("bad item kept: %v", keys)
			}
			s.Put(keyA, session(t0.Add(time.Hour)))
			if _, ok := s.Get(keyA, 0); !ok {
				t.Fatal("refetched session not cached")
			}
		})
	}
}

func mustEncode(t *testing.T, fp string, c creds.Credentials) []byte {
	b, err := encodePayload(fp, c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBrokenKeyringDegradesToNoCacheWithOneWarning(t *testing.T) {
	// A keyring that is locked or gone.
	s, _, warn := newTestStore(testring.New().Fail(errors.New("collection is locked")))
	for i := 0; i < 3; i++ {
		if _, ok := s.Get(keyA, 0); ok {
			t.Fatal("hit from a broken keyring")
		}
		s.Put(keyA, session(t0.Add(time.Hour)))
	}
	if strings.Count(warn.String(), "\n") != 1 || !strings.Contains(warn.String(), "without the session cache") {
		t.Fatalf("want exactly one warning, got %q", warn.String())
	}
}

func TestSessionsAndClearNeverDecrypt(t *testing.T) {
	ring := testring.New()
	s, _, _ := newTestStore(ring)
	s.Put(keyA, session(t0.Add(time.Hour)))
	other := Key{Kind: KindMFASession, Fingerprint: "dddddddddddddddddddddddddddddddd", Profile: "base", Role: "arn:aws:iam::1:mfa/me"}
	s.Put(other, session(t0.Add(30*time.Minute)))
	ring.ResetCalls()
	list, err := s.Sessions()
	if err != nil || len(list) != 2 || list[0].Profile != "base" || list[1].Role != keyA.Role {
		t.Fatalf("sessions: %+v %v", list, err)
	}
	n, err := s.Clear("prod")
	if err != nil || n != 1 {
		t.Fatalf("clear prod: %d %v", n, err)
	}
	if gets := ring.Calls(testring.Get); gets != 0 {
		t.Fatalf("listing or clearing decrypted %d items", gets)
	}
	if list, _ := s.Sessions(); len(list) != 1 || list[0].Profile != "base" {
		t.Fatalf("after clear: %+v", list)
	}
}
