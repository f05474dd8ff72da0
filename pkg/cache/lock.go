package cache

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Locker serialises fetches of one key across processes.
type Locker interface {
	// Lock blocks until the key's lock is held or ctx ends.
	Lock(ctx context.Context, k Key) (unlock func(), err error)
}

// lockSetupError means no lock could be made at all (as opposed to a lock
// held too long by another process).
type lockSetupError struct{ err error }

func (e *lockSetupError) Error() string { return e.err.Error() }
func (e *lockSetupError) Unwrap() error { return e.err }

type noLocks struct{}

func (noLocks) Lock(context.Context, Key) (func(), error) { return func() {}, nil }

// FileLocks are advisory file locks in Dir, one file per key fingerprint.
// The kernel drops a lock when its holder dies, so a crashed assume never
// blocks the others for longer than it lived.
type FileLocks struct {
	Dir     string
	Timeout time.Duration // how long to wait for another process; 0: 2 minutes
	Poll    time.Duration // 0: 20ms
}

// Lock implements Locker.
func (l FileLocks) Lock(ctx context.Context, k Key) (func(), error) {
	if err := os.MkdirAll(l.Dir, 0o700); err != nil {
		return nil, &lockSetupError{fmt.Errorf("creating the lock directory: %w", err)}
	}
	f, err := os.OpenFile(filepath.Join(l.Dir, k.Fingerprint+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &lockSetupError{fmt.Errorf("opening the cache lock: %w", err)}
	}
	timeout, poll := l.Timeout, l.Poll
	if timeout <= 0 {
		timeout = 2 * time.Minute // the holder may be waiting for a person's MFA code
	}
	if poll <= 0 {
		poll = 20 * time.Millisecond
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		locked, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking the cache for profile %q: %w", k.Profile, err)
		}
		if locked {
			return func() { unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for another assume fetching profile %q: %w", k.Profile, ctx.Err())
		case <-deadline.C:
			f.Close()
			return nil, fmt.Errorf("another assume has been fetching profile %q for %s (waiting for an MFA code?); try again or pass --no-cache", k.Profile, timeout)
		case <-time.After(poll):
		}
	}
}
