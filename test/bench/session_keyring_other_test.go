//go:build !linux

package bench

import "testing"

// Only Linux has session keyrings, and only there is there a hot tier.
func ownSessionKeyring() error { return nil }

func sessionLauncher(b *testing.B) string {
	b.Skip("a login session's first hit (a new session keyring per run) is measured on Linux only")
	return ""
}
