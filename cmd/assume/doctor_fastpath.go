package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/assume-cli/assume/internal/doctor"
)

// fastPathCheck is what doctor reports of the front and the hot tier; nil
// off Linux, where there is neither.
func fastPathCheck(f *factory, s settings) *doctor.FastPathCheck {
	if runtime.GOOS != "linux" {
		return nil
	}
	c := &doctor.FastPathCheck{HotCacheOff: s.Keyring.NoHotCache}
	if exe := executable(); filepath.Base(exe) == fullName {
		_, err := os.Stat(filepath.Join(filepath.Dir(exe), frontName))
		c.FrontInstalled = err == nil
	}
	if _, err := openHot(false); err != nil && !errors.Is(err, errHotNotMade) {
		c.HotTierErr = err
	}
	return c
}
