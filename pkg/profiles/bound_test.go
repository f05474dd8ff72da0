package profiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/bigconfig"
)

// boundGuard is a hang guard, not a performance assertion: the operations
// below take well under a few seconds even on a loaded 2-core machine (see
// the t.Log lines), and only a hang or blow-up reaches it.
const boundGuard = 2 * time.Minute

// within runs f in a goroutine and fails the test if it does not finish
// before boundGuard. It returns how long f took.
func within(t *testing.T, what string, f func()) time.Duration {
	t.Helper()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(boundGuard):
		t.Fatalf("%s did not finish within %s", what, boundGuard)
	}
	d := time.Since(start)
	t.Logf("%s: %s", what, d.Round(time.Millisecond))
	return d
}

// TestBound50MBConfig loads a generated 50 MB config from disk (the mapped
// path the binary uses), resolves the three-hop profile nearest its end and
// lists every profile's summary.
func TestBound50MBConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50 MB")
	}
	const n = 305000 // about 172 bytes per profile: just over 50 MiB
	cfg, creds := bigconfig.Generate(n)
	if len(cfg) < 50<<20 {
		t.Fatalf("generated config is %d bytes, want at least 50 MiB", len(cfg))
	}
	dir := t.TempDir()
	f := Files{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(f.Config, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Credentials, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("config %d MiB, %d profiles", len(cfg)>>20, n)
	cfg = nil

	var c *Config
	var err error
	within(t, "Load 50 MB", func() { c, err = Load(f) })
	if err != nil {
		t.Fatal(err)
	}
	name := bigconfig.DeepProfile(n)
	var p *Plan
	within(t, "Resolve "+name, func() { p, err = Resolve(c, name, ResolveOptions{DefaultSessionName: "me@host"}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hops) != 3 || !strings.Contains(p.Hops[2].RoleARN, ":role/org/") {
		t.Fatalf("plan for %s: %d hops, final %+v", name, len(p.Hops), p.Final())
	}
	var sums []Summary
	within(t, "Summaries 50 MB", func() { sums, err = c.Summaries() })
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != n+1 { // and [default]
		t.Fatalf("%d summaries, want %d", len(sums), n+1)
	}
	found := false
	for _, s := range sums {
		if s.Name == name {
			found = s.Kind == "role" && strings.HasPrefix(s.Source, "acct-")
		}
	}
	if !found {
		t.Fatalf("no role summary for %s", name)
	}
}

// deepChain is a config where p0 → p1 → … → p(depth-1) → base (static
// keys), each pN a role; with cycle, the last one points back at p0.
func deepChain(depth int, cycle bool) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		src := fmt.Sprintf("p%d", i+1)
		if i == depth-1 {
			src = "base"
			if cycle {
				src = "p0"
			}
		}
		fmt.Fprintf(&b, "[profile p%d]\nrole_arn = arn:aws:iam::123456789012:role/r%d\nsource_profile = %s\n\n", i, i, src)
	}
	b.WriteString("[profile base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n")
	return b.String()
}

// TestBoundDeepSourceProfileChain: a 10,000-deep source_profile chain
// resolves (every hop after the first chained and capped at 1 h) or fails
// with a one-line ConfigError, in bounded time; so does a 10,000-long cycle.
func TestBoundDeepSourceProfileChain(t *testing.T) {
	const depth = 10000
	for _, cycle := range []bool{false, true} {
		t.Run(fmt.Sprintf("cycle=%v", cycle), func(t *testing.T) {
			c := load(t, deepChain(depth, cycle), "")
			var p *Plan
			var err error
			within(t, fmt.Sprintf("Resolve %d-deep chain (cycle %v)", depth, cycle), func() {
				p, err = Resolve(c, "p0", ResolveOptions{DefaultSessionName: "me@host"})
			})
			if cycle {
				var ce *ConfigError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cycle") {
					t.Fatalf("cycle: got %v (%T), want a ConfigError naming the cycle", err, err)
				}
				if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || len(msg) > 1024 || !strings.Contains(msg, "p0 -> p1") || !strings.Contains(msg, "p9999 -> p0") {
					t.Fatalf("cycle error is %d bytes or multi-line: %.200q…", len(msg), msg)
				}
				return
			}
			if err != nil {
				var ce *ConfigError
				if !errors.As(err, &ce) || strings.ContainsAny(err.Error(), "\r\n") {
					t.Fatalf("deep chain: %v (%T) is not a one-line ConfigError", err, err)
				}
				t.Logf("deep chain refused: %.300s", err)
				return
			}
			if len(p.Hops) != depth {
				t.Fatalf("%d hops, want %d", len(p.Hops), depth)
			}
			checkPlan(t, p, depth+1)
			within(t, "Summaries of the deep chain", func() { _, err = c.Summaries() })
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
