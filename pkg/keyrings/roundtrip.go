package keyrings

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/99designs/keyring"
)

// probePrefix names auto's probe items. Like every round-trip prefix it
// matches neither cache items (assume.v2., assume.v1.) nor stored keys (assume.keys.),
// so a listing racing with a probe skips its item.
const probePrefix = "assume.probe."

// RoundTrip stores, reads back and removes a throwaway item named prefix
// followed by a random suffix: the proof that ring works, for auto's probe
// and for assume doctor. timeout bounds the whole trip, since a Secret
// Service or KWallet can wait forever on a prompt nobody sees; 0 means the
// caller bounds it.
func RoundTrip(ring keyring.Keyring, prefix string, timeout time.Duration) error {
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	key := prefix + hex.EncodeToString(nonce[:])
	if timeout <= 0 {
		return roundTrip(ring, key)
	}
	done := make(chan error, 1) // a trip that times out finishes into it unread
	go func() { done <- roundTrip(ring, key) }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("no answer within %s (waiting for an unlock prompt?)", timeout)
	}
}

func roundTrip(ring keyring.Keyring, key string) error {
	data := []byte("assume test item " + key)
	if err := ring.Set(keyring.Item{Key: key, Label: "assume test item", Data: data}); err != nil {
		return fmt.Errorf("storing a test item: %w", err)
	}
	got, err := ring.Get(key)
	rerr := ring.Remove(key)
	switch {
	case err != nil:
		return fmt.Errorf("reading a test item back: %w", err)
	case !bytes.Equal(got.Data, data):
		return errors.New("read back a different test item")
	case rerr != nil:
		return fmt.Errorf("removing the test item %s: %w", key, rerr)
	}
	return nil
}
