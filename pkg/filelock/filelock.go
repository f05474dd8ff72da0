// Package filelock is the advisory file lock assume's cross-process locks
// are built on (flock on unix, LockFileEx on Windows): the kernel drops it
// when its holder dies, so a crashed assume never leaves a stale lock.
package filelock

import (
	"fmt"
	"os"
)

// Open opens (creating 0600) a lock file that must be a regular file of
// ours with no other name. It never follows a link, so a planted
// NAME.lock -> ~/anything cannot make the caller create or write that file.
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, OpenFlags, 0o600)
	if err != nil {
		if IsLinkLoop(err) {
			return nil, fmt.Errorf("the lock %s is a symbolic link: remove it", path)
		}
		return nil, fmt.Errorf("opening the lock %s: %w", path, err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("the lock %s is not a regular file: remove it", path)
	}
	if err == nil {
		err = CheckOwner(path, st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
