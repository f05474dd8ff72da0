// Package host is the process's view of the machine: its environment, its
// clock and the directories the XDG base-directory spec gives it. Commands
// receive a Host instead of calling os.Getenv, so tests never read (or
// write under) the real user's environment.
package host

import (
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Host is the environment and clock one run of assume works in.
type Host struct {
	Getenv  func(string) string
	Environ func() []string
	Now     func() time.Time
}

// System is the real process environment and clock.
func System() Host {
	return Host{Getenv: os.Getenv, Environ: os.Environ, Now: time.Now}
}

// FromMap is a Host whose environment is exactly env (for tests). The map is
// read, never written, so a caller may keep changing it between runs.
func FromMap(env map[string]string) Host {
	return Host{
		Getenv: func(k string) string { return env[k] },
		Environ: func() []string {
			out := make([]string, 0, len(env))
			for k, v := range env {
				out = append(out, k+"="+v)
			}
			sort.Strings(out)
			return out
		},
		Now: time.Now,
	}
}

// Env reads one variable; a zero Host has an empty environment.
func (h Host) Env(name string) string {
	if h.Getenv == nil {
		return ""
	}
	return h.Getenv(name)
}

// Time is the host clock; a zero Host uses the wall clock.
func (h Host) Time() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

// Home is $HOME, else the account's home directory, else "".
func (h Host) Home() string {
	if v := h.Env("HOME"); v != "" {
		return v
	}
	home, _ := os.UserHomeDir()
	return home
}

// UserName is $USER, else the account name: the default role session name
// is built from it.
func (h Host) UserName() string {
	if u := h.Env("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// HostName is the machine's name, "" when unknown.
func (h Host) HostName() string {
	name, _ := os.Hostname()
	return name
}

// xdg returns $name when it is an absolute path, else home/fallback. The
// spec says relative values are invalid and must be ignored: a relative
// directory would move with the working directory of each run.
func (h Host) xdg(name string, fallback ...string) string {
	if v := h.Env(name); filepath.IsAbs(v) {
		return v
	}
	return filepath.Join(append([]string{h.Home()}, fallback...)...)
}

// ConfigHome is $XDG_CONFIG_HOME or ~/.config.
func (h Host) ConfigHome() string { return h.xdg("XDG_CONFIG_HOME", ".config") }

// CacheHome is $XDG_CACHE_HOME or ~/.cache.
func (h Host) CacheHome() string { return h.xdg("XDG_CACHE_HOME", ".cache") }

// StateHome is $XDG_STATE_HOME or ~/.local/state.
func (h Host) StateHome() string { return h.xdg("XDG_STATE_HOME", ".local", "state") }

// DataHome is $XDG_DATA_HOME or ~/.local/share.
func (h Host) DataHome() string { return h.xdg("XDG_DATA_HOME", ".local", "share") }

// RuntimeDir is $XDG_RUNTIME_DIR when it is absolute, else "": the spec
// gives no fallback, and a guessed one would not be private or tmpfs.
func (h Host) RuntimeDir() string {
	if v := h.Env("XDG_RUNTIME_DIR"); filepath.IsAbs(v) {
		return v
	}
	return ""
}

// IsTrue reads a boolean switch the way the AWS SDKs read theirs
// ("true", any case, surrounding space ignored).
func (h Host) IsTrue(name string) bool {
	return strings.EqualFold(strings.TrimSpace(h.Env(name)), "true")
}
