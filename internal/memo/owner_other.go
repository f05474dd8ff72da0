//go:build !unix

package memo

import "io/fs"

// ownedByMe cannot tell here; memos are read on Linux alone, so refuse.
func ownedByMe(fs.FileInfo) bool { return false }

const (
	noFollow = 0
	nonBlock = 0
)
