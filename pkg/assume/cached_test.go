package assume

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

func (w *world) cachedAssumer(store *cache.Store, mfa MFASource) *Assumer {
	a := w.assumer(mfa)
	a.Cache = store
	a.Margin = 5 * time.Minute
	return a
}

func TestCacheHitTouchesNeitherSTSNorTheSource(t *testing.T) {
	w := newWorld(t, "")
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	plan := w.plan(t, "c", profiles.ResolveOptions{})
	first, err := w.cachedAssumer(store, nil).Run(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	calls := len(w.sts.Requests())
	noSource := w.cachedAssumer(store, nil)
	noSource.Sources = failingSources{t}
	again, err := noSource.Run(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	if again != first || len(w.sts.Requests()) != calls {
		t.Fatalf("second run was not a pure cache hit: %d new STS requests", len(w.sts.Requests())-calls)
	}
}

type failingSources struct{ t *testing.T }

func (f failingSources) Fetch(context.Context, profiles.Source) (creds.Credentials, error) {
	f.t.Fatal("source fetched on a cache hit")
	return creds.Credentials{}, nil
}

func TestSiblingRoleReusesTheSharedIntermediateHop(t *testing.T) {
	w := newWorld(t, "\n[profile b2]\nrole_arn = "+roleC+"\nsource_profile = b\nrole_session_name = sibling\n")
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	if _, err := w.cachedAssumer(store, nil).Run(context.Background(), w.plan(t, "c", profiles.ResolveOptions{})); err != nil {
		t.Fatal(err)
	}
	before := w.sts.Calls("AssumeRole")
	// b2 shares a -> b with c; only its own last hop is new.
	if _, err := w.cachedAssumer(store, nil).Run(context.Background(), w.plan(t, "b2", profiles.ResolveOptions{})); err != nil {
		t.Fatal(err)
	}
	if got := w.sts.Calls("AssumeRole") - before; got != 1 {
		t.Fatalf("sibling made %d AssumeRole calls, want 1 (a and b from the cache)", got)
	}
}

func TestOneMFACodeServesEveryRoleSharingTheDevice(t *testing.T) {
	w := newWorld(t, "\n[profile alice]\nmfa_serial = "+aliceMFA+"\n")
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	mfa := &MFAChain{Given: "111111"}
	for _, p := range []string{"mfa", "mfa2"} {
		if _, err := w.cachedAssumer(store, mfa).Run(context.Background(), w.plan(t, p, profiles.ResolveOptions{})); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if n := w.sts.Calls("GetSessionToken"); n != 1 {
		t.Fatalf("GetSessionToken calls = %d, want 1", n)
	}
}

// Plan notices (here: hop b's 12h cut to 1h) are said when STS is called,
// not on every cache hit, which may run before every shell command.
func TestNoticesOnlyWhenFetching(t *testing.T) {
	w := newWorld(t, "")
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	plan := w.plan(t, "b", profiles.ResolveOptions{})
	if len(plan.Notices) == 0 {
		t.Fatal("plan b should carry a chaining-cap notice")
	}
	if _, err := w.cachedAssumer(store, nil).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(w.notices.String(), "requesting 1h0m0s"); n != 1 {
		t.Fatalf("cold run: %d cap notices in %q", n, w.notices.String())
	}
	w.notices.Reset()
	if _, err := w.cachedAssumer(store, nil).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	if w.notices.Len() != 0 {
		t.Fatalf("cache hit printed %q", w.notices.String())
	}
}
