package sso

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockWait bounds the wait for another assume renewing the same session:
// a renewal is one call, so a minute means the holder is stuck.
const lockWait = time.Minute

// lock takes the session's cross-process lock, an advisory lock on a file
// in LockDir (the kernel drops it when its holder dies). Renewals hold it
// from reading the token to writing the renewed one: with rotating
// refresh tokens, two processes renewing from the same token would leave
// one of them with a refresh token the service no longer accepts.
func (s *Service) lock(ctx context.Context) (unlock func(), err error) {
	if s.cfg.LockDir == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(s.cfg.LockDir, 0o700); err != nil {
		return nil, fmt.Errorf("%s: creating the lock directory: %w", s.cfg.Session, err)
	}
	path := filepath.Join(s.cfg.LockDir, "sso-"+s.cfg.Session.cacheKey()+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s: opening the lock: %w", s.cfg.Session, err)
	}
	deadline := time.NewTimer(lockWait)
	defer deadline.Stop()
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: locking: %w", s.cfg.Session, err)
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
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
