package keyrings

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// LockedError says the Secret Service collection is locked and could not
// be unlocked. It costs the cache, never the credentials: the caller goes
// on uncached and must not delete anything it cannot read.
type LockedError struct{ Collection string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("the Secret Service %q collection is locked: unlock it (log in to the desktop, or run gnome-keyring-daemon --unlock) and assume caches again", e.Collection)
}

// ErrLocked matches every *LockedError with errors.Is.
var ErrLocked = errors.New("keyring is locked")

func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Deadlines for the check: a person may take a while to answer the
// service's unlock prompt; without one only the service is waited for.
const (
	lockCheckTimeout = 5 * time.Second
	unlockTimeout    = 2 * time.Minute
)

// secretServiceOpenable checks the collection before the library touches
// it: the library answers a locked collection with a prompt of its own on
// every item, and a run without a person at it must never wait for one or
// read a locked item as a broken one. With a console, the service is
// asked to unlock the collection with its own prompt, once.
func secretServiceOpenable(cfg Config) error {
	canPrompt := cfg.HasConsole != nil && cfg.HasConsole()
	timeout := lockCheckTimeout
	if canPrompt {
		timeout = unlockTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	locked, err := collectionLocked(ctx, secretServiceCollection)
	if err != nil || !locked {
		return err
	}
	if canPrompt {
		if err := promptUnlock(ctx, secretServiceCollection); err == nil {
			if locked, err = collectionLocked(ctx, secretServiceCollection); err == nil && !locked {
				return nil
			}
		}
	}
	return &LockedError{Collection: secretServiceCollection}
}
