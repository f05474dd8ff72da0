package keyrings

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/privdir"
)

// rememberedBackendFile, under StateDir, holds the backend auto chose, so
// later runs skip the probes (seconds with gpg or D-Bus) while it opens.
const rememberedBackendFile = "keyring-backend"

// RememberedFile is where auto's choice is remembered under stateDir.
func RememberedFile(stateDir string) string { return filepath.Join(stateDir, rememberedBackendFile) }

// readRemembered returns the remembered backend if it is one auto may pick here.
func readRemembered(stateDir string, order []keyring.BackendType) (keyring.BackendType, bool) {
	// A choice found in a directory others could write is not ours.
	if stateDir == "" || privdir.Check(stateDir) != nil {
		return keyring.InvalidBackend, false
	}
	b, err := os.ReadFile(filepath.Join(stateDir, rememberedBackendFile))
	if err != nil {
		return keyring.InvalidBackend, false
	}
	name := keyring.BackendType(strings.TrimSpace(string(b)))
	return name, slices.Contains(order, name)
}

// remember records auto's choice in a 0600 file in a private directory,
// replacing it atomically so a concurrent reader never sees half a name.
func remember(stateDir string, b keyring.BackendType) error {
	if stateDir == "" {
		return nil
	}
	if err := privdir.Ensure(stateDir); err != nil {
		return fmt.Errorf("remember keyring backend: %w", err)
	}
	f, err := os.CreateTemp(stateDir, rememberedBackendFile+".*") // created 0600
	if err != nil {
		return fmt.Errorf("remember keyring backend: %w", err)
	}
	_, werr := f.WriteString(string(b) + "\n")
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), filepath.Join(stateDir, rememberedBackendFile))
	}
	if werr != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("remember keyring backend: %w", werr)
	}
	return nil
}
