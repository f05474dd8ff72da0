// Package keyrings opens the keyring assume keeps its cache and keys in:
// the OS's backends through 99designs/keyring, our file backend
// (pkg/filering), auto's probe in order with its remembered choice, a
// deadline on every call, and the round trip that shows a backend works.
// It knows nothing of what is stored.
package keyrings

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/99designs/keyring"

	// Imported for its init, which must run before keyring's: see its doc.
	_ "github.com/assume-cli/assume/internal/dbusguard"
)

// Config says which keyring to open and how.
type Config struct {
	Backend     string                 // "auto" (default when empty) or one of: secret-service, kwallet, keyctl, pass, file, keychain, wincred
	ServiceName string                 // "assume" (keyring service / collection / prefix names)
	FileDir     string                 // file backend dir (required for the file backend)
	Passphrase  func() (string, error) // file backend passphrase source; the caller passes one reading ASSUME_KEYRING_PASSPHRASE, else prompting on the terminal; nil = none available
	PassDir     string                 // pass store; default $PASSWORD_STORE_DIR or ~/.password-store
	StateDir    string                 // where `auto` remembers its choice, e.g. $XDG_CACHE_HOME/assume; "" = don't remember
	Getenv      func(string) string    // nil = os.Getenv
	// HasConsole says whether a terminal is there to ask the file
	// backend's passphrase on, without asking; nil = no terminal.
	HasConsole func() bool
}

// Auto probes the platform's backends in order and remembers the first that works.
const Auto = "auto"

// backendNames are the names ParseBackend accepts, in the order error messages list them.
var backendNames = [...]string{
	Auto,
	string(keyring.SecretServiceBackend),
	string(keyring.KWalletBackend),
	string(keyring.KeyCtlBackend),
	string(keyring.PassBackend),
	string(keyring.FileBackend),
	string(keyring.KeychainBackend),
	string(keyring.WinCredBackend),
}

// ParseBackend validates a backend name; "" means auto.
func ParseBackend(s string) (string, error) {
	if s == "" {
		return Auto, nil
	}
	for _, n := range backendNames {
		if s == n {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown keyring backend %q: set keyring.backend or ASSUME_KEYRING_BACKEND to one of %s", s, strings.Join(backendNames[:], ", "))
}

// autoOrder is the order auto tries backends in on each OS: the OS's own
// store first, then the generic ones.
func autoOrder(goos string) []keyring.BackendType {
	switch goos {
	case "darwin":
		return []keyring.BackendType{keyring.KeychainBackend, keyring.PassBackend, keyring.FileBackend}
	case "windows":
		return []keyring.BackendType{keyring.WinCredBackend, keyring.FileBackend}
	default:
		return []keyring.BackendType{keyring.SecretServiceBackend, keyring.KWalletBackend, keyring.KeyCtlBackend, keyring.PassBackend, keyring.FileBackend}
	}
}

// host is what Open asks of the machine beyond cfg, so tests can stand in
// for another OS.
type host struct {
	order  []keyring.BackendType
	probed func(keyring.BackendType) // observes probes; nil in production
}

// Open returns the opened keyring and the backend actually used.
//
// An explicit backend is opened without round trips. auto reuses the
// backend remembered in StateDir while it opens, and otherwise probes the
// platform's backends in order with a real round trip, remembering the
// first that works; if none does the error is a *NoBackendError.
func Open(cfg Config) (keyring.Keyring, keyring.BackendType, error) {
	return openKeyring(cfg, host{order: autoOrder(runtime.GOOS)})
}

func openKeyring(cfg Config, h host) (keyring.Keyring, keyring.BackendType, error) {
	name, err := ParseBackend(cfg.Backend)
	if err != nil {
		return nil, keyring.InvalidBackend, err
	}
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.ServiceName == "" {
		cfg.ServiceName = "assume"
	}
	if name != Auto {
		b := keyring.BackendType(name)
		ring, err := openBackend(b, cfg)
		if err != nil {
			return nil, b, fmt.Errorf("open keyring backend %s: %w", b, err)
		}
		return ring, b, nil
	}
	if b, ok := readRemembered(cfg.StateDir, h.order); ok {
		ring, err := openBackend(b, cfg)
		switch {
		case err == nil:
			return ring, b, nil
		case errors.Is(err, ErrLocked):
			// Locked is not broken: moving the cache to another backend
			// (and remembering that) would strand what is cached here.
			return nil, b, fmt.Errorf("open keyring backend %s: %w", b, err)
		}
	}
	ring, b, err := probeInOrder(cfg, h)
	if err != nil {
		return nil, keyring.InvalidBackend, err
	}
	// Failing to remember only costs a probe next run.
	_ = remember(cfg.StateDir, b)
	return ring, b, nil
}
