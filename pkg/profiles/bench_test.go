package profiles

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
	"gopkg.in/ini.v1"
)

func writeBig(b *testing.B, n int) Files {
	b.Helper()
	cfg, creds := bigconfig.Generate(n)
	dir := b.TempDir()
	f := Files{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(f.Config, cfg, 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(f.Credentials, creds, 0o600); err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkLoadResolve10k is the cost of `assume` startup on a huge config:
// read both files, index headers, resolve one three-hop profile.
func BenchmarkLoadResolve10k(b *testing.B) {
	f := writeBig(b, 10000)
	name := bigconfig.DeepProfile(10000)
	b.ResetTimer()
	for b.Loop() {
		c, err := Load(f)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Resolve(c, name, ResolveOptions{DefaultSessionName: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Hops) != 3 {
			b.Fatalf("%d hops, want 3", len(p.Hops))
		}
	}
}

// BenchmarkIniV1Whole10k is the baseline: gopkg.in/ini.v1 parsing the whole
// config file, as tools that load everything up front do.
func BenchmarkIniV1Whole10k(b *testing.B) {
	f := writeBig(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		c, err := ini.Load(f.Config, f.Credentials)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetSection("profile " + bigconfig.DeepProfile(10000)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummaries10k(b *testing.B) {
	config, credentials := bigconfig.Generate(10000)
	c, err := LoadBytes("config", config, "credentials", credentials)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Summaries(); err != nil {
			b.Fatal(err)
		}
	}
}
