package sso

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Backoff for portal calls. The portal throttles per user; a sync of
// thousands of accounts meets it often, so throttled calls are retried
// patiently (with jitter, so parallel workers do not retry in lockstep)
// instead of through the SDK's retry quota, which runs dry after a few
// hundred retries.
const (
	portalAttempts = 10
	portalBase     = 200 * time.Millisecond
	portalMaxWait  = 5 * time.Second
)

// portalCall runs one portal call with its deadline, retrying throttling
// and server errors.
func (s *Service) portalCall(ctx context.Context, op string, call func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		cctx, cancel := s.call(ctx)
		start := s.debugNow()
		err := call(cctx)
		cancel()
		s.logCall(op, start, err)
		if err == nil || attempt+1 >= portalAttempts || !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(retryDelay(attempt, err)):
		}
	}
}

// Throttled reports an error that says slow down.
func Throttled(err error) bool {
	switch apiCode(err) {
	case "TooManyRequestsException", "ThrottlingException", "Throttling", "SlowDown":
		return true
	}
	return status(err) == http.StatusTooManyRequests
}

func retryable(err error) bool {
	if Throttled(err) {
		return true
	}
	code := status(err)
	return code >= 500 && code <= 599
}

func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// retryDelay is the server's Retry-After when it gives one (capped), else
// exponential backoff with equal jitter: a random time in [c/2, c) with
// c = min(base·2^attempt, max).
func retryDelay(attempt int, err error) time.Duration {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		if secs, perr := strconv.Atoi(re.Response.Header.Get("Retry-After")); perr == nil && secs > 0 {
			return min(time.Duration(secs)*time.Second, portalMaxWait)
		}
	}
	ceiling := portalMaxWait
	if attempt < 5 {
		ceiling = min(portalBase<<attempt, portalMaxWait)
	}
	half := ceiling / 2
	return half + rand.N(half)
}
