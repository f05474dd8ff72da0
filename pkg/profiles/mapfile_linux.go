package profiles

import (
	"os"
	"syscall"
	"unsafe"
)

// mapThreshold is the size from which a file is mapped instead of read. A
// 10,000-profile config is ~1.7 MB: reading it faults in 400+ fresh pages of
// heap, which in a short-lived process costs more than the scan itself;
// MAP_POPULATE maps the page cache in one call.
const mapThreshold = 128 << 10

// mapFile maps fh read-only. ok is false when mapping is not worth it or
// fails; the caller then reads the file. The mapping lives as long as the
// process: the Config's strings point into it.
func mapFile(fh *os.File, size int64) (data string, ok bool) {
	if size < mapThreshold || size >= 1<<31 {
		return "", false
	}
	b, err := syscall.Mmap(int(fh.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return "", false
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}
