package cache

import (
	"io/fs"
	"os"

	"github.com/assume-cli/assume/pkg/filelock"
)

// The operating system's part of the cache locks lives in pkg/filelock,
// which the SSO sign-in lock shares.
const (
	lockOpenFlags = filelock.OpenFlags
	holderOffset  = filelock.HolderOffset
)

func isLinkLoop(err error) bool                        { return filelock.IsLinkLoop(err) }
func checkLockOwner(path string, st fs.FileInfo) error { return filelock.CheckOwner(path, st) }
func tryLock(f *os.File) (bool, error)                 { return filelock.TryLock(f) }
func unlock(f *os.File)                                { filelock.Unlock(f) }
