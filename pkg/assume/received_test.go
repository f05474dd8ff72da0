package assume

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/profiles"
)

var expirationElement = regexp.MustCompile(`<Expiration>[^<]*</Expiration>`)

// rewritingSTS is the strict fake STS with every answer passed through
// rewrite: an endpoint that signs nothing wrong but lies about expiry.
func rewritingSTS(t *testing.T, s *fakests.Server, rewrite func(string) string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		fmt.Fprint(w, rewrite(rec.Body.String()))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// year9999World is newWorld whose STS answers every expiry as year 9999,
// with a fixed local clock and a cache.
func year9999World(t *testing.T, extra string, rewrite func(string) string) (*world, *Assumer, *cache.Store, time.Time) {
	t.Helper()
	w := newWorld(t, extra)
	client, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: rewritingSTS(t, w.sts, rewrite), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.client = client
	now := time.Now().UTC().Truncate(time.Second)
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	a := w.cachedAssumer(store, &MFAChain{Given: "111111"})
	a.Now = func() time.Time { return now }
	return w, a, store, now
}

func to9999(body string) string {
	return expirationElement.ReplaceAllString(body, "<Expiration>9999-12-31T23:59:59Z</Expiration>")
}

func TestAbsurdExpiryFromAssumeRoleIsClampedBeforeCaching(t *testing.T) {
	w, a, store, now := year9999World(t, "", to9999)
	// a asks 12h from long-term keys; b and c are chained, so 1h each.
	c, err := a.Run(context.Background(), w.plan(t, "c", profiles.ResolveOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(time.Hour + expirySkew); !c.Expires.Equal(want) {
		t.Fatalf("final credentials expire %s, want %s (call time + 1h asked + skew)", c.Expires, want)
	}
	want := map[string]time.Time{
		roleA: now.Add(12*time.Hour + expirySkew),
		roleB: now.Add(time.Hour + expirySkew),
		roleC: now.Add(time.Hour + expirySkew),
	}
	sessions, err := store.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != len(want) {
		t.Fatalf("%d cached sessions, want %d: %+v", len(sessions), len(want), sessions)
	}
	for _, s := range sessions {
		if exp, ok := want[s.Role]; !ok || !s.Expires.Equal(exp) {
			t.Errorf("cached %s expires %s, want %s", s.Role, s.Expires, exp)
		}
	}
}

func TestAbsurdExpiryFromGetSessionTokenIsClampedBeforeCaching(t *testing.T) {
	w, a, store, now := year9999World(t, "\n[profile alice]\nmfa_serial = "+aliceMFA+"\n", to9999)
	if _, err := a.Run(context.Background(), w.plan(t, "mfa", profiles.ResolveOptions{})); err != nil {
		t.Fatal(err)
	}
	sessions, err := store.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sessions {
		if s.Role == roleMFA {
			continue
		}
		found = true // the MFA session: GetSessionToken's default 12h
		if want := now.Add(12*time.Hour + expirySkew); !s.Expires.Equal(want) {
			t.Errorf("cached MFA session expires %s, want %s", s.Expires, want)
		}
	}
	if !found {
		t.Fatalf("no MFA session cached: %+v", sessions)
	}
}

func TestMissingExpiryFromSTSIsTakenAsTheDurationAsked(t *testing.T) {
	w, a, store, now := year9999World(t, "", func(body string) string { return expirationElement.ReplaceAllString(body, "") })
	c, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(12 * time.Hour); !c.Expires.Equal(want) {
		t.Fatalf("credentials without an expiry were given %s, want %s", c.Expires, want)
	}
	sessions, _ := store.Sessions()
	if len(sessions) != 1 || !sessions[0].Expires.Equal(now.Add(12*time.Hour)) {
		t.Fatalf("cached: %+v", sessions)
	}
}

func TestAbsurdExpiryFromASourceIsClampedToTheLongestAWSSession(t *testing.T) {
	w := newWorld(t, "")
	sess := w.sts.Issue(aliceARN, true)
	proc := fmt.Sprintf(`printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s","SessionToken":"%s","Expiration":"9999-12-31T23:59:59Z"}'`,
		sess.AccessKeyID, sess.SecretAccessKey, sess.SessionToken)
	cfg, err := profiles.LoadBytes("config", []byte("[profile src]\ncredential_process = "+proc+"\n"), "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	now := time.Now().UTC().Truncate(time.Second)
	a := w.assumer(nil)
	a.Now = func() time.Time { return now }
	c, err := a.Run(context.Background(), w.plan(t, "src", profiles.ResolveOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(maxSourceLifetime); !c.Expires.Equal(want) {
		t.Fatalf("source credentials expire %s, want %s", c.Expires, want)
	}
}
