package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/viper"

	"github.com/assume-cli/assume/internal/iostreams"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/keyrings"
)

// keyringSettings are the keyring.* keys of config.yaml, or ASSUME_KEYRING_*.
// The passphrase is read from the environment only: a passphrase in a config
// file would sit next to the cache it protects.
type keyringSettings struct {
	Backend string
	FileDir string
}

func loadKeyringSettings(v *viper.Viper) keyringSettings {
	_ = v.BindEnv("keyring.backend", "ASSUME_KEYRING_BACKEND")
	_ = v.BindEnv("keyring.file-dir", "ASSUME_KEYRING_FILE_DIR")
	return keyringSettings{Backend: v.GetString("keyring.backend"), FileDir: v.GetString("keyring.file-dir")}
}

func (d *deps) xdgDir(env, fallback string) string {
	if dir := d.Getenv(env); dir != "" {
		return dir
	}
	return filepath.Join(d.homeDir(), fallback)
}

// openStore opens the session cache. A keyring that cannot be opened is not
// an error: the run continues uncached, with one warning when warn is set.
func openStore(d *deps, ks keyringSettings, warn bool) *cache.Store {
	warnf := func(format string, args ...any) {
		if warn {
			fmt.Fprintf(d.Stderr, "assume: warning: "+format+"; continuing without the session cache\n", args...)
		}
	}
	backend, err := keyrings.ParseBackend(ks.Backend)
	if err != nil {
		warnf("%v", err)
		return nil
	}
	start := d.Debug.Now()
	ring, used, err := keyrings.Open(backendConfig(d, ks, backend, filePassphrase(d)))
	if err != nil {
		if d.Debug.On() {
			d.Debug.Printf("keyring: %s gave no usable backend after %s: %v", backend, d.Debug.Since(start), err)
		}
		warnf("no usable keyring (%v)", err)
		return nil
	}
	if d.Debug.On() {
		d.Debug.Printf("keyring: asked %s, using %s (opened in %s); locks in %s", backend, used, d.Debug.Since(start), lockDir(d))
		if backend == keyrings.Auto {
			d.Debug.Printf("keyring: auto remembers its choice in %s", filepath.Join(d.xdgDir("XDG_CACHE_HOME", ".cache"), "assume"))
		}
	}
	return cache.New(ring, cache.Options{
		Backend: string(used),
		Locks:   cache.FileLocks{Dir: lockDir(d)},
		Now:     d.Now,
		Warn:    d.Stderr,
		Debug:   d.Debug,
	})
}

// backendConfig is how assume opens its keyring; passphrase supplies the
// file backend's passphrase (doctor passes one that never prompts).
func backendConfig(d *deps, ks keyringSettings, backend string, passphrase func() (string, error)) keyrings.Config {
	return keyrings.Config{
		Backend:     backend,
		ServiceName: "assume",
		FileDir:     ks.FileDir,
		Passphrase:  passphrase,
		StateDir:    filepath.Join(d.xdgDir("XDG_CACHE_HOME", ".cache"), "assume"),
		Getenv:      d.Getenv,
		HasConsole:  hasConsole,
	}
}

// hasConsole says whether the file keyring's passphrase could be asked for
// on the terminal, without asking.
func hasConsole() bool {
	c, err := iostreams.OpenConsole()
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// lockDir prefers the per-user runtime directory (tmpfs, private), else the
// cache directory.
func lockDir(d *deps) string {
	if dir := d.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		return filepath.Join(dir, "assume")
	}
	return filepath.Join(d.xdgDir("XDG_CACHE_HOME", ".cache"), "assume", "locks")
}

// filePassphrase reads ASSUME_KEYRING_PASSPHRASE, else asks on the terminal;
// there is no empty default.
func filePassphrase(d *deps) func() (string, error) {
	return func() (string, error) {
		if p := d.Getenv("ASSUME_KEYRING_PASSPHRASE"); p != "" {
			return p, nil // setupDebug already told the redactor
		}
		if d.PromptSecret == nil {
			return "", errors.New("the file keyring needs a passphrase: set ASSUME_KEYRING_PASSPHRASE")
		}
		p, err := d.PromptSecret("Passphrase for the assume file keyring: ")
		if err != nil {
			return "", err
		}
		if p == "" {
			return "", errors.New("the file keyring passphrase must not be empty")
		}
		d.Debug.Secret(p)
		return p, nil
	}
}

// keyringKeys reads keys stored with `assume keys add`, or nil without a store.
func keyringKeys(s *cache.Store) func(profile, accessKeyID string) (creds.Credentials, error) {
	if s == nil {
		return nil
	}
	return s.GetKeys
}

// storeAsCache hands the store to the executor; a nil store means no cache
// (a typed nil inside the interface would not compare equal to nil).
func storeAsCache(s *cache.Store) assume.Cache {
	if s == nil {
		return nil
	}
	return s
}
