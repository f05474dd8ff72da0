package bench

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Before any child starts: the hot tier of the cache lives in the
	// session keyring, which children inherit (Linux; elsewhere a no-op).
	if err := ownSessionKeyring(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	builds.remove()
	os.Exit(code)
}
