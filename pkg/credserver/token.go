package credserver

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/assume-cli/assume/pkg/privdir"
)

// tokenBytes is the token's entropy: 256 bits.
const tokenBytes = 32

// NewToken returns a random token, hex-encoded (64 characters, legal in an
// HTTP header as the SDKs send it: the whole Authorization value).
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating the server token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// TokenFile is the token written for AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE:
// a 0600 file in a 0700 directory of its own, so the token is never in an
// environment other processes can read or on a command line.
type TokenFile struct {
	// Path is the file the SDKs read (on every fetch, so a fixed path can
	// get a new token when the server restarts).
	Path string
	dir  string
}

// WriteTokenFile writes token into a private directory under parent:
// a fresh random one when name is "", else parent/name (for a fixed path
// across runs, e.g. one per port). parent is created 0700 if missing and
// must be a directory only its owner can enter.
func WriteTokenFile(parent, name, token string) (*TokenFile, error) {
	if err := privateDir(parent); err != nil {
		return nil, err
	}
	var dir string
	if name == "" {
		d, err := os.MkdirTemp(parent, "run-")
		if err != nil {
			return nil, fmt.Errorf("creating the token directory: %w", err)
		}
		dir = d
	} else {
		dir = filepath.Join(parent, name)
		if err := privateDir(dir); err != nil {
			return nil, err
		}
	}
	path := filepath.Join(dir, "token")
	// Written beside and renamed, so an SDK never reads half a token, and a
	// file left by an earlier run is replaced rather than reopened.
	tmp, err := os.CreateTemp(dir, ".token-")
	if err != nil {
		return nil, fmt.Errorf("writing the token file: %w", err)
	}
	_, werr := tmp.WriteString(token) // no newline: the Go SDK sends the file as it is
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("writing the token file: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("writing the token file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("writing the token file: %w", err)
	}
	return &TokenFile{Path: path, dir: dir}, nil
}

// Remove deletes the token file and its directory.
func (t *TokenFile) Remove() error {
	if t == nil {
		return nil
	}
	return os.RemoveAll(t.dir)
}

// privateDir makes dir (mode 0700) or checks an existing one (pkg/privdir:
// a real directory of ours that only we can enter, under parents nobody
// else can rename it in). One that is too wide is refused, not narrowed:
// while it was open someone may have put a token directory of theirs in
// it.
func privateDir(dir string) error {
	if err := privdir.Ensure(dir); err != nil {
		return fmt.Errorf("no private directory for the server's token: %w (or set XDG_RUNTIME_DIR to one)", err)
	}
	return nil
}
