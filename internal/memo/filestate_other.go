//go:build !linux

package memo

import "io/fs"

// identify has only size and mtime here: memos are read on Linux alone.
func identify(*FileState, fs.FileInfo) {}
