package host

import (
	"path/filepath"
	"testing"
)

func TestXDGDirectoriesIgnoreRelativeValues(t *testing.T) {
	home := "/home/u"
	cases := []struct {
		name, env, value, want string
		get                    func(Host) string
	}{
		{"config set", "XDG_CONFIG_HOME", "/x/conf", "/x/conf", Host.ConfigHome},
		{"config relative", "XDG_CONFIG_HOME", "conf", "/home/u/.config", Host.ConfigHome},
		{"config unset", "XDG_CONFIG_HOME", "", "/home/u/.config", Host.ConfigHome},
		{"cache set", "XDG_CACHE_HOME", "/x/cache", "/x/cache", Host.CacheHome},
		{"cache relative", "XDG_CACHE_HOME", "./cache", "/home/u/.cache", Host.CacheHome},
		{"state set", "XDG_STATE_HOME", "/x/state", "/x/state", Host.StateHome},
		{"state relative", "XDG_STATE_HOME", "state", "/home/u/.local/state", Host.StateHome},
		{"data set", "XDG_DATA_HOME", "/x/data", "/x/data", Host.DataHome},
		{"data relative", "XDG_DATA_HOME", "data", "/home/u/.local/share", Host.DataHome},
		{"runtime set", "XDG_RUNTIME_DIR", "/run/user/1", "/run/user/1", Host.RuntimeDir},
		{"runtime relative", "XDG_RUNTIME_DIR", "run", "", Host.RuntimeDir},
		{"runtime unset", "XDG_RUNTIME_DIR", "", "", Host.RuntimeDir},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := FromMap(map[string]string{"HOME": home, c.env: c.value})
			if got := c.get(h); got != filepath.FromSlash(c.want) {
				t.Errorf("%s=%q: got %q, want %q", c.env, c.value, got, c.want)
			}
		})
	}
}

func TestAssumePaths(t *testing.T) {
	h := FromMap(map[string]string{"HOME": "/home/u"})
	checks := map[string]string{
		h.ConfigFile():     "/home/u/.config/assume/config.yaml",
		h.StateDir():       "/home/u/.cache/assume",
		h.LockDir():        "/home/u/.cache/assume/locks",
		h.RecentFile():     "/home/u/.local/state/assume/recent",
		h.FileKeyringDir(): "/home/u/.local/share/assume/keyring",
		h.ServerDir():      "/home/u/.cache/assume/server",
	}
	for got, want := range checks {
		if got != filepath.FromSlash(want) {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	withRuntime := FromMap(map[string]string{"HOME": "/home/u", "XDG_RUNTIME_DIR": "/run/user/7"})
	if got := withRuntime.LockDir(); got != filepath.FromSlash("/run/user/7/assume") {
		t.Errorf("LockDir with XDG_RUNTIME_DIR: %q", got)
	}
	if got := withRuntime.ServerDir(); got != filepath.FromSlash("/run/user/7/assume/server") {
		t.Errorf("ServerDir with XDG_RUNTIME_DIR: %q", got)
	}
}

func TestZeroHostIsEmpty(t *testing.T) {
	var h Host
	if h.Env("PATH") != "" {
		t.Error("a zero Host must not read the process environment")
	}
	if h.Time().IsZero() {
		t.Error("a zero Host still has a clock")
	}
}

func TestIsTrue(t *testing.T) {
	h := FromMap(map[string]string{"A": " TRUE ", "B": "1", "C": "true"})
	if !h.IsTrue("A") || h.IsTrue("B") || !h.IsTrue("C") || h.IsTrue("D") {
		t.Error("IsTrue must accept only true, in any case")
	}
}

func TestRecentFileFollowsXDGStateHome(t *testing.T) {
	h := FromMap(map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"})
	if got := h.RecentFile(); got != "/s/assume/recent" {
		t.Errorf("recentFile = %q", got)
	}
	h = FromMap(map[string]string{"HOME": "/h"})
	if got := h.RecentFile(); got != "/h/.local/state/assume/recent" {
		t.Errorf("recentFile = %q", got)
	}
}
