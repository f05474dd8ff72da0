package session

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/host"
)

func TestFileKeyringDefaultsUnderXDGDataHome(t *testing.T) {
	cases := []struct {
		env  map[string]string
		opt  string
		want string
	}{
		{map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/x"}, "", "/x/assume/keyring"},
		{map[string]string{"HOME": "/h"}, "", "/h/.local/share/assume/keyring"},
		{map[string]string{"HOME": "/h", "XDG_DATA_HOME": "relative"}, "", "/h/.local/share/assume/keyring"},
		{map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/x"}, "/set/by/user", "/set/by/user"},
	}
	for _, c := range cases {
		s := New(Options{Keyring: KeyringOptions{FileDir: c.opt}}, Deps{Host: host.FromMap(c.env)})
		if got := s.KeyringConfig(nil).FileDir; got != filepath.FromSlash(c.want) {
			t.Errorf("%v, file-dir %q: %q, want %q", c.env, c.opt, got, c.want)
		}
	}
}

func TestConfigIsLoadedOnceAndStoreOpenedOnce(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[profile a]\nregion = eu-west-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	opened := 0
	ring := keyring.NewArrayKeyring(nil)
	s := New(Options{}, Deps{
		Host: host.FromMap(map[string]string{"HOME": dir, "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none")}),
		OpenKeyring: func(KeyringConfig) (Keyring, BackendType, error) {
			opened++
			return ring, "array", nil
		},
	})
	if opened != 0 {
		t.Fatal("a new session opened the keyring")
	}
	first, err := s.Config()
	if err != nil || !first.Has("a") {
		t.Fatalf("Config: %v", err)
	}
	if err := os.WriteFile(config, []byte("[profile b]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	second, _ := s.Config()
	if second != first || !second.Has("a") {
		t.Error("the config was read twice in one run")
	}
	if _, err := s.Plan("a"); err == nil {
		t.Fatal("a profile without credentials must not resolve")
	}
	if s.Store(false) == nil || s.Store(true) == nil || opened != 1 {
		t.Errorf("the keyring was opened %d times, want once", opened)
	}
}
