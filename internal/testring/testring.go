// Package testring is the fake keyring of assume's tests: a keyring (an
// in-memory one unless another is wrapped) whose calls are counted and can
// be made to fail, wait, answer late, refuse large items or hand back
// garbage, one operation at a time.
package testring

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/99designs/keyring"

	// Imported for its init, which must run before keyring's: without a
	// session bus keyring's init would run dbus-launch in every test binary.
	_ "github.com/assume-cli/assume/internal/dbusguard"
)

// Op names a method of keyring.Keyring.
type Op string

// The operations of a keyring.
const (
	Get         Op = "Get"
	GetMetadata Op = "GetMetadata"
	Set         Op = "Set"
	Remove      Op = "Remove"
	Keys        Op = "Keys"
)

var allOps = []Op{Get, GetMetadata, Set, Remove, Keys}

// ErrNoSpace is how a write to a full disk fails.
var ErrNoSpace error = &fs.PathError{Op: "write", Path: "keyring item", Err: syscall.ENOSPC}

// Garbage is the Data that Corrupt hands back.
const Garbage = "\x00garbage{"

// Ring is a keyring.Keyring with faults. Its methods are safe for
// concurrent use, as the store's deadline calls them from goroutines.
type Ring struct {
	inner keyring.Keyring

	mu      sync.Mutex
	calls   map[Op]int
	fail    map[Op]error
	delay   map[Op]time.Duration
	block   map[Op]chan struct{}
	limit   int    // 0: none
	corrupt string // "": none
}

var _ keyring.Keyring = (*Ring)(nil)

// New is a Ring over a new in-memory keyring holding items.
func New(items ...keyring.Item) *Ring { return Wrap(keyring.NewArrayKeyring(items)) }

// Wrap is a Ring over inner, which keeps whatever it holds.
func Wrap(inner keyring.Keyring) *Ring {
	return &Ring{inner: inner, calls: map[Op]int{}, fail: map[Op]error{}, delay: map[Op]time.Duration{}, block: map[Op]chan struct{}{}}
}

// Inner is the wrapped keyring, for reading or changing it past the faults.
func (r *Ring) Inner() keyring.Keyring { return r.inner }

// Fail makes every call of ops fail with err (every operation when no op
// is named).
func (r *Ring) Fail(err error, ops ...Op) *Ring {
	if len(ops) == 0 {
		ops = allOps
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, op := range ops {
		r.fail[op] = err
	}
	return r
}

// Delay makes every call of ops answer d late.
func (r *Ring) Delay(d time.Duration, ops ...Op) *Ring {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, op := range ops {
		r.delay[op] = d
	}
	return r
}

// Block makes calls of op wait, as a keyring waiting on a prompt nobody
// answers does, until release is called (once or more); then they go on.
func (r *Ring) Block(op Op) (release func()) {
	ch := make(chan struct{})
	r.mu.Lock()
	r.block[op] = ch
	r.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// Limit makes Set refuse an item whose Data is longer than max bytes, as
// Windows Credential Manager does.
func (r *Ring) Limit(max int) *Ring {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.limit = max
	return r
}

// Corrupt makes Get hand back Garbage as the Data of every item whose
// name contains substr.
func (r *Ring) Corrupt(substr string) *Ring {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.corrupt = substr
	return r
}

// Calls is how many calls of op were made, failed ones included.
func (r *Ring) Calls(op Op) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[op]
}

// ResetCalls sets every count back to zero.
func (r *Ring) ResetCalls() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.calls)
}

// enter counts a call of op, waits as configured and returns its fault.
func (r *Ring) enter(op Op) error {
	r.mu.Lock()
	r.calls[op]++
	block, delay, err := r.block[op], r.delay[op], r.fail[op]
	r.mu.Unlock()
	if block != nil {
		<-block
	}
	if delay > 0 {
		time.Sleep(delay)
	}
	return err
}

// Get implements keyring.Keyring.
func (r *Ring) Get(key string) (keyring.Item, error) {
	if err := r.enter(Get); err != nil {
		return keyring.Item{}, err
	}
	it, err := r.inner.Get(key)
	r.mu.Lock()
	bad := r.corrupt
	r.mu.Unlock()
	if err == nil && bad != "" && strings.Contains(key, bad) {
		it.Data = []byte(Garbage)
	}
	return it, err
}

// GetMetadata implements keyring.Keyring.
func (r *Ring) GetMetadata(key string) (keyring.Metadata, error) {
	if err := r.enter(GetMetadata); err != nil {
		return keyring.Metadata{}, err
	}
	return r.inner.GetMetadata(key)
}

// Set implements keyring.Keyring.
func (r *Ring) Set(item keyring.Item) error {
	if err := r.enter(Set); err != nil {
		return err
	}
	r.mu.Lock()
	limit := r.limit
	r.mu.Unlock()
	if limit > 0 && len(item.Data) > limit {
		return fmt.Errorf("item %s: %d bytes exceed the %d-byte limit", item.Key, len(item.Data), limit)
	}
	return r.inner.Set(item)
}

// Remove implements keyring.Keyring.
func (r *Ring) Remove(key string) error {
	if err := r.enter(Remove); err != nil {
		return err
	}
	return r.inner.Remove(key)
}

// Keys implements keyring.Keyring.
func (r *Ring) Keys() ([]string, error) {
	if err := r.enter(Keys); err != nil {
		return nil, err
	}
	return r.inner.Keys()
}
