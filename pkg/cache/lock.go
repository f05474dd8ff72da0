package cache

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/assume-cli/assume/pkg/filelock"
	"github.com/assume-cli/assume/pkg/privdir"
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

// DefaultLockTimeout is how long a run waits for another holding the same
// key's lock: the holder may be waiting for a person's MFA code.
const DefaultLockTimeout = 2 * time.Minute

// FileLocks are advisory file locks in Dir, one file per key fingerprint.
// The kernel drops a lock when its holder dies, so a crashed assume never
// blocks the others for longer than it lived.
//
// Dir must be private (pkg/privdir): in a directory another user can
// write (an XDG_RUNTIME_DIR someone else created under /tmp), they could
// hold our locks for ever, or delete them so parallel runs each call STS
// and ask for MFA codes. When it is not, the locks go to Fallback, which
// keeps single flight working where running unlocked would not; Warn hears
// that once. Use a FileLocks by pointer: it settles its directory once.
type FileLocks struct {
	Dir      string
	Fallback string        // used when Dir is not private; "": none
	Warn     io.Writer     // hears once that Fallback is used; nil: discarded
	Timeout  time.Duration // how long to wait for another process; 0: DefaultLockTimeout
	Poll     time.Duration // 0: 20ms

	once   sync.Once
	dir    string
	dirErr error
}

// directory is the private directory the locks live in, settled on first use.
func (l *FileLocks) directory() (string, error) {
	l.once.Do(func() {
		err := privdir.Ensure(l.Dir)
		if err == nil {
			l.dir = l.Dir
			return
		}
		if l.Fallback == "" || l.Fallback == l.Dir {
			l.dirErr = &lockSetupError{fmt.Errorf("no private directory for the cache locks: %w", err)}
			return
		}
		if ferr := privdir.Ensure(l.Fallback); ferr != nil {
			l.dirErr = &lockSetupError{fmt.Errorf("no private directory for the cache locks: %v; and %w", err, ferr)}
			return
		}
		l.dir = l.Fallback
		if l.Warn != nil {
			fmt.Fprintf(l.Warn, "assume: warning: not locking in %s: %v; locking in %s instead\n", l.Dir, err, l.Fallback)
		}
	})
	return l.dir, l.dirErr
}

// Lock implements Locker. The wait ends at the timeout or when ctx ends,
// whichever is first, and the error then names the holder.
func (l *FileLocks) Lock(ctx context.Context, k Key) (func(), error) {
	dir, err := l.directory()
	if err != nil {
		return nil, err
	}
	f, err := filelock.Open(filepath.Join(dir, k.Fingerprint+".lock"))
	if err != nil {
		return nil, &lockSetupError{err}
	}
	timeout, poll := l.Timeout, l.Poll
	if timeout <= 0 {
		timeout = DefaultLockTimeout
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
			return nil, fmt.Errorf("locking the cache for %s: %w", lockSubject(k), err)
		}
		if locked {
			writeHolder(f, k)
			return func() { unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			h := readHolder(f)
			f.Close()
			return nil, fmt.Errorf("stopped waiting for the cache lock of %s, held by %s: %w", lockSubject(k), h, ctx.Err())
		case <-deadline.C:
			h := readHolder(f)
			f.Close()
			return nil, fmt.Errorf("gave up after %s waiting for the cache lock of %s, held by %s (waiting for an MFA code?): try again, or pass --no-cache", timeout, lockSubject(k), h)
		case <-time.After(poll):
		}
	}
}

// lockSubject names what a lock guards in messages.
func lockSubject(k Key) string {
	if k.Kind == KindMFADevice {
		return "MFA device " + k.Profile
	}
	return fmt.Sprintf("profile %q", k.Profile)
}
