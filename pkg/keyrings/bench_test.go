package keyrings

import (
	"os"
	"runtime"
	"testing"

	"github.com/99designs/keyring"
)

// The cache-hit path opens the keyring on every run of assume, so opening
// must stay at local checks. `make test` does not run these; see
// `go test -run '^$' -bench OpenKeyring ./pkg/keyrings` (through
// scripts/test-env.sh for secret-service and pass).

func benchOpen(b *testing.B, cfg Config) {
	b.Helper()
	if _, _, err := Open(cfg); err != nil {
		b.Skipf("%s unavailable: %v", cfg.Backend, err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Open(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func benchConfig(b *testing.B, backend string) Config {
	dir := b.TempDir()
	env := map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set", "HOME": dir}
	return Config{
		Backend:     backend,
		ServiceName: "assume-bench",
		FileDir:     dir + "/keyring",
		Passphrase:  func() (string, error) { return "correct horse", nil },
		PassDir:     os.Getenv("ASSUME_TEST_PASS_DIR"),
		StateDir:    dir + "/state",
		Getenv:      func(k string) string { return env[k] },
	}
}

func BenchmarkOpenKeyring(b *testing.B) {
	for _, name := range []string{"file", "keyctl", "pass", "secret-service"} {
		b.Run(name, func(b *testing.B) { benchOpen(b, benchConfig(b, name)) })
	}
	// auto after its first run: read the remembered name, open that.
	b.Run("auto-remembered", func(b *testing.B) {
		cfg := benchConfig(b, "")
		_, chosen, err := Open(cfg)
		if err != nil {
			b.Skip(err)
		}
		b.Logf("auto remembered %s on %s", chosen, runtime.GOOS)
		benchOpen(b, cfg)
	})
}

// BenchmarkFileGet is the file backend's cost per cache hit: each Get
// derives the key from the passphrase (PBES2) again.
func BenchmarkFileGet(b *testing.B) {
	cfg := benchConfig(b, "file")
	ring, _, err := Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := ring.Set(keyring.Item{Key: "assume.bench", Data: make([]byte, 1500)}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ring, _, _ := Open(cfg)
		if _, err := ring.Get("assume.bench"); err != nil {
			b.Fatal(err)
		}
	}
}
