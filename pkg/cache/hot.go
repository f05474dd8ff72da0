package cache

import "time"

// Hot is a faster copy of some items, kept beside the keyring (the Linux
// session keyring, pkg/hottier) so the front program can answer a hit
// without the backend's cost (D-Bus, key derivation). The Store keeps it
// in step: every item read or written is copied, every removal removed.
// Its failures are never the run's: it is only ever a copy.
type Hot interface {
	Put(name string, data []byte, expires time.Time) error
	Remove(name string) error
	Clear() error
}

// Hit is the item that answered a Get: what the front program needs to
// find it again.
type Hit struct {
	Name        string
	Fingerprint string
	Expires     time.Time
}

// HitFor is the item that answered this run's last Get of k.
func (s *Store) HitFor(k Key) (Hit, bool) {
	h, ok := s.hits[k.Fingerprint]
	return h, ok && h.Fingerprint == k.Fingerprint
}

// Changed says whether this run wrote or removed anything in the cache.
func (s *Store) Changed() bool { return s.changed }

func (s *Store) hotPut(name string, data []byte, expires time.Time) {
	if s.hot == nil {
		return
	}
	// A full kernel key quota (EDQUOT) or a revoked keyring costs the
	// front its fast path, nothing more.
	if err := s.hot.Put(name, data, expires); err != nil && s.debug.On() {
		s.debug.Printf("cache: no hot copy of %s: %v", name, err)
	}
}

// changes records a write or removal: this run's, and, through
// OnChange, every front's memo of what a hit returns.
func (s *Store) change(name string) {
	s.changed = true
	if s.hot != nil && name != "" {
		_ = s.hot.Remove(name)
	}
	if s.onChange != nil {
		s.onChange()
	}
}
