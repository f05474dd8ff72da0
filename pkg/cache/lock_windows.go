//go:build windows

package cache

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// Windows has no O_NOFOLLOW; the lock directory is checked to be a plain
// directory in the user's profile, where others cannot plant links.
const lockOpenFlags = os.O_RDWR | os.O_CREATE

// holderOffset skips the byte LockFileEx locks: Windows byte-range locks
// are mandatory, so a waiter could not read a record written over it.
const holderOffset = 1

func isLinkLoop(error) bool { return false }

// checkLockOwner: fs.FileInfo carries no owner on Windows.
func checkLockOwner(string, fs.FileInfo) error { return nil }

func tryLock(f *os.File) (bool, error) {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}
