package keyrings

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/99designs/keyring"
)

// probeTimeout bounds one backend's probe. Secret Service and KWallet can
// wait forever on a GUI prompt nobody will see; the abandoned goroutine
// costs nothing in a short-lived CLI.
const probeTimeout = 5 * time.Second

// BackendFailure is why auto passed over one backend.
type BackendFailure struct {
	Backend keyring.BackendType
	Err     error
}

// NoBackendError says auto found no working backend, and why for each.
type NoBackendError struct {
	Tried []BackendFailure
}

func (e *NoBackendError) Error() string {
	parts := make([]string, len(e.Tried))
	for i, f := range e.Tried {
		parts[i] = fmt.Sprintf("%s: %s", f.Backend, oneLine([]byte(f.Err.Error())))
	}
	return fmt.Sprintf("no keyring backend works here (%s): set keyring.backend or ASSUME_KEYRING_BACKEND, e.g. to file with ASSUME_KEYRING_PASSPHRASE set", strings.Join(parts, "; "))
}

func (e *NoBackendError) Unwrap() []error {
	errs := make([]error, len(e.Tried))
	for i, f := range e.Tried {
		errs[i] = f.Err
	}
	return errs
}

// probeInOrder returns the first backend in h.order that works.
func probeInOrder(cfg Config, h host) (keyring.Keyring, keyring.BackendType, error) {
	nb := &NoBackendError{}
	for _, b := range h.order {
		if h.probed != nil {
			h.probed(b)
		}
		ring, err := probeWithTimeout(b, cfg)
		if err == nil {
			return ring, b, nil
		}
		nb.Tried = append(nb.Tried, BackendFailure{Backend: b, Err: err})
	}
	return nil, keyring.InvalidBackend, nb
}

func probeWithTimeout(b keyring.BackendType, cfg Config) (keyring.Keyring, error) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	type result struct {
		ring keyring.Keyring
		err  error
	}
	done := make(chan result, 1)
	go func() {
		ring, err := probe(ctx, b, cfg)
		done <- result{ring, err}
	}()
	select {
	case r := <-done:
		return r.ring, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("no answer within %s (waiting for a prompt?)", probeTimeout)
	}
}

// probe opens a backend and shows it works: a round trip of a throwaway
// item where that is harmless, the prerequisites where a write would
// prompt (file) or commit to git (pass).
func probe(ctx context.Context, b keyring.BackendType, cfg Config) (keyring.Keyring, error) {
	// Asking for the session bus again when the library found none at
	// start-up would run dbus-launch once more.
	if !slices.Contains(keyring.AvailableBackends(), b) {
		return nil, fmt.Errorf("%s is not available in this build or session%s", b, unavailableHint(b))
	}
	switch b {
	case keyring.SecretServiceBackend:
		// Checked first: the library would otherwise prompt to create or
		// unlock the collection and wait for an answer forever.
		if err := secretServiceReady(ctx, secretServiceCollection); err != nil {
			return nil, err
		}
	case keyring.KWalletBackend:
		if err := kwalletRunning(ctx); err != nil {
			return nil, err
		}
	}
	ring, err := openBackend(b, cfg)
	if err != nil {
		return nil, err
	}
	switch b {
	case keyring.FileBackend:
		return ring, nil
	case keyring.PassBackend:
		dir, err := passDir(cfg)
		if err != nil {
			return nil, err
		}
		if err := probePassGPG(ctx, dir, cfg.ServiceName); err != nil {
			return nil, err
		}
		return ring, nil
	}
	// probeWithTimeout bounds the trip with the rest of the probe.
	if err := RoundTrip(ring, probePrefix, 0); err != nil {
		return nil, err
	}
	return ring, nil
}
