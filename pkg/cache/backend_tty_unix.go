//go:build !windows

package cache

import "os"

// ttyAvailable says whether a passphrase prompt on /dev/tty could work.
func ttyAvailable() bool {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}
