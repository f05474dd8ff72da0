//go:build unix

package filelock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// OpenFlags never follow a symbolic link at the lock's name.
const OpenFlags = os.O_RDWR | os.O_CREATE | syscall.O_NOFOLLOW

// HolderOffset is where a record of the holder may start: flock locks the
// whole file without touching its bytes.
const HolderOffset = 0

// IsLinkLoop: O_NOFOLLOW on a link fails with ELOOP (EMLINK on FreeBSD).
func IsLinkLoop(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}

// CheckOwner refuses a lock file that is not ours, or that has another
// name (a hard link): callers write into it.
func CheckOwner(path string, st fs.FileInfo) error {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if sys.Uid != uint32(os.Geteuid()) {
		return fmt.Errorf("the lock %s belongs to uid %d, not you: remove it", path, sys.Uid)
	}
	if sys.Nlink != 1 {
		return fmt.Errorf("the lock %s has %d names (hard links): remove it", path, sys.Nlink)
	}
	return nil
}

// TryLock takes f's exclusive lock without waiting; false when another
// holds it.
func TryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// Unlock releases f's lock.
func Unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
