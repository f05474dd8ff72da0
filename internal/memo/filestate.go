package memo

import (
	"errors"
	"io/fs"
	"os"
)

// FileState is a file's identity: a file replaced, rewritten or touched
// gets another (a rename gives a new inode; a write a new mtime and
// ctime). A file that does not exist has a state too, so creating one
// is a change.
type FileState struct {
	Path    string
	Exists  bool
	Dev     uint64 `json:",omitempty"`
	Ino     uint64 `json:",omitempty"`
	Size    int64  `json:",omitempty"`
	MtimeNs int64  `json:",omitempty"`
	CtimeNs int64  `json:",omitempty"`
}

// Stat reads path's state. An error other than non-existence means no
// memo can depend on the file.
func Stat(path string) (FileState, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return FileState{Path: path}, nil
	}
	if err != nil {
		return FileState{}, err
	}
	s := FileState{Path: path, Exists: true, Size: st.Size(), MtimeNs: st.ModTime().UnixNano()}
	identify(&s, st)
	return s, nil
}

// Unchanged says whether the file is still as recorded.
func (s FileState) Unchanged() bool {
	now, err := Stat(s.Path)
	return err == nil && now == s
}
