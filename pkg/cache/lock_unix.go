//go:build unix

package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// lockOpenFlags never follow a symbolic link at the lock's name.
const lockOpenFlags = os.O_RDWR | os.O_CREATE | syscall.O_NOFOLLOW

// holderOffset is where the holder record starts: flock locks the whole
// file without touching its bytes.
const holderOffset = 0

// isLinkLoop: O_NOFOLLOW on a link fails with ELOOP (EMLINK on FreeBSD).
func isLinkLoop(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}

// checkLockOwner refuses a lock file that is not ours, or that has
// another name (a hard link): we write the holder record into it.
func checkLockOwner(path string, st fs.FileInfo) error {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if sys.Uid != uint32(os.Geteuid()) {
		return fmt.Errorf("the cache lock %s belongs to uid %d, not you: remove it", path, sys.Uid)
	}
	if sys.Nlink != 1 {
		return fmt.Errorf("the cache lock %s has %d names (hard links): remove it", path, sys.Nlink)
	}
	return nil
}

func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
