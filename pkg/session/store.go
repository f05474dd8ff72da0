package session

import (
	"errors"
	"fmt"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/keyrings"
)

// The keyring types a session opens, named here so callers and tests need
// not import the backends.
type (
	KeyringConfig = keyrings.Config
	Keyring       = keyring.Keyring
	BackendType   = keyring.BackendType
)

// Store opens the session cache on first use. A keyring that cannot be
// opened is not an error: the run continues uncached, with one warning
// when warn is set on that first call (commands that only read stored
// keys open it quietly).
func (s *Session) Store(warn bool) *cache.Store {
	if s.storeOpened {
		return s.store
	}
	s.storeOpened = true
	s.store = s.openStore(warn)
	return s.store
}

func (s *Session) openStore(warn bool) *cache.Store {
	d := s.deps.Debug
	warnf := func(format string, args ...any) {
		if warn {
			fmt.Fprintf(s.deps.Stderr, "assume: warning: "+format+"; continuing without the session cache\n", args...)
		}
	}
	backend, err := keyrings.ParseBackend(s.opts.Keyring.Backend)
	if err != nil {
		warnf("%v", err)
		return nil
	}
	open := s.deps.OpenKeyring
	if open == nil {
		open = keyrings.Open
	}
	start := d.Now()
	ring, used, err := open(s.KeyringConfig(s.filePassphrase))
	if err != nil {
		if d.On() {
			d.Printf("keyring: %s gave no usable backend after %s: %v", backend, d.Since(start), err)
		}
		warnf("no usable keyring (%v)", err)
		return nil
	}
	if d.On() {
		d.Printf("keyring: asked %s, using %s (opened in %s); locks in %s (%s if that is not private)", backend, used, d.Since(start), s.deps.Host.LockDir(), s.deps.Host.CacheLockDir())
		if backend == keyrings.Auto {
			d.Printf("keyring: auto remembers its choice in %s", s.deps.Host.StateDir())
		}
	}
	return cache.New(ring, cache.Options{
		Backend:  string(used),
		Locks:    &cache.FileLocks{Dir: s.deps.Host.LockDir(), Fallback: s.deps.Host.CacheLockDir(), Warn: s.deps.Stderr, Timeout: s.opts.LockTimeout},
		Now:      s.deps.Host.Now,
		Warn:     s.deps.Stderr,
		Debug:    d,
		Hot:      s.openHot(used),
		OnChange: s.deps.OnCacheChange,
	})
}

// openHot is the hot tier for a cache on backend, or nil: the keyctl
// backend needs none (it is the kernel keyring already), and with
// keyring.hot-cache off the copies left from before are dropped.
func (s *Session) openHot(backend BackendType) cache.Hot {
	if s.deps.OpenHot == nil || backend == keyring.KeyCtlBackend {
		return nil
	}
	if s.opts.Keyring.NoHotCache {
		if hot, err := s.deps.OpenHot(false); err == nil {
			_ = hot.Clear()
		}
		return nil
	}
	hot, err := s.deps.OpenHot(true)
	if s.deps.Debug.On() {
		s.deps.Debug.Printf("keyring: hot tier in the session keyring: %v", errOr(err, "on"))
	}
	if err != nil {
		return nil
	}
	s.hotOn = true
	return hot
}

// HotCache says whether this run keeps hot copies of what it reads.
func (s *Session) HotCache() bool { return s.hotOn }

func errOr(err error, ok string) string {
	if err != nil {
		return err.Error()
	}
	return ok
}

// KeyringConfig is how assume opens its keyring; passphrase supplies the
// file backend's passphrase (doctor passes one that never prompts).
func (s *Session) KeyringConfig(passphrase func() (string, error)) KeyringConfig {
	backend, err := keyrings.ParseBackend(s.opts.Keyring.Backend)
	if err != nil {
		backend = s.opts.Keyring.Backend // Open reports it
	}
	fileDir := s.opts.Keyring.FileDir
	if fileDir == "" {
		fileDir = s.deps.Host.FileKeyringDir()
	}
	return KeyringConfig{
		Backend:     backend,
		ServiceName: "assume",
		FileDir:     fileDir,
		Passphrase:  passphrase,
		StateDir:    s.deps.Host.StateDir(),
		Getenv:      s.deps.Host.Getenv,
		HasConsole:  s.deps.HasConsole,
	}
}

// PassphraseEnv is the file backend's passphrase variable. It is read from
// the environment only: a passphrase in a config file would sit next to
// the cache it protects.
const PassphraseEnv = "ASSUME_KEYRING_PASSPHRASE"

// EnvPassphrase reads the passphrase from the environment and never asks.
func (s *Session) EnvPassphrase() (string, error) {
	if p := s.deps.Host.Env(PassphraseEnv); p != "" {
		return p, nil
	}
	return "", errors.New("the file keyring needs a passphrase: set " + PassphraseEnv)
}

// filePassphrase reads ASSUME_KEYRING_PASSPHRASE, else asks on the
// terminal; there is no empty default.
func (s *Session) filePassphrase() (string, error) {
	if p := s.deps.Host.Env(PassphraseEnv); p != "" {
		return p, nil // the debug log was told about it at start-up
	}
	if s.deps.PromptSecret == nil {
		return "", errors.New("the file keyring needs a passphrase: set " + PassphraseEnv)
	}
	p, err := s.deps.PromptSecret("Passphrase for the assume file keyring: ")
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", errors.New("the file keyring passphrase must not be empty")
	}
	s.deps.Debug.Secret(p)
	return p, nil
}

// keyringKeys reads keys stored with `assume keys add`, or nil without a store.
func keyringKeys(st *cache.Store) func(profile, accessKeyID string) (creds.Credentials, error) {
	if st == nil {
		return nil
	}
	return st.GetKeys
}

// asCache hands the store to the executor; a nil store means no cache (a
// typed nil inside the interface would not compare equal to nil).
func asCache(st *cache.Store) assume.Cache {
	if st == nil {
		return nil
	}
	return st
}
