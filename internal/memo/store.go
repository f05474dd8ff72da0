package memo

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/assume-cli/assume/pkg/privdir"
)

// maxRecord bounds what Read accepts; a record is a few hundred bytes.
const maxRecord = 64 << 10

// ErrNone says there is no usable memo: the full program must run.
var ErrNone = errors.New("no memo")

// Read returns the memo of key in dir. Only a private directory (owned
// by this user, mode 0700, no link) and a regular file of this user's
// with mode 0600 are read: a memo decides what a hit prints.
func Read(dir, key string) (Record, error) {
	if err := checkDir(dir); err != nil {
		return Record{}, err
	}
	f, err := os.OpenFile(path(dir, key), os.O_RDONLY|noFollow|nonBlock, 0)
	if err != nil {
		return Record{}, fmt.Errorf("%w: %v", ErrNone, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 || !ownedByMe(st) {
		return Record{}, fmt.Errorf("%w: %s is not a private file", ErrNone, f.Name())
	}
	data, err := io.ReadAll(io.LimitReader(f, maxRecord+1))
	if err != nil || len(data) > maxRecord {
		return Record{}, fmt.Errorf("%w: reading %s", ErrNone, f.Name())
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil || r.V != Version {
		return Record{}, fmt.Errorf("%w: %s is not a memo of this version", ErrNone, f.Name())
	}
	return r, nil
}

func checkDir(dir string) error {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 || !ownedByMe(st) {
		return fmt.Errorf("%w: %s is not a private directory", ErrNone, dir)
	}
	return nil
}

// Write stores r as the memo of key, atomically: a reader sees the old
// record or the new one.
func Write(dir, key string, r Record) error {
	r.V = Version
	if err := privdir.Ensure(dir); err != nil {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding the memo: %w", err)
	}
	return replace(path(dir, key), data)
}

// Remove drops the memo of key, if any.
func Remove(dir, key string) {
	_ = os.Remove(path(dir, key))
}

// replace writes data to a new private file and renames it over name.
func replace(name string, data []byte) error {
	var suffix [8]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return fmt.Errorf("naming a temporary file: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+"."+hex.EncodeToString(suffix[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, name)
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, werr)
	}
	return nil
}

// EpochFile is dir's epoch file, which Bump replaces.
func EpochFile(dir string) string { return filepath.Join(dir, epochName) }

// Epoch is the state of dir's epoch file.
func Epoch(dir string) (FileState, error) { return Stat(EpochFile(dir)) }

// Bump replaces the epoch file, so every memo recorded before no longer
// matches: the cache changed, and a hit may now return something else.
func Bump(dir string) error {
	if err := privdir.Ensure(dir); err != nil {
		return err
	}
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return fmt.Errorf("bumping the memo epoch: %w", err)
	}
	return replace(EpochFile(dir), []byte(hex.EncodeToString(nonce[:])+"\n"))
}
