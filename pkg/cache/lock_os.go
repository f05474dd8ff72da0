package cache

import (
	"os"

	"github.com/assume-cli/assume/pkg/filelock"
)

// The operating system's part of the cache locks lives in pkg/filelock,
// which the SSO sign-in lock shares.
const holderOffset = filelock.HolderOffset

func tryLock(f *os.File) (bool, error) { return filelock.TryLock(f) }
func unlock(f *os.File)                { filelock.Unlock(f) }
