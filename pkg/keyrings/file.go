package keyrings

import (
	"errors"
	"fmt"
	"os"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/filering"
	"github.com/assume-cli/assume/pkg/privdir"
)

// errEmptyPassphrase is filering's refusal of an empty passphrase, saying
// what to do about it.
var errEmptyPassphrase = fmt.Errorf("%w: set ASSUME_KEYRING_PASSPHRASE to a non-empty value", filering.ErrEmptyPassphrase)

// fileDir is cfg.FileDir: the caller decides where files go (for assume,
// internal/host applies the XDG rules in one place).
func fileDir(cfg Config) (string, error) {
	if cfg.FileDir == "" {
		return "", errors.New("no directory for the file keyring: set ASSUME_KEYRING_FILE_DIR")
	}
	return cfg.FileDir, nil
}

func homeDir(cfg Config) (string, error) {
	if h := cfg.Getenv("HOME"); h != "" {
		return h, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the home directory: %w; set HOME or PASSWORD_STORE_DIR", err)
	}
	return h, nil
}

// ensurePrivateDir creates the file keyring's directory 0700 and refuses
// one that is not private (pkg/privdir): the keyring's item names are
// readable metadata and the files must not be swappable by someone else.
func ensurePrivateDir(dir string) error {
	if err := privdir.Ensure(dir); err != nil {
		return fmt.Errorf("the file keyring's directory: %w (or set ASSUME_KEYRING_FILE_DIR)", err)
	}
	return nil
}

// passphraseObtainable says whether the file backend could get a
// passphrase without failing: from the environment, or by prompting on a
// terminal. It never prompts itself.
func passphraseObtainable(cfg Config) bool {
	if cfg.Passphrase == nil {
		return false
	}
	return cfg.Getenv("ASSUME_KEYRING_PASSPHRASE") != "" || (cfg.HasConsole != nil && cfg.HasConsole())
}

// filePassword adapts the caller's passphrase source, refusing an empty one.
func filePassword(src func() (string, error)) keyring.PromptFunc {
	return func(string) (string, error) {
		if src == nil {
			return "", errors.New("no passphrase for the file keyring: set ASSUME_KEYRING_PASSPHRASE")
		}
		p, err := src()
		if err != nil {
			return "", fmt.Errorf("read the file keyring passphrase: %w", err)
		}
		if p == "" {
			return "", errEmptyPassphrase
		}
		return p, nil
	}
}
