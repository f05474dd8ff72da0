package host

import "path/filepath"

// appName is the directory assume owns under each XDG base directory.
const appName = "assume"

// ConfigFile is assume's own settings file, config.yaml.
func (h Host) ConfigFile() string {
	return filepath.Join(h.ConfigHome(), appName, "config.yaml")
}

// StateDir holds what auto remembers about the keyring backend.
func (h Host) StateDir() string { return filepath.Join(h.CacheHome(), appName) }

// LockDir holds the cache's per-key lock files: the per-user runtime
// directory (tmpfs, private, emptied at logout) when there is one, else
// CacheLockDir.
func (h Host) LockDir() string {
	if dir := h.RuntimeDir(); dir != "" {
		return filepath.Join(dir, appName)
	}
	return h.CacheLockDir()
}

// CacheLockDir holds the lock files without a runtime directory, and when
// the runtime directory is not private (pkg/cache falls back to it).
func (h Host) CacheLockDir() string { return filepath.Join(h.CacheHome(), appName, "locks") }

// RecentFile is the picker's list of recently used profiles: state, not
// cache (losing it loses the user's ordering) and not config.
func (h Host) RecentFile() string {
	return filepath.Join(h.StateHome(), appName, "recent")
}

// FileKeyringDir is the file backend's default directory.
func (h Host) FileKeyringDir() string {
	return filepath.Join(h.DataHome(), appName, "keyring")
}

// ServerDir holds the token files of assume's credentials servers, each
// in a private directory of its own: the runtime directory when there is
// one (tmpfs, emptied at logout, so a token left by a killed run does not
// survive it), else under the cache directory.
func (h Host) ServerDir() string {
	if dir := h.RuntimeDir(); dir != "" {
		return filepath.Join(dir, appName, "server")
	}
	return filepath.Join(h.CacheHome(), appName, "server")
}
