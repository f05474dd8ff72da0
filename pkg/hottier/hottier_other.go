//go:build !linux

package hottier

import "time"

// Tier is the hot keyring; outside Linux there is none.
type Tier struct{}

// Open reports ErrUnavailable: the hot tier needs Linux's keyctl.
func Open(create bool) (*Tier, error) { return nil, ErrUnavailable }

// Put reports ErrUnavailable.
func (t *Tier) Put(name string, data []byte, expires time.Time) error { return ErrUnavailable }

// Get reports ErrUnavailable.
func (t *Tier) Get(name string) ([]byte, error) { return nil, ErrUnavailable }

// Remove reports ErrUnavailable.
func (t *Tier) Remove(name string) error { return ErrUnavailable }

// Clear reports ErrUnavailable.
func (t *Tier) Clear() error { return ErrUnavailable }

// ReadKeyctlItem reports ErrUnavailable: keyctl is Linux's.
func ReadKeyctlItem(service, name string) ([]byte, error) { return nil, ErrUnavailable }
