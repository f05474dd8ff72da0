package profiles

import (
	"errors"
	"strings"
	"testing"
)

const (
	cfgName  = "/x/config"
	credName = "/x/credentials"
)

// load builds a Config from literal file contents named /x/config and
// /x/credentials.
func load(t testing.TB, config, creds string) *Config {
	t.Helper()
	c, err := LoadBytes(cfgName, []byte(config), credName, []byte(creds))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func mustResolve(t *testing.T, c *Config, name string, opts ResolveOptions) *Plan {
	t.Helper()
	if opts.DefaultSessionName == "" {
		opts.DefaultSessionName = "me@host"
	}
	p, err := Resolve(c, name, opts)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", name, err)
	}
	return p
}

// mustFail resolves and returns the ConfigError, checking that its message
// contains every want string and is one line.
func mustFail(t *testing.T, c *Config, name string, opts ResolveOptions, want ...string) *ConfigError {
	t.Helper()
	p, err := Resolve(c, name, opts)
	if err == nil {
		t.Fatalf("Resolve(%q) = %+v, want error containing %q", name, p, want)
	}
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not contain %q", msg, w)
		}
	}
	return ce
}
