package cache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/keyrings"
)

// Store is the session cache over one keyring. Its failures are never
// fatal: a broken item is discarded and refetched, a broken keyring turns
// caching off for the rest of the run, each with one warning.
type Store struct {
	ring    keyring.Keyring
	base    keyring.Keyring // ring without the deadline, for its optional methods
	backend string
	locks   Locker
	now     func() time.Time
	warnTo  io.Writer
	warned  map[string]bool
	off     bool
	// held are the fingerprints whose lock this process holds. Only then is
	// an unreadable item surely broken rather than being written right now
	// by another process (backends such as the file one do not write
	// atomically), and only then is it discarded.
	held map[string]bool
	// listing memoises ring.Keys() for one run: a cache hit lists the
	// keyring once, not once for stored keys and once for sessions. Any
	// write or lock drops it, as another process may have written.
	listing  []string
	listed   bool
	debug    *debuglog.Logger
	hot      Hot
	onChange func()
	hits     map[string]Hit // by fingerprint: what answered this run's Gets
	changed  bool
}

// keys lists the keyring's item names, memoised.
func (s *Store) keys() ([]string, error) {
	if s.listed {
		return s.listing, nil
	}
	start := s.debug.Now()
	names, err := s.ring.Keys()
	if s.debug.On() {
		s.debug.Printf("cache: listed %d item(s) in the %s keyring in %s, error: %v", len(names), s.backend, s.debug.Since(start), err)
	}
	if err != nil {
		return nil, err
	}
	s.listing, s.listed = names, true
	return names, nil
}

// forget drops the memoised listing.
func (s *Store) forget() { s.listing, s.listed = nil, false }

// Options configure a Store.
type Options struct {
	Backend string           // backend name, for listings and warnings
	Locks   Locker           // cross-process locks; nil locks nothing
	Now     func() time.Time // nil: time.Now
	Warn    io.Writer        // one-line warnings; nil: discarded
	// Debug, when on, hears each get (hit or why not), lock wait and put,
	// by key fingerprint, and is told each secret read so it masks it.
	Debug *debuglog.Logger
	// KeyringTimeout bounds each keyring call; 0: 10 seconds.
	KeyringTimeout time.Duration
	// Hot, when set, is kept a copy of every item read or written.
	Hot Hot
	// OnChange is called after every write or removal (sessions or keys),
	// before the call returns: what a cache hit returns may have changed.
	OnChange func()
}

// New wraps an opened keyring, giving each of its calls the deadline
// o.KeyringTimeout: a hung backend costs one wait, not the run.
func New(ring keyring.Keyring, o Options) *Store {
	s := &Store{ring: keyrings.WithDeadline(ring, o.KeyringTimeout), base: ring, backend: o.Backend, locks: o.Locks, now: o.Now, warnTo: o.Warn, warned: map[string]bool{}, held: map[string]bool{}, debug: o.Debug,
		hot: o.Hot, onChange: o.OnChange, hits: map[string]Hit{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.warnTo == nil {
		s.warnTo = io.Discard
	}
	if s.locks == nil {
		s.locks = noLocks{}
	}
	return s
}

// Backend names the keyring backend in use.
func (s *Store) Backend() string { return s.backend }

func (s *Store) warn(key, format string, args ...any) {
	if s.warned[key] {
		return
	}
	s.warned[key] = true
	fmt.Fprintf(s.warnTo, "assume: warning: "+format+"\n", args...)
}

// disable turns caching off after a keyring failure: the credentials of this
// run are still returned, only not stored.
func (s *Store) disable(op string, err error) {
	s.off = true
	s.warn("keyring", "the %s keyring failed to %s (%v); continuing without the session cache", s.backend, op, err)
}

// items lists this cache's items; other items in the keyring are ignored.
func (s *Store) items() ([]itemName, bool) {
	if s.off {
		return nil, false
	}
	keys, err := s.keys()
	if err != nil {
		s.disable("list items", err)
		return nil, false
	}
	out := make([]itemName, 0, len(keys))
	for _, k := range keys {
		if n, ok := parseItemName(k); ok {
			out = append(out, n)
		}
	}
	return out, true
}

// Get returns cached credentials for k that stay valid for more than margin.
// Expired items met on the way are pruned.
func (s *Store) Get(k Key, margin time.Duration) (creds.Credentials, bool) {
	items, ok := s.items()
	if !ok {
		return creds.Credentials{}, false
	}
	now := s.now()
	var best *itemName
	for i := range items {
		n := &items[i]
		if !now.Before(n.Expires) {
			s.remove(n.name) // lazily prune what nobody can use
			continue
		}
		if n.Kind == k.Kind && n.Fingerprint == k.Fingerprint && (best == nil || n.Expires.After(best.Expires)) {
			best = n
		}
	}
	if best == nil || best.Expires.Sub(now) <= margin {
		if s.debug.On() {
			s.logMiss(k, best, now, margin)
		}
		return creds.Credentials{}, false
	}
	start := s.debug.Now()
	item, err := s.ring.Get(best.name)
	if errors.Is(err, keyring.ErrKeyNotFound) {
		if s.debug.On() {
			s.debug.Printf("cache get %s %s (profile %q): miss, removed by another process meanwhile", k.Kind, short(k), k.Profile)
		}
		return creds.Credentials{}, false // pruned by another process meanwhile
	}
	if errors.Is(err, keyrings.ErrTimeout) || errors.Is(err, keyrings.ErrUnavailable) {
		// The keyring failed, not the item: nothing is discarded.
		s.disable("read an item", err)
		return creds.Credentials{}, false
	}
	if err == nil {
		var c creds.Credentials
		if c, err = decodePayload(item.Data, *best); err == nil {
			s.hits[k.Fingerprint] = Hit{Name: best.name, Fingerprint: best.Fingerprint, Expires: best.Expires}
			s.hotPut(best.name, item.Data, best.Expires)
			if s.debug.On() {
				s.debug.Secret(c.SecretAccessKey, c.SessionToken)
				s.debug.Printf("cache get %s %s (profile %q): hit, %s left, read and decrypted in %s",
					k.Kind, short(k), k.Profile, best.Expires.Sub(now).Round(time.Second), s.debug.Since(start))
			}
			return c, true
		}
	}
	if s.debug.On() {
		s.debug.Printf("cache get %s %s (profile %q): unreadable item: %v", k.Kind, short(k), k.Profile, err)
	}
	s.discard(*best, err)
	return creds.Credentials{}, false
}

// logMiss says why Get found nothing usable.
func (s *Store) logMiss(k Key, best *itemName, now time.Time, margin time.Duration) {
	if best == nil {
		s.debug.Printf("cache get %s %s (profile %q): miss, no item", k.Kind, short(k), k.Profile)
		return
	}
	s.debug.Printf("cache get %s %s (profile %q): miss, %s left is within the %s margin",
		k.Kind, short(k), k.Profile, best.Expires.Sub(now).Round(time.Second), margin)
}

// short is the part of a fingerprint a log line needs: 48 bits tell keys
// apart, and the full one is in the keyring item's name.
func short(k Key) string {
	if len(k.Fingerprint) > 12 {
		return k.Fingerprint[:12]
	}
	return k.Fingerprint
}

// discard removes an unreadable or foreign item, with a warning, when this
// process holds its lock; otherwise the read is just a miss.
func (s *Store) discard(n itemName, err error) {
	if !s.held[n.Fingerprint] {
		return
	}
	s.warn("discard:"+n.name, "discarding an unreadable cached session for profile %q (%v); fetching a new one", n.Profile, err)
	s.remove(n.name)
}

func (s *Store) remove(name string) {
	s.forget()
	if err := s.ring.Remove(name); err != nil && !errors.Is(err, keyring.ErrKeyNotFound) {
		s.warn("remove", "could not remove cache item from the %s keyring: %v", s.backend, err)
	}
	s.change(name)
}

// Put stores temporary credentials under k and drops older items of k.
// Long-term keys are never stored: they are not sessions.
func (s *Store) Put(k Key, c creds.Credentials) {
	// Credentials already expired by our clock (a skewed clock) are useless
	// to every later run: storing them would only list "expired" sessions.
	if s.off || !c.Temporary() || !c.CanExpire() || !s.now().Before(c.Expires) {
		if s.debug.On() {
			s.debug.Printf("cache put %s %s (profile %q): skipped (cache off %v, temporary %v, expires %v)", k.Kind, short(k), k.Profile, s.off, c.Temporary(), c.CanExpire())
		}
		return
	}
	name := newItemName(k, c.Expires)
	data, err := encodePayload(k.Fingerprint, c)
	if err != nil {
		s.warn("encode", "could not encode credentials for the cache: %v", err)
		return
	}
	s.forget()
	err = s.ring.Set(keyring.Item{
		Key:         name.name,
		Data:        data,
		Label:       fmt.Sprintf("assume session: %s (%s) until %s", k.Profile, k.Role, c.Expires.UTC().Format(time.RFC3339)),
		Description: "temporary AWS credentials cached by assume",
	})
	if err != nil {
		s.disable("store credentials", err)
		return
	}
	s.change("")
	s.hotPut(name.name, data, c.Expires)
	if s.debug.On() {
		s.debug.Printf("cache put %s %s (profile %q, %s): until %s", k.Kind, short(k), k.Profile, k.Role, c.Expires.UTC().Format(time.RFC3339))
	}
	if items, ok := s.items(); ok {
		for _, n := range items {
			// Names hold whole seconds; STS may answer with fractions.
			if n.Kind == k.Kind && n.Fingerprint == k.Fingerprint && n.Expires.Unix() < c.Expires.Unix() {
				s.remove(n.name)
			}
		}
	}
}

// Session describes a cached session without its secrets.
type Session struct {
	Profile string
	Role    string
	Kind    string
	Expires time.Time
	Backend string
}

// Sessions lists the cached sessions, soonest expiry first, from the item
// names alone.
func (s *Store) Sessions() ([]Session, error) {
	keys, err := s.ring.Keys()
	if err != nil {
		return nil, fmt.Errorf("listing the %s keyring: %w", s.backend, err)
	}
	var out []Session
	for _, k := range keys {
		if n, ok := parseItemName(k); ok {
			out = append(out, Session{Profile: n.Profile, Role: n.Role, Kind: n.Kind, Expires: n.Expires, Backend: s.backend})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Expires.Before(out[j].Expires) })
	return out, nil
}

// Clear removes the cached sessions of profile, or all when profile is "".
// A profile is matched by the tag of its whole name, so a name shortened
// in the item name still matches exactly.
func (s *Store) Clear(profile string) (int, error) {
	keys, err := s.ring.Keys()
	if err != nil {
		return 0, fmt.Errorf("listing the %s keyring: %w", s.backend, err)
	}
	tag := profileTag(profile)
	n := 0
	// Every hot copy goes, whoever's: the next hit copies its item again.
	defer func() {
		if s.hot != nil {
			_ = s.hot.Clear()
		}
		s.change("")
	}()
	for _, k := range keys {
		name, ok := parseItemName(k)
		if !ok || (profile != "" && name.tag != tag) {
			continue
		}
		if err := s.ring.Remove(k); err != nil && !errors.Is(err, keyring.ErrKeyNotFound) {
			return n, fmt.Errorf("removing a cached session of %q from the %s keyring: %w", name.Profile, s.backend, err)
		}
		n++
	}
	if profile == "" {
		if err := s.pruneTemporary(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// temporaryPruner is a backend whose interrupted writes leave files
// behind (pkg/filering).
type temporaryPruner interface {
	PruneTemporary(age time.Duration) (int, error)
}

// pruneTemporary removes every unfinished write, which may hold a whole
// encrypted session: clearing all sessions must leave none. (One
// profile's clear cannot tell whose a write is without decrypting it;
// listing removes those of dead processes anyway.)
func (s *Store) pruneTemporary() error {
	p, ok := s.base.(temporaryPruner)
	if !ok {
		return nil
	}
	_, err := p.PruneTemporary(0)
	return err
}

// Lock takes k's cross-process lock. A lock that cannot even be set up (an
// unwritable directory) is not worth failing for: the run goes on unlocked
// with a warning. Waiting too long for another process is an error.
func (s *Store) Lock(ctx context.Context, k Key) (func(), error) {
	start := s.debug.Now()
	unlock, err := s.locks.Lock(ctx, k)
	if s.debug.On() {
		s.debug.Printf("cache lock %s %s (profile %q): waited %s, error: %v", k.Kind, short(k), k.Profile, s.debug.Since(start), err)
	}
	var setup *lockSetupError
	switch {
	case errors.As(err, &setup):
		s.warn("lock-setup", "%v; parallel runs may each call STS", err)
		unlock = func() {}
	case err != nil:
		return nil, err
	}
	s.held[k.Fingerprint] = true
	s.forget() // another process may have written while we waited
	return func() {
		delete(s.held, k.Fingerprint)
		unlock()
	}, nil
}
