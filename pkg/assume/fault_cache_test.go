package assume

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/profiles"
)

func itemNames(t *testing.T, ring keyring.Keyring) []string {
	t.Helper()
	names, err := ring.Keys()
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// A keyring that cannot store (full disk) still yields this run's
// credentials for the whole chain, with exactly one warning, and no hop is
// fetched twice.
func TestFullKeyringStillReturnsTheChainsCredentials(t *testing.T) {
	w := newWorld(t, "")
	var warn bytes.Buffer
	// Every write fails like a full disk.
	full := testring.New().Fail(testring.ErrNoSpace, testring.Set)
	store := cache.New(full, cache.Options{Backend: "file", Warn: &warn})
	c, err := w.cachedAssumer(store, nil).Run(context.Background(), w.plan(t, "c", profiles.ResolveOptions{}))
	if err != nil {
		t.Fatalf("run over a full keyring failed: %v", err)
	}
	if got := w.whoami(t, c); !strings.Contains(got, "assumed-role/c/") {
		t.Fatalf("credentials are %q, want role c", got)
	}
	if n := w.sts.Calls("AssumeRole"); n != 3 {
		t.Fatalf("AssumeRole calls = %d, want 3", n)
	}
	if got := warn.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "no space left on device") {
		t.Fatalf("want one warning naming the full disk, got %q", got)
	}
}

// A failing hop stores nothing for itself, keeps what the hops before it
// obtained, and a sibling sharing those hops only calls STS for its own.
func TestFailedHopCachesNothingForItself(t *testing.T) {
	// c-denied: a -> b -> a role that does not trust b.
	w := newWorld(t, "\n[profile c-denied]\nrole_arn = "+roleLong+"\nsource_profile = b\n")
	ring := keyring.NewArrayKeyring(nil)
	store := cache.New(ring, cache.Options{Backend: "array"})
	_, err := w.cachedAssumer(store, nil).Run(context.Background(), w.plan(t, "c-denied", profiles.ResolveOptions{}))
	wantOneLineError(t, err, `profile "c-denied"`, "hop 3/3", "AccessDenied")
	sessions, err := store.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sessions {
		got = append(got, s.Profile)
	}
	if fmt.Sprint(got) != "[a b]" && fmt.Sprint(got) != "[b a]" {
		t.Fatalf("cached sessions %q, want hops a and b only", got)
	}
	before := w.sts.Calls("AssumeRole")
	if _, err := w.cachedAssumer(store, nil).Run(context.Background(), w.plan(t, "c", profiles.ResolveOptions{})); err != nil {
		t.Fatal(err)
	}
	if n := w.sts.Calls("AssumeRole") - before; n != 1 {
		t.Fatalf("c after c-denied made %d AssumeRole calls, want 1 (a and b cached)", n)
	}
}

// A corrupted cached hop is discarded with one warning and fetched again,
// alone: the other hops still come from the cache, and the refetched item
// is readable afterwards.
func TestCorruptedHopIsRefetchedAlone(t *testing.T) {
	w := newWorld(t, "")
	ring := keyring.NewArrayKeyring(nil)
	plan := w.plan(t, "c", profiles.ResolveOptions{})
	if _, err := w.cachedAssumer(cache.New(ring, cache.Options{}), nil).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	var finalItem string
	for _, n := range itemNames(t, ring) {
		if strings.Contains(n, "."+b64("c")+".") {
			finalItem = n
		}
	}
	if finalItem == "" {
		t.Fatalf("no item for hop c in %q", itemNames(t, ring))
	}
	fp := strings.Split(finalItem, ".")[3]

	var warn bytes.Buffer
	before := w.sts.Calls("AssumeRole")
	// Garbage for the items of the final hop.
	store := cache.New(testring.Wrap(ring).Corrupt(fp), cache.Options{Warn: &warn})
	c, err := w.cachedAssumer(store, nil).Run(context.Background(), plan)
	if err != nil {
		t.Fatalf("run over a corrupted item failed: %v", err)
	}
	if got := w.whoami(t, c); !strings.Contains(got, "assumed-role/c/") {
		t.Fatalf("credentials are %q", got)
	}
	if n := w.sts.Calls("AssumeRole") - before; n != 1 {
		t.Fatalf("%d AssumeRole calls, want 1 (only the corrupted hop)", n)
	}
	if got := warn.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "discarding an unreadable cached session") {
		t.Fatalf("want one discard warning, got %q", got)
	}
	// The replacement is sound: a plain store serves the whole chain.
	before = w.sts.Calls("AssumeRole")
	if _, err := w.cachedAssumer(cache.New(ring, cache.Options{}), nil).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	if n := w.sts.Calls("AssumeRole") - before; n != 0 {
		t.Fatalf("after the refetch, %d AssumeRole calls, want a pure cache hit", n)
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// A locked keyring and items that vanish under the reader both still give
// this run's credentials: locked with one warning, vanished silently (a
// miss is not a fault).
func TestLockedOrVanishingKeyringStillReturnsCredentials(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ring     func(keyring.Keyring) keyring.Keyring
		warnings int
	}{
		// Refuses everything, like a locked collection whose unlock was declined.
		{"locked", func(r keyring.Keyring) keyring.Keyring {
			return testring.Wrap(r).Fail(errors.New("collection is locked"))
		}, 1},
		// Lists items it no longer has (another process pruned them between
		// the listing and the read).
		{"vanishing", func(r keyring.Keyring) keyring.Keyring {
			return testring.Wrap(r).Fail(keyring.ErrKeyNotFound, testring.Get)
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "")
			ring := keyring.NewArrayKeyring(nil)
			plan := w.plan(t, "c", profiles.ResolveOptions{})
			if _, err := w.cachedAssumer(cache.New(ring, cache.Options{}), nil).Run(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			before := w.sts.Calls("AssumeRole")
			var warn bytes.Buffer
			c, err := w.cachedAssumer(cache.New(tc.ring(ring), cache.Options{Warn: &warn}), nil).Run(context.Background(), plan)
			if err != nil {
				t.Fatalf("run over a %s keyring failed: %v", tc.name, err)
			}
			if got := w.whoami(t, c); !strings.Contains(got, "assumed-role/c/") {
				t.Fatalf("credentials are %q", got)
			}
			if n := w.sts.Calls("AssumeRole") - before; n != 3 {
				t.Fatalf("%d AssumeRole calls, want 3 (nothing readable)", n)
			}
			if n := strings.Count(warn.String(), "\n"); n != tc.warnings {
				t.Fatalf("%d warnings, want %d: %q", n, tc.warnings, warn.String())
			}
		})
	}
}
