package sso

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/assume-cli/assume/pkg/filelock"
	"github.com/assume-cli/assume/pkg/privdir"
)

// lockWait bounds the wait for another assume renewing the same session:
// a renewal is one call, so a minute means the holder is stuck.
const lockWait = time.Minute

// lock takes the session's cross-process lock, an advisory lock on a file
// in a private LockDir (or LockFallback); the kernel drops it when its
// holder dies. Renewals hold it from reading the token to writing the
// renewed one: with rotating refresh tokens, two processes renewing from
// the same token would leave one of them with a refresh token the service
// no longer accepts.
func (s *Service) lock(ctx context.Context) (unlock func(), err error) {
	if s.cfg.LockDir == "" {
		return func() {}, nil
	}
	dir := s.cfg.LockDir
	if err := privdir.Ensure(dir); err != nil {
		if s.cfg.LockFallback == "" || privdir.Ensure(s.cfg.LockFallback) != nil {
			return nil, fmt.Errorf("%s: %w", s.cfg.Session, err)
		}
		dir = s.cfg.LockFallback
	}
	path := filepath.Join(dir, "sso-"+s.cfg.Session.cacheKey()+".lock")
	f, err := filelock.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.cfg.Session, err)
	}
	deadline := time.NewTimer(lockWait)
	defer deadline.Stop()
	for {
		ok, err := filelock.TryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: locking: %w", s.cfg.Session, err)
		}
		if ok {
			return func() { filelock.Unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("%s: waiting for another assume renewing the sign-in: %w", s.cfg.Session, ctx.Err())
		case <-deadline.C:
			f.Close()
			return nil, fmt.Errorf("%s: another assume has been renewing the sign-in for %s; try again", s.cfg.Session, lockWait)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
