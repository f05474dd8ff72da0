package cache

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/keyrings"
)

func mustKeys(t *testing.T, r keyring.Keyring) []string {
	t.Helper()
	k, err := r.Keys()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(k)
	return k
}

// A 2,560-byte limit with realistic cached credentials: a long session
// token (they reach well past 1,000 characters, and past the limit with
// session tags and source identity).
func TestChunkedStoreUnderCredentialManagerLimit(t *testing.T) {
	inner := testring.New().Limit(keyrings.WinCredMaxBlob)
	c := keyrings.SplitLargeItems(keyring.WinCredBackend, inner)
	s, _, warn := newTestStore(c)
	long := creds.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: strings.Repeat("s", 40),
		SessionToken: strings.Repeat("IQoJb3JpZ2luX2VjE", 400), Expires: t0.Add(time.Hour)}
	s.Put(keyA, long)
	if warn.Len() > 0 {
		t.Fatalf("put warned: %s", warn.String())
	}
	got, ok := s.Get(keyA, 5*time.Minute)
	if !ok || got.SessionToken != long.SessionToken || got.SecretAccessKey != long.SecretAccessKey {
		t.Fatalf("cached long session not read back: ok=%v", ok)
	}
	sessions, err := s.Sessions()
	if err != nil || len(sessions) != 1 {
		t.Fatalf("Sessions() = %v, %v; want one session (parts hidden)", sessions, err)
	}
	if n := len(mustKeys(t, inner)); n < 3 {
		t.Fatalf("a %d-byte token in %d items: expected it split", len(long.SessionToken), n)
	}
	for _, k := range mustKeys(t, inner) {
		it, _ := inner.Get(k)
		if len(it.Data) > keyrings.WinCredMaxBlob {
			t.Fatalf("item %s holds %d bytes", k, len(it.Data))
		}
	}
	if n, err := s.Clear(""); err != nil || n != 1 {
		t.Fatalf("Clear = %d, %v", n, err)
	}
	if k := mustKeys(t, inner); len(k) != 0 {
		t.Fatalf("Clear left %q behind", k)
	}
}
