package doctor

import "fmt"

// FastPathCheck is what decides whether repeated cache hits are answered
// by the front program on Linux (docs/performance.md).
type FastPathCheck struct {
	// FrontInstalled: this full program runs as assume-full next to the
	// front; false when it was installed alone (go install).
	FrontInstalled bool
	// HotCacheOff: keyring.hot-cache is false.
	HotCacheOff bool
	// HotTierErr is why the hot tier cannot be used in this session, nil
	// when it can.
	HotTierErr error
}

// checkFastPath reports, as information, what keeps hits off the fast
// path: nothing is broken, they only cost more.
func checkFastPath(c FastPathCheck) []Finding {
	info := func(code, msg, fix string) Finding {
		return Finding{Severity: SeverityInfo, Code: code, Message: msg, Fix: fix}
	}
	if !c.FrontInstalled {
		return []Finding{info("front-missing",
			"the front program is not installed next to this one: every cache hit starts the full program (about 4x a hello-world instead of 1.4x)",
			"install with `make install` or from a release archive, which put assume and assume-full side by side")}
	}
	switch {
	case c.HotCacheOff:
		return []Finding{info("hot-tier-off",
			"keyring.hot-cache is off: cache hits on the file and Secret Service backends start the full program (the keyctl backend stays fast)",
			"remove keyring.hot-cache (or ASSUME_KEYRING_HOT_CACHE) to turn it back on; see docs/security.md for what it trades")}
	case c.HotTierErr != nil:
		return []Finding{info("hot-tier-unavailable",
			fmt.Sprintf("the hot tier cannot be used here (%v): cache hits on the file and Secret Service backends start the full program (the keyctl backend stays fast)", c.HotTierErr),
			"run assume from a login session (one with its own session keyring, as pam_keyinit gives), or use keyring.backend keyctl")}
	}
	return nil
}
