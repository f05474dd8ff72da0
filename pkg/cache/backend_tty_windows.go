package cache

import "os"

// ttyAvailable says whether a passphrase prompt on the console could work.
func ttyAvailable() bool {
	f, err := os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}
