package credserver

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func newTestRenewer(src Source, c *clock) *renewer {
	return &renewer{source: src, margin: 15 * time.Minute, now: c.now, ctx: context.Background()}
}

func TestRenewerServesFreshCredentialsAndRenewsInsideTheMargin(t *testing.T) {
	base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &clock{t: base}
	var calls atomic.Int32
	r := newTestRenewer(func(context.Context) (creds.Credentials, error) {
		n := calls.Add(1)
		return sessionCreds("ASIA"+string(rune('A'+n)), c.now().Add(time.Hour)), nil
	}, c)
	r.current, r.have = sessionCreds("ASIAFIRST", base.Add(time.Hour)), true

	for _, step := range []struct {
		at    time.Duration
		akid  string
		calls int32
	}{
		{0, "ASIAFIRST", 0},
		{44 * time.Minute, "ASIAFIRST", 0},         // 16 min left: still served
		{45*time.Minute + time.Second, "ASIAB", 1}, // under 15 min: renewed
		{89 * time.Minute, "ASIAB", 1},
		{91 * time.Minute, "ASIAC", 2},
	} {
		c.set(base.Add(step.at))
		got, err := r.get(context.Background())
		if err != nil || got.AccessKeyID != step.akid || calls.Load() != step.calls {
			t.Fatalf("at +%s: %s, %v after %d renewals; want %s after %d", step.at, got, err, calls.Load(), step.akid, step.calls)
		}
	}
}

func TestParallelRequestsShareOneRenewal(t *testing.T) {
	base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &clock{t: base}
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	r := newTestRenewer(func(ctx context.Context) (creds.Credentials, error) {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-release
		return sessionCreds("ASIANEW", base.Add(time.Hour)), nil
	}, c)
	r.current, r.have = sessionCreds("ASIAOLD", base.Add(10*time.Minute)), true

	results := make(chan creds.Credentials, 8)
	var wg sync.WaitGroup
	ask := func() {
		defer wg.Done()
		got, err := r.get(context.Background())
		if err != nil {
			t.Error(err)
		}
		results <- got
	}
	wg.Add(8)
	go ask()
	<-started // the renewal is under way; seven more arrive during it
	for i := 0; i < 7; i++ {
		go ask()
	}
	close(release)
	wg.Wait()
	close(results)
	for got := range results {
		if got.AccessKeyID != "ASIANEW" {
			t.Errorf("a client got %s", got)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("8 parallel clients made %d renewals, want 1", n)
	}
}

func TestAClientGivingUpDoesNotAbortTheRenewal(t *testing.T) {
	base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &clock{t: base}
	release := make(chan struct{})
	var sourceCtxErr error
	r := newTestRenewer(func(ctx context.Context) (creds.Credentials, error) {
		<-release
		sourceCtxErr = ctx.Err()
		return sessionCreds("ASIANEW", base.Add(time.Hour)), nil
	}, c)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := r.get(ctx); done <- err }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the impatient client got %v", err)
	}
	close(release)
	got, err := r.get(context.Background()) // the retry shares the same renewal or its result
	if err != nil || got.AccessKeyID != "ASIANEW" || sourceCtxErr != nil {
		t.Fatalf("retry: %s, %v; the renewal's context: %v", got, err, sourceCtxErr)
	}
}

func TestFailedOrExpiredRenewalsAreErrorsAndRetried(t *testing.T) {
	base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &clock{t: base}
	answers := []func() (creds.Credentials, error){
		func() (creds.Credentials, error) { return creds.Credentials{}, errors.New("sts down") },
		func() (creds.Credentials, error) { return sessionCreds("ASIAOLD", base.Add(-time.Second)), nil },
		func() (creds.Credentials, error) { return sessionCreds("ASIAOK", base.Add(time.Hour)), nil },
	}
	n := 0
	r := newTestRenewer(func(context.Context) (creds.Credentials, error) { a := answers[n]; n++; return a() }, c)
	if _, err := r.get(context.Background()); err == nil || err.Error() != "sts down" {
		t.Fatalf("first: %v", err)
	}
	if _, err := r.get(context.Background()); !errors.Is(err, errExpired) {
		t.Fatalf("second: %v", err)
	}
	if got, err := r.get(context.Background()); err != nil || got.AccessKeyID != "ASIAOK" {
		t.Fatalf("third: %s, %v", got, err)
	}
}
