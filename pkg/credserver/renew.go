package credserver

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// Source renews credentials, e.g. by running a profile's chain through the
// session cache. The server never calls it twice at once.
type Source func(ctx context.Context) (creds.Credentials, error)

// renewer hands out the current credentials while more than margin
// remains and renews them otherwise: one renewal at a time, which every
// request arriving meanwhile waits for and shares. A renewal runs on the
// server's context, not a request's, so an SDK that gives up (botocore
// waits 2 s per attempt) does not abort the renewal its retry will need.
type renewer struct {
	source Source
	margin time.Duration
	now    func() time.Time
	ctx    context.Context // ends when the server closes

	mu      sync.Mutex
	current creds.Credentials
	have    bool
	flight  *renewal // the renewal under way, if any
}

type renewal struct {
	done chan struct{}
	c    creds.Credentials
	err  error
}

// errExpired is what a renewal that produced nothing usable reports.
var errExpired = errors.New("the credentials obtained have already expired")

// fresh says whether c may still be served without renewing.
func (r *renewer) fresh(c creds.Credentials) bool {
	return !c.CanExpire() || c.Remaining(r.now()) > r.margin
}

// get returns credentials to serve, renewing first when needed.
func (r *renewer) get(ctx context.Context) (creds.Credentials, error) {
	r.mu.Lock()
	if r.have && r.fresh(r.current) {
		c := r.current
		r.mu.Unlock()
		return c, nil
	}
	f := r.flight
	if f == nil {
		f = &renewal{done: make(chan struct{})}
		r.flight = f
		go r.renew(f)
	}
	r.mu.Unlock()
	select {
	case <-f.done:
		return f.c, f.err
	case <-ctx.Done():
		return creds.Credentials{}, ctx.Err()
	}
}

func (r *renewer) renew(f *renewal) {
	c, err := r.source(r.ctx)
	if err == nil && c.Expired(r.now()) {
		err = errExpired
	}
	r.mu.Lock()
	if err == nil {
		// Kept even when little remains (a session shorter than the
		// margin): it is the best there is, and the next request asks
		// the source again.
		r.current, r.have = c, true
	}
	r.flight = nil
	r.mu.Unlock()
	f.c, f.err = c, err
	close(f.done)
}
