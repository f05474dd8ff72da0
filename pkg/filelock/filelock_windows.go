//go:build windows

package filelock

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// OpenFlags: Windows has no O_NOFOLLOW; lock directories are checked to be
// plain directories in the user's profile, where others cannot plant links.
const OpenFlags = os.O_RDWR | os.O_CREATE

// HolderOffset skips the byte LockFileEx locks: Windows byte-range locks
// are mandatory, so a waiter could not read a record written over it.
const HolderOffset = 1

// IsLinkLoop is never true without O_NOFOLLOW.
func IsLinkLoop(error) bool { return false }

// CheckOwner: fs.FileInfo carries no owner on Windows.
func CheckOwner(string, fs.FileInfo) error { return nil }

// TryLock takes f's exclusive lock without waiting; false when another
// holds it.
func TryLock(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, new(windows.Overlapped))
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

// Unlock releases f's lock.
func Unlock(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}
