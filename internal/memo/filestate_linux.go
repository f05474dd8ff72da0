package memo

import (
	"io/fs"
	"syscall"
)

func identify(s *FileState, st fs.FileInfo) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.Dev, s.Ino, s.CtimeNs = uint64(sys.Dev), sys.Ino, sys.Ctim.Nano()
	}
}
