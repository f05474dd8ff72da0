package sso

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxCacheFile bounds what is read from the token cache: a token file is
// a few kilobytes.
const maxCacheFile = 1 << 20

// readJSON reads one cache file into v; fs.ErrNotExist when absent.
func readJSON(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() > maxCacheFile {
		return fmt.Errorf("%s is larger than %d bytes", path, maxCacheFile)
	}
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// writeJSON replaces path atomically with v as JSON, mode 0600, creating
// its directory 0700: a reader sees the old file or the new one, never
// half of either, and nobody else can read the tokens.
func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := privateDir(dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".assume-*.tmp")
	if err != nil {
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		tmp.Close()
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the sso cache: %w", err)
	}
	return nil
}

// privateDir creates dir and its missing parents 0700 and narrows dir
// itself to 0700 when it is wider: botocore creates ~/.aws/sso/cache with
// the umask's mode.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the sso cache directory: %w", err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("creating the sso cache directory: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(dir, st.Mode().Perm()&0o700) // best effort: not ours, or Windows
	}
	return nil
}

func notExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
