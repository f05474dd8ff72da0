package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/doctor"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/session"
)

// doctorRoundTripTimeout bounds the test write: a Secret Service or KWallet
// backend can wait forever on a GUI prompt nobody sees.
const doctorRoundTripTimeout = 10 * time.Second

// checkKeyring reports the backend assume would use and whether it works,
// and returns the profiles with keys stored there (for Lint). A broken
// keyring is a warning: assume still runs, only without the cache.
func checkKeyring(sess *session.Session) ([]doctor.Finding, map[string]string) {
	ks := sess.Options().Keyring
	warn := func(msg, fix string) []doctor.Finding {
		return []doctor.Finding{{Severity: doctor.SeverityWarning, Code: "keyring-broken", Message: msg, Fix: fix}}
	}
	backend, err := cache.ParseBackend(ks.Backend)
	if err != nil {
		return warn(err.Error(), "set a valid backend, or remove the setting to use auto"), nil
	}
	// The same configuration openStore uses, except that doctor never
	// prompts: a passphrase comes from the environment or not at all.
	ring, used, err := cache.OpenKeyring(sess.KeyringConfig(sess.EnvPassphrase))
	if err != nil {
		return warn(fmt.Sprintf("no usable keyring (%v): assume runs without the session cache and `assume keys` does not work", err),
			"set keyring.backend in config.yaml or ASSUME_KEYRING_BACKEND (e.g. file, with ASSUME_KEYRING_PASSPHRASE)"), nil
	}
	store := cache.New(ring, cache.Options{Backend: string(used)})
	keys, err := store.StoredKeys()
	if err != nil {
		return warn(fmt.Sprintf("the %s keyring opened but cannot be listed: %v", used, err), "check the backend's daemon or directory, or choose another backend"), nil
	}
	asked := ""
	if backend == cache.BackendAuto {
		asked = " (chosen by auto)"
	}
	info := doctor.Finding{Severity: doctor.SeverityInfo, Code: "keyring"}
	switch skip := roundTripSkipped(sess, used); {
	case skip != "":
		info.Message = fmt.Sprintf("keyring backend %s%s opens and lists %d stored key(s); %s", used, asked, len(keys), skip)
		if used == keyring.FileBackend {
			info.Fix = "set ASSUME_KEYRING_PASSPHRASE to let doctor test a write"
		}
	default:
		if err := doctorRoundTrip(ring); err != nil {
			return warn(fmt.Sprintf("keyring backend %s%s does not work: %v", used, asked, err),
				"unlock the keyring or choose another backend with ASSUME_KEYRING_BACKEND"), keys
		}
		info.Message = fmt.Sprintf("keyring backend %s%s works: a test item was stored, read back and removed; %d profile(s) keep keys there", used, asked, len(keys))
	}
	return []doctor.Finding{info}, keys
}

// roundTripSkipped says why a test write would be wrong here, or "".
func roundTripSkipped(sess *session.Session, used keyring.BackendType) string {
	switch {
	case used == keyring.FileBackend && !hasEnvPassphrase(sess):
		return "a test write was skipped because the file keyring would ask for its passphrase and doctor does not prompt"
	case used == keyring.PassBackend:
		return "a test write was skipped because it would add a commit to the password store"
	}
	return ""
}

func hasEnvPassphrase(sess *session.Session) bool {
	_, err := sess.EnvPassphrase()
	return err == nil
}

// doctorRoundTrip stores, reads back and removes a throwaway item. Its name
// matches neither cache items (assume.v1.) nor stored keys (assume.keys.),
// so a concurrent assume never mistakes it for either.
func doctorRoundTrip(ring keyring.Keyring) error {
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	key := "assume.doctor." + hex.EncodeToString(nonce[:])
	data := []byte("assume doctor test item")
	done := make(chan error, 1)
	go func() {
		if err := ring.Set(keyring.Item{Key: key, Label: "assume doctor test item", Data: data}); err != nil {
			done <- fmt.Errorf("storing a test item: %w", err)
			return
		}
		got, err := ring.Get(key)
		rerr := ring.Remove(key)
		switch {
		case err != nil:
			done <- fmt.Errorf("reading a test item back: %w", err)
		case !bytes.Equal(got.Data, data):
			done <- errors.New("read back a different test item")
		case rerr != nil:
			done <- fmt.Errorf("removing the test item %s: %w", key, rerr)
		default:
			done <- nil
		}
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(doctorRoundTripTimeout):
		return fmt.Errorf("no answer within %s (waiting for an unlock prompt?)", doctorRoundTripTimeout)
	}
}
