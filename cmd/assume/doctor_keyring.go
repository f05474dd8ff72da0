package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/keyrings"
	"github.com/assume-cli/assume/pkg/profiles"
)

// doctorRoundTripTimeout bounds the test write: a Secret Service or KWallet
// backend can wait forever on a GUI prompt nobody sees.
const doctorRoundTripTimeout = 10 * time.Second

// doctorItemPrefix names doctor's test item. It matches neither cache
// items (assume.v1.) nor stored keys (assume.keys.), so a concurrent
// assume never mistakes it for either.
const doctorItemPrefix = "assume.doctor."

// checkKeyring reports the backend assume would use and whether it works,
// and returns the profiles with keys stored there (for Lint). A broken
// keyring is a warning: assume still runs, only without the cache.
func checkKeyring(d *deps, ks keyringSettings) ([]profiles.Finding, map[string]string) {
	warn := func(msg, fix string) []profiles.Finding {
		return []profiles.Finding{{Severity: profiles.SeverityWarning, Code: "keyring-broken", Message: msg, Fix: fix}}
	}
	backend, err := keyrings.ParseBackend(ks.Backend)
	if err != nil {
		return warn(err.Error(), "set a valid backend, or remove the setting to use auto"), nil
	}
	// The same configuration openStore uses, except that doctor never
	// prompts: a passphrase comes from the environment or not at all.
	ring, used, err := keyrings.Open(backendConfig(d, ks, backend, envPassphrase(d)))
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
	if backend == keyrings.Auto {
		asked = " (chosen by auto)"
	}
	info := profiles.Finding{Severity: profiles.SeverityInfo, Code: "keyring"}
	switch skip := roundTripSkipped(d, used); {
	case skip != "":
		info.Message = fmt.Sprintf("keyring backend %s%s opens and lists %d stored key(s); %s", used, asked, len(keys), skip)
		if used == keyring.FileBackend {
			info.Fix = "set ASSUME_KEYRING_PASSPHRASE to let doctor test a write"
		}
	default:
		if err := keyrings.RoundTrip(ring, doctorItemPrefix, doctorRoundTripTimeout); err != nil {
			return warn(fmt.Sprintf("keyring backend %s%s does not work: %v", used, asked, err),
				"unlock the keyring or choose another backend with ASSUME_KEYRING_BACKEND"), keys
		}
		info.Message = fmt.Sprintf("keyring backend %s%s works: a test item was stored, read back and removed; %d profile(s) keep keys there", used, asked, len(keys))
	}
	return []profiles.Finding{info}, keys
}

// roundTripSkipped says why a test write would be wrong here, or "".
func roundTripSkipped(d *deps, used keyring.BackendType) string {
	switch {
	case used == keyring.FileBackend && d.Getenv("ASSUME_KEYRING_PASSPHRASE") == "":
		return "a test write was skipped because the file keyring would ask for its passphrase and doctor does not prompt"
	case used == keyring.PassBackend:
		return "a test write was skipped because it would add a commit to the password store"
	}
	return ""
}

// envPassphrase is filePassphrase without the terminal prompt.
func envPassphrase(d *deps) func() (string, error) {
	return func() (string, error) {
		if p := d.Getenv("ASSUME_KEYRING_PASSPHRASE"); p != "" {
			return p, nil
		}
		return "", errors.New("the file keyring needs a passphrase: set ASSUME_KEYRING_PASSPHRASE")
	}
}
