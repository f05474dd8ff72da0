package keyrings

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/99designs/keyring"
)

// defaultKeyringTimeout bounds one keyring call. A locked Secret Service
// collection can wait forever on an unlock prompt nobody sees, and a wedged
// D-Bus never answers; assume must then go on without its cache.
const defaultKeyringTimeout = 10 * time.Second

// ErrTimeout is what a call cut by WithDeadline's deadline fails with.
var ErrTimeout = errors.New("the keyring did not answer")

// deadlineRing gives every call of the wrapped keyring a deadline. Once one
// call has timed out, every later call fails at once: the keyring is hung,
// and waiting again would only multiply the delay.
type deadlineRing struct {
	ring    keyring.Keyring
	timeout time.Duration
	hung    *atomic.Bool
}

// WithDeadline gives every call of ring a deadline of timeout (0: 10
// seconds), after which it fails with ErrTimeout.
func WithDeadline(ring keyring.Keyring, timeout time.Duration) keyring.Keyring {
	if timeout <= 0 {
		timeout = defaultKeyringTimeout
	}
	return deadlineRing{ring: ring, timeout: timeout, hung: new(atomic.Bool)}
}

// call runs f with the deadline. A call that times out keeps running in its
// goroutine; the process ends soon after, so it is abandoned, not leaked
// for long.
func call[T any](d deadlineRing, f func() (T, error)) (T, error) {
	var zero T
	if d.hung.Load() {
		return zero, fmt.Errorf("%w within %s", ErrTimeout, d.timeout)
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	timer := time.NewTimer(d.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-timer.C:
		d.hung.Store(true)
		return zero, fmt.Errorf("%w within %s", ErrTimeout, d.timeout)
	}
}

func (d deadlineRing) Get(key string) (keyring.Item, error) {
	return call(d, func() (keyring.Item, error) { return d.ring.Get(key) })
}

func (d deadlineRing) GetMetadata(key string) (keyring.Metadata, error) {
	return call(d, func() (keyring.Metadata, error) { return d.ring.GetMetadata(key) })
}

func (d deadlineRing) Set(item keyring.Item) error {
	_, err := call(d, func() (struct{}, error) { return struct{}{}, d.ring.Set(item) })
	return err
}

func (d deadlineRing) Remove(key string) error {
	_, err := call(d, func() (struct{}, error) { return struct{}{}, d.ring.Remove(key) })
	return err
}

func (d deadlineRing) Keys() ([]string, error) {
	return call(d, d.ring.Keys)
}
