package keyrings

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testring"
)

func TestRoundTripLeavesNothingBehind(t *testing.T) {
	r := testring.New()
	if err := RoundTrip(r, "assume.doctor.", time.Minute); err != nil {
		t.Fatal(err)
	}
	if keys, _ := r.Inner().Keys(); len(keys) != 0 {
		t.Fatalf("left %q behind", keys)
	}
	if r.Calls(testring.Set) != 1 || r.Calls(testring.Get) != 1 || r.Calls(testring.Remove) != 1 {
		t.Fatalf("set %d, get %d, remove %d; want one each", r.Calls(testring.Set), r.Calls(testring.Get), r.Calls(testring.Remove))
	}
}

// The item is named by the caller's prefix, so the probe's and doctor's
// never look like cache items (assume.v2., assume.v1.) or stored keys (assume.keys.).
func TestRoundTripNamesItsItemWithThePrefix(t *testing.T) {
	r := testring.New()
	release := r.Block(testring.Get) // hold the trip once it has stored its item
	done := make(chan error, 1)
	go func() { done <- RoundTrip(r, probePrefix, 0) }()
	for r.Calls(testring.Get) == 0 {
		runtime.Gosched()
	}
	keys, _ := r.Inner().Keys()
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "assume.probe.") || len(keys[0]) != len("assume.probe.")+16 {
		t.Fatalf("item names %q, want assume.probe. and 16 hex digits", keys)
	}
}

func TestRoundTripReportsEachFailure(t *testing.T) {
	locked := errors.New("collection is locked")
	for _, tc := range []struct {
		name string
		ring *testring.Ring
		want string
	}{
		{"store", testring.New().Fail(locked, testring.Set), "storing a test item: collection is locked"},
		{"read", testring.New().Fail(locked, testring.Get), "reading a test item back: collection is locked"},
		{"different", testring.New().Corrupt("assume."), "read back a different test item"},
		{"remove", testring.New().Fail(locked, testring.Remove), "removing the test item assume."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := RoundTrip(tc.ring, "assume.doctor.", time.Minute)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("RoundTrip = %v, want %q", err, tc.want)
			}
		})
	}
}

// A keyring waiting on a prompt nobody answers costs the timeout, not the
// run.
func TestRoundTripGivesUpOnAHungKeyring(t *testing.T) {
	r := testring.New()
	release := r.Block(testring.Set)
	defer release()
	err := RoundTrip(r, "assume.doctor.", 10*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "no answer within 10ms") {
		t.Fatalf("RoundTrip over a hung keyring = %v", err)
	}
}
