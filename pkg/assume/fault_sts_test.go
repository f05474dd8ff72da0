package assume

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/assume-cli/assume/pkg/profiles"
)

// wantOneLineError fails unless err is a single-line message containing every want.
func wantOneLineError(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
}

// Server errors are retried like throttling: a transient 500 or 503 is
// invisible to the user.
func TestServerErrorsAreRetried(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
	}{
		{http.StatusInternalServerError, "InternalFailure"},
		{http.StatusServiceUnavailable, "ServiceUnavailable"},
		{http.StatusBadRequest, "Throttling"},
		{http.StatusBadRequest, "RequestLimitExceeded"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			w := newWorld(t, "")
			w.sts.FailNext(2, tc.status, tc.code, "try again")
			a := w.assumer(nil)
			a.Timeout = time.Minute // jittered backoff: allow for slow draws
			if _, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{})); err != nil {
				t.Fatalf("failed twice with %d %s, then should succeed: %v", tc.status, tc.code, err)
			}
			if n := w.sts.Calls("AssumeRole"); n != 3 {
				t.Fatalf("AssumeRole calls = %d, want 3 (2 failed + 1)", n)
			}
		})
	}
}

// Retries are bounded: STS that keeps throttling gives a one-line error
// with the AWS code and a hint after exactly MaxAttempts calls.
func TestPersistentThrottlingGivesUpWithAHint(t *testing.T) {
	w := newWorld(t, "") // MaxAttempts 3
	w.sts.FailNext(100, http.StatusBadRequest, "Throttling", "Rate exceeded")
	a := w.assumer(nil)
	a.Timeout = time.Minute
	_, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
	wantOneLineError(t, err, `profile "a"`, "hop 1/1", "Throttling: Rate exceeded", "kept failing after retries")
	if n := w.sts.Calls("AssumeRole"); n != 3 {
		t.Fatalf("AssumeRole calls = %d, want MaxAttempts = 3", n)
	}
}

// Errors a retry cannot fix are not retried: a denied role is one call.
func TestAccessDeniedIsNotRetried(t *testing.T) {
	w := newWorld(t, "\n[profile denied]\nrole_arn = "+roleB+"\nsource_profile = alice\n")
	_, err := w.run(t, "denied", nil)
	wantOneLineError(t, err, `profile "denied"`, "AccessDenied")
	if n := w.sts.Calls("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole calls = %d, want 1", n)
	}
}

// The client is built with the SDK's standard retryer tuned for a person
// waiting: the default client makes 4 attempts, retries throttling and
// 5xx, and its backoff is jittered and capped at 2 s.
func TestRetryerIsJitteredAndCapped(t *testing.T) {
	c, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Config().Retryer()
	if n := r.MaxAttempts(); n != 4 {
		t.Fatalf("MaxAttempts = %d, want 4", n)
	}
	throttle := &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"}
	if !r.IsErrorRetryable(throttle) {
		t.Fatal("Throttling is not retryable")
	}
	if _, ok := r.(*retry.Standard); !ok {
		t.Fatalf("retryer is %T, want the SDK's standard retryer", r)
	}
	// Every retry draws its own delay (no lockstep retries), the range
	// grows with the attempt (backoff) and never exceeds 2 s.
	prevMean := time.Duration(0)
	for attempt := 1; attempt <= 8; attempt++ {
		seen := map[time.Duration]bool{}
		var sum time.Duration
		const draws = 200
		for i := 0; i < draws; i++ {
			d, err := r.RetryDelay(attempt, throttle)
			if err != nil {
				t.Fatal(err)
			}
			if d <= 0 || d > 2*time.Second {
				t.Fatalf("attempt %d: delay %s outside (0, 2s]", attempt, d)
			}
			seen[d] = true
			sum += d
		}
		if len(seen) < draws/2 {
			t.Fatalf("attempt %d: only %d distinct delays in %d draws: not jittered", attempt, len(seen), draws)
		}
		mean := sum / draws
		if attempt <= 3 && mean <= prevMean {
			t.Fatalf("attempt %d: mean delay %s not above the previous attempt's %s: no backoff", attempt, mean, prevMean)
		}
		prevMean = mean
	}
}

// A hung STS at the per-call timeout: the error says it was the timeout and
// names the endpoint, and a retryable failure never stretches a call past
// the timeout (the retries share the call's deadline).
func TestThrottlingThenHangIsCutAtTheTimeout(t *testing.T) {
	w := newWorld(t, "")
	w.sts.FailNext(1, http.StatusBadRequest, "Throttling", "Rate exceeded")
	w.sts.SetDelay(time.Minute)
	a := w.assumer(nil)
	a.Timeout = 300 * time.Millisecond
	a.Endpoint = w.sts.URL()
	done := make(chan error, 1)
	go func() {
		_, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
		done <- err
	}()
	select {
	case err := <-done:
		wantOneLineError(t, err, `profile "a"`, "timeout", w.sts.URL())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err does not wrap the deadline: %v", err)
		}
	case <-time.After(30 * time.Second): // hang guard only
		t.Fatal("a hung STS was not cut at the 300ms timeout")
	}
}

// closedPort returns a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	return url
}

// Connection and DNS failures name the endpoint in the one-line error.
func TestUnreachableEndpointIsNamed(t *testing.T) {
	for name, endpoint := range map[string]string{
		"closed port":  closedPort(t),
		"unresolvable": "http://sts.invalid",
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, "")
			client, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: endpoint, MaxAttempts: 2})
			if err != nil {
				t.Fatal(err)
			}
			a := w.assumer(nil)
			a.STS, a.Sources, a.Endpoint = client, SourceFetcher{Client: client}, endpoint
			a.Timeout = time.Minute
			_, err = a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
			wantOneLineError(t, err, `profile "a"`, "hop 1/1", "could not reach STS at "+endpoint)
			var se *StepError
			if !errors.As(err, &se) || se.Code != "" {
				t.Fatalf("err %T %v: want a StepError without an AWS code", err, err)
			}
		})
	}
}
