//go:build !windows

package keyrings

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/99designs/keyring"
)

// Not parallel: the umask is process-wide.
func TestFileBackendModesIgnoreTheUmask(t *testing.T) {
	// The test's own directories first: made under umask 0 they would be
	// 0777, a parent privdir rightly refuses.
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	old := syscall.Umask(0)
	defer syscall.Umask(old)

	cfg.Backend = "file"
	ring, _, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := ring.Set(keyring.Item{Key: "assume.test", Data: []byte("secret")}); err != nil {
		t.Fatal(err)
	}
	assertMode(t, cfg.FileDir, 0o700)
	assertMode(t, filepath.Dir(cfg.FileDir), 0o700) // created parents too
	assertMode(t, filepath.Join(cfg.FileDir, "assume.test"), 0o600)
	raw, err := os.ReadFile(filepath.Join(cfg.FileDir, "assume.test"))
	if err != nil || strings.Contains(string(raw), "secret") {
		t.Fatalf("item file is not encrypted: %q, %v", raw, err)
	}
	// The auto choice is remembered with the same care.
	cfg.Backend = ""
	if _, _, err := openKeyring(cfg, host{order: []keyring.BackendType{keyring.FileBackend}}); err != nil {
		t.Fatal(err)
	}
	assertMode(t, cfg.StateDir, 0o700)
	assertMode(t, filepath.Join(cfg.StateDir, rememberedBackendFile), 0o600)
}

func TestFileBackendRefusesADirectoryOthersCanReach(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	cfg.Backend = "file"
	if err := os.MkdirAll(cfg.FileDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(cfg.FileDir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(cfg)
	if err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("opened a 0755 keyring directory: %v", err)
	}
}
