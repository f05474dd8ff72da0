package keyrings

import (
	"errors"
	"fmt"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/filering"
)

// secretServiceCollection is the Secret Service collection assume uses.
// "login" is unlocked at login (or by `gnome-keyring-daemon --unlock`);
// a collection of our own would ask for a new password in a GUI prompt,
// which hangs or fails on a headless machine.
const secretServiceCollection = "login"

// keyctlPerm lets the owning uid, not only the key's possessor, read the
// cache: the library's default gives other processes of the same user
// view-only access, so a second shell (another session keyring) could
// not read what the first cached. Group and others get nothing.
const keyctlPerm = 0x3f3f0000 // possessor: all, user: all

// openBackend opens one backend with only local checks (no probe items),
// so it is cheap enough for every run.
func openBackend(b keyring.BackendType, cfg Config) (keyring.Keyring, error) {
	kc := keyring.Config{
		AllowedBackends:         []keyring.BackendType{b},
		ServiceName:             cfg.ServiceName,
		LibSecretCollectionName: secretServiceCollection,
		KWalletAppID:            cfg.ServiceName,
		KWalletFolder:           cfg.ServiceName,
		KeyCtlScope:             "user",
		KeyCtlPerm:              keyctlPerm,
		WinCredPrefix:           cfg.ServiceName,
	}
	switch b {
	case keyring.KWalletBackend:
		// For kwallet ServiceName names the wallet: use the default one,
		// which the desktop opens at login, and keep ours in a folder.
		kc.ServiceName = "kdewallet"
	case keyring.FileBackend:
		dir, err := fileDir(cfg)
		if err != nil {
			return nil, err
		}
		if err := ensurePrivateDir(dir); err != nil {
			return nil, err
		}
		if !passphraseObtainable(cfg) {
			return nil, errors.New("no passphrase for the file keyring: set ASSUME_KEYRING_PASSPHRASE or run in a terminal")
		}
		// Our own implementation of the library's file format: same files,
		// half the cost per read, atomic writes (see pkg/filering).
		return filering.New(dir, filePassword(cfg.Passphrase)), nil
	case keyring.SecretServiceBackend:
		if err := secretServiceOpenable(cfg); err != nil {
			return nil, err
		}
	case keyring.PassBackend:
		dir, err := passDir(cfg)
		if err != nil {
			return nil, err
		}
		if err := checkPassStore(dir, cfg.ServiceName); err != nil {
			return nil, err
		}
		// Our own runner of pass, which keeps items out of git and pass's
		// output off our stderr (see passRing).
		return newPassRing(dir, cfg.ServiceName), nil
	}
	ring, err := keyring.Open(kc)
	if errors.Is(err, keyring.ErrNoAvailImpl) {
		return nil, fmt.Errorf("%s is not available in this build or session%s", b, unavailableHint(b))
	}
	if err != nil {
		return nil, err
	}
	if b == keyring.SecretServiceBackend || b == keyring.KWalletBackend {
		ring = daemonRing{ring}
	}
	return SplitLargeItems(b, ring), nil // wincred: values over 2,560 bytes in parts
}

// unavailableHint says why the library did not register a backend.
func unavailableHint(b keyring.BackendType) string {
	switch b {
	case keyring.SecretServiceBackend, keyring.KWalletBackend:
		return " (no D-Bus session bus when assume started: is DBUS_SESSION_BUS_ADDRESS set?)"
	case keyring.KeychainBackend:
		return " (the keychain needs a build with cgo)"
	}
	return ""
}
