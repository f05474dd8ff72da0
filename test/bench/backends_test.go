package bench

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// The keyring backends the cache-hit benchmarks run against, by the names
// ASSUME_KEYRING_BACKEND takes.
const (
	fileBackend          = "file"
	keyctlBackend        = "keyctl"
	secretServiceBackend = "secret-service"
)

// backendEnv is the environment that points assume at one keyring
// backend, its state kept under home.
func backendEnv(b *testing.B, backend, home string) []string {
	b.Helper()
	env := []string{"ASSUME_KEYRING_BACKEND=" + backend}
	switch backend {
	case fileBackend:
		env = append(env, "ASSUME_KEYRING_FILE_DIR="+filepath.Join(home, "keyring"), "ASSUME_KEYRING_PASSPHRASE=bench passphrase")
	case secretServiceBackend:
		env = append(env, privateSecretService(b)...)
	}
	return env
}

// forgetCached removes what the benchmark cached from keyrings that
// outlive it: the kernel's user keyring is the user's, not the
// benchmark's, and a keyring holding many stale items makes every
// listing slower.
func forgetCached(b *testing.B, assume, backend string, env []string) {
	if backend != keyctlBackend {
		return
	}
	b.Cleanup(func() {
		clear := exec.Command(assume, "sessions", "clear")
		clear.Env = env
		if out, err := clear.CombinedOutput(); err != nil {
			b.Errorf("clearing the benchmark's sessions from the user keyring: %v\n%s", err, out)
		}
	})
}
