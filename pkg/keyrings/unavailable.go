package keyrings

import (
	"errors"
	"fmt"

	"github.com/99designs/keyring"
)

// ErrUnavailable marks a failure of the keyring itself (a daemon that
// refuses, a collection locked under us), as opposed to a damaged item:
// the caller must go on without the cache and never delete an item it
// could not read for that reason.
var ErrUnavailable = errors.New("keyring unavailable")

// daemonRing is a keyring kept by a daemon (Secret Service, KWallet). Its
// items are opaque to the daemon, which never reports one as damaged: any
// error but "not found" is the daemon's, so it is marked ErrUnavailable.
type daemonRing struct{ keyring.Keyring }

func unavailable(err error) error {
	if err == nil || errors.Is(err, keyring.ErrKeyNotFound) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

func (d daemonRing) Get(key string) (keyring.Item, error) {
	it, err := d.Keyring.Get(key)
	return it, unavailable(err)
}

func (d daemonRing) GetMetadata(key string) (keyring.Metadata, error) {
	m, err := d.Keyring.GetMetadata(key)
	return m, unavailable(err)
}

func (d daemonRing) Set(item keyring.Item) error { return unavailable(d.Keyring.Set(item)) }
func (d daemonRing) Remove(key string) error     { return unavailable(d.Keyring.Remove(key)) }

func (d daemonRing) Keys() ([]string, error) {
	k, err := d.Keyring.Keys()
	return k, unavailable(err)
}
