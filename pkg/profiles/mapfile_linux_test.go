package profiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
)

// writeMappable writes a config large enough to be mapped.
func writeMappable(t *testing.T) (Files, string) {
	t.Helper()
	dir := t.TempDir()
	config, credentials := bigconfig.Generate(3000)
	if len(config) < mapThreshold {
		t.Fatalf("generated config (%d bytes) is below the mapping threshold", len(config))
	}
	f := Files{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(f.Config, config, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Credentials, credentials, 0o600); err != nil {
		t.Fatal(err)
	}
	return f, bigconfig.DeepProfile(3000)
}

func TestMappedConfigResolvesLikeAReadOne(t *testing.T) {
	f, deep := writeMappable(t)
	mapped, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if !mapped.mapped() {
		t.Fatal("a large config was not mapped")
	}
	config, _ := os.ReadFile(f.Config)
	credentials, _ := os.ReadFile(f.Credentials)
	read, err := LoadBytes(f.Config, config, f.Credentials, credentials)
	if err != nil {
		t.Fatal(err)
	}
	a, errA := Resolve(mapped, deep, ResolveOptions{})
	b, errB := Resolve(read, deep, ResolveOptions{})
	if errA != nil || errB != nil {
		t.Fatalf("resolve: %v / %v", errA, errB)
	}
	var ta, tb strings.Builder
	_ = a.WriteText(&ta)
	_ = b.WriteText(&tb)
	if ta.String() != tb.String() || len(a.Hops) != 3 {
		t.Fatalf("mapped plan differs:\n%s\nvs\n%s", ta.String(), tb.String())
	}
}

// Another program truncating the file while assume runs must give an error,
// not a SIGBUS crash, and what was already resolved must stay intact.
func TestTruncatedMappedConfigIsAnErrorNotACrash(t *testing.T) {
	f, deep := writeMappable(t)
	c, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	before, err := Resolve(c, deep, ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	role := before.Final().RoleARN
	names := c.Names()
	if err := os.Truncate(f.Config, 0); err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(c, deep, ResolveOptions{})
	if err == nil || !strings.Contains(err.Error(), "changed while assume was reading") {
		t.Fatalf("after truncation: err = %v", err)
	}
	if before.Final().RoleARN != role || !strings.HasPrefix(role, "arn:aws:iam::") || len(names[len(names)-1]) == 0 {
		t.Fatalf("strings from before the truncation were damaged: %q", role)
	}
	if _, err := c.Summaries(); err == nil {
		t.Fatal("Summaries on a truncated mapping returned no error")
	}
}
