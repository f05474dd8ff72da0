package keyrings

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/filering"
)

// backendTestConfig is a file-backend-capable config confined to t's temp dir.
func backendTestConfig(t *testing.T, env map[string]string) Config {
	t.Helper()
	dir := t.TempDir()
	return Config{
		ServiceName: "assume",
		FileDir:     filepath.Join(dir, "data", "assume", "keyring"),
		Passphrase:  func() (string, error) { return "correct horse", nil },
		PassDir:     filepath.Join(dir, "no-password-store"),
		StateDir:    filepath.Join(dir, "state", "assume"),
		Getenv:      func(k string) string { return env[k] },
	}
}

// noTTY is a HasConsole for a run without a terminal.
func noTTY() bool { return false }

func TestParseBackend(t *testing.T) {
	for _, ok := range []string{"auto", "secret-service", "kwallet", "keyctl", "pass", "file", "keychain", "wincred"} {
		if got, err := ParseBackend(ok); err != nil || got != ok {
			t.Errorf("ParseBackend(%q) = %q, %v", ok, got, err)
		}
	}
	if got, err := ParseBackend(""); err != nil || got != Auto {
		t.Errorf(`ParseBackend("") = %q, %v; want auto`, got, err)
	}
	for _, bad := range []string{"File", "gnome-keyring", " file", "none"} {
		_, err := ParseBackend(bad)
		if err == nil {
			t.Errorf("ParseBackend(%q) accepted", bad)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "secret-service, kwallet, keyctl, pass, file") || strings.Contains(msg, "\n") {
			t.Errorf("ParseBackend(%q) error does not list the valid names on one line: %v", bad, err)
		}
	}
	if _, _, err := Open(Config{Backend: "nope"}); err == nil {
		t.Error("OpenKeyring accepted an unknown backend")
	}
}

func TestFileBackendRoundTrip(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	cfg.Backend = "file"
	ring, b, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b != keyring.FileBackend {
		t.Fatalf("backend = %s", b)
	}
	exerciseKeyring(t, ring)
}

func TestFileBackendRefusesEmptyPassphrase(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	cfg.Backend = "file"
	cfg.Passphrase = func() (string, error) { return "", nil }
	ring, _, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = ring.Set(keyring.Item{Key: "k", Data: []byte("secret")})
	if !errors.Is(err, errEmptyPassphrase) {
		t.Fatalf("Set with an empty passphrase: %v, want errEmptyPassphrase", err)
	}
	if names, _ := os.ReadDir(cfg.FileDir); len(names) != 0 {
		t.Fatalf("an item was written without a passphrase: %v", names)
	}
}

func TestFileBackendNeedsAPassphraseSource(t *testing.T) {
	cfg := backendTestConfig(t, nil)
	cfg.Backend = "file"
	cfg.HasConsole = noTTY
	if _, _, err := openKeyring(cfg, host{}); err == nil || !strings.Contains(err.Error(), "ASSUME_KEYRING_PASSPHRASE") {
		t.Fatalf("no env passphrase and no terminal: %v, want an error naming ASSUME_KEYRING_PASSPHRASE", err)
	}
	cfg.HasConsole = func() bool { return true }
	if _, _, err := openKeyring(cfg, host{}); err != nil {
		t.Fatalf("with a terminal to prompt on: %v", err)
	}
	cfg.Passphrase = nil
	if _, _, err := openKeyring(cfg, host{}); err == nil {
		t.Fatal("opened the file backend with no passphrase source")
	}
}

func TestAutoRemembersItsChoiceAndReprobesWhenItFails(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	var probed []keyring.BackendType
	h := host{
		order:  []keyring.BackendType{keyring.PassBackend, keyring.FileBackend},
		probed: func(b keyring.BackendType) { probed = append(probed, b) },
	}

	// First run: pass (no store here) fails its probe, file works.
	_, b, err := openKeyring(cfg, h)
	if err != nil || b != keyring.FileBackend {
		t.Fatalf("first auto = %s, %v; want file", b, err)
	}
	if len(probed) != 2 {
		t.Fatalf("first auto probed %v, want pass then file", probed)
	}
	state := filepath.Join(cfg.StateDir, rememberedBackendFile)
	if got, _ := os.ReadFile(state); string(got) != "file\n" {
		t.Fatalf("remembered %q, want file", got)
	}
	if runtime.GOOS != "windows" {
		assertMode(t, state, 0o600)
		assertMode(t, cfg.StateDir, 0o700)
	}

	// Second run: reuses the remembered backend without probing.
	probed = nil
	if _, b, err = openKeyring(cfg, h); err != nil || b != keyring.FileBackend || len(probed) != 0 {
		t.Fatalf("second auto = %s, %v, probed %v; want file without probing", b, err, probed)
	}

	// The remembered backend stops opening: probe again and remember anew.
	if err := os.WriteFile(state, []byte("pass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, b, err = openKeyring(cfg, h); err != nil || b != keyring.FileBackend || len(probed) != 2 {
		t.Fatalf("auto after the remembered pass broke = %s, %v, probed %v; want file after probing", b, err, probed)
	}
	if got, _ := os.ReadFile(state); string(got) != "file\n" {
		t.Fatalf("remembered %q after re-probing, want file", got)
	}
}

func TestAutoIgnoresARememberedBackendItWouldNotPick(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg.StateDir, rememberedBackendFile), []byte("wincred\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	probes := 0
	h := host{order: []keyring.BackendType{keyring.FileBackend}, probed: func(keyring.BackendType) { probes++ }}
	if _, b, err := openKeyring(cfg, h); err != nil || b != keyring.FileBackend || probes != 1 {
		t.Fatalf("auto = %s, %v after %d probes; want file after probing", b, err, probes)
	}
}

func TestAutoWithNothingWorkingSaysWhatWasTriedAndWhatToDo(t *testing.T) {
	cfg := backendTestConfig(t, nil) // no passphrase in env, no terminal
	h := host{order: []keyring.BackendType{keyring.PassBackend, keyring.FileBackend}}
	_, b, err := openKeyring(cfg, h)
	var nb *NoBackendError
	if !errors.As(err, &nb) || b != keyring.InvalidBackend {
		t.Fatalf("auto = %s, %v; want a *NoBackendError", b, err)
	}
	msg := err.Error()
	for _, want := range []string{"pass: ", "file: ", "ASSUME_KEYRING_PASSPHRASE", "ASSUME_KEYRING_BACKEND"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	if _, err := os.Stat(filepath.Join(cfg.StateDir, rememberedBackendFile)); !os.IsNotExist(err) {
		t.Errorf("a failed auto remembered something: %v", err)
	}
}

// exerciseKeyring is the round trip every backend must pass.
func exerciseKeyring(t *testing.T, ring keyring.Keyring) {
	t.Helper()
	keys := []string{"assume.test.a", "assume.test.b/with:odd chars"}
	t.Cleanup(func() {
		for _, k := range keys {
			_ = ring.Remove(k)
		}
	})
	for i, k := range keys {
		if err := ring.Set(keyring.Item{Key: k, Label: k, Data: []byte{'v', byte('0' + i), 0, 0xff}}); err != nil {
			t.Fatalf("Set(%q): %v", k, err)
		}
	}
	for i, k := range keys {
		it, err := ring.Get(k)
		if err != nil || string(it.Data) != string([]byte{'v', byte('0' + i), 0, 0xff}) {
			t.Fatalf("Get(%q) = %q, %v", k, it.Data, err)
		}
	}
	listed, err := ring.Keys()
	if err != nil {
		t.Fatalf("Keys: %v", err)
	}
	for _, k := range keys {
		found := false
		for _, l := range listed {
			found = found || l == k
		}
		if !found {
			t.Errorf("Keys() = %q lacks %q", listed, k)
		}
	}
	for _, k := range keys {
		if err := ring.Remove(k); err != nil {
			t.Fatalf("Remove(%q): %v", k, err)
		}
		if _, err := ring.Get(k); !errors.Is(err, keyring.ErrKeyNotFound) {
			t.Fatalf("Get(%q) after Remove: %v, want ErrKeyNotFound", k, err)
		}
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}

func TestOpenKeyringFileUsesFilering(t *testing.T) {
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	cfg.Backend = "file"
	ring, used, err := Open(cfg)
	if err != nil || used != keyring.FileBackend {
		t.Fatalf("%v (%s)", err, used)
	}
	if _, ok := ring.(*filering.Ring); !ok {
		t.Fatalf("file backend is %T", ring)
	}
}
