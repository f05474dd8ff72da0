package filering

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// writeFileAtomic replaces path with data so that readers see either the
// old item or the whole new one, never a partial write: 99designs' backend
// wrote in place, and a cache hit racing a refresh could read half a JWE.
// The temp file lives in dir so the rename stays on one filesystem.
func writeFileAtomic(dir, path string, data []byte, beforeRename func(string)) (err error) {
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if errors.Is(err, fs.ErrNotExist) {
		// The directory was removed since it was opened: recreate it as
		// the opener does (MkdirAll can only narrow 0700 via the umask).
		if err = os.MkdirAll(dir, 0o700); err == nil {
			f, err = os.CreateTemp(dir, tmpPrefix+"*")
		}
	}
	if err != nil {
		return fmt.Errorf("create keyring item: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	// CreateTemp asks for 0600 but the umask could narrow it; set it
	// exactly, before any secret is written.
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("chmod keyring item: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write keyring item: %w", err)
	}
	// Without the sync a crash after the rename can leave an empty file
	// on some filesystems. Writes only happen on a cache miss.
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync keyring item: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close keyring item: %w", err)
	}
	if beforeRename != nil {
		beforeRename(tmp)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replace keyring item: %w", err)
	}
	return nil
}
