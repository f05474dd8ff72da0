package profiles

import (
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
)

// The generated org config is what other packages benchmark against, so
// every profile in it must resolve, with the chain depths it promises.
func TestBigconfigResolves(t *testing.T) {
	cfg, creds := bigconfig.Generate(2000)
	c := load(t, string(cfg), string(creds))
	names := c.Names()
	if len(names) != 2001 { // n profiles plus [default]
		t.Fatalf("%d profiles, want 2001", len(names))
	}
	kinds := map[SourceKind]int{}
	notices := 0
	for _, n := range names {
		if n == "default" {
			continue // region only, like most real [default] sections
		}
		p := mustResolve(t, c, n, ResolveOptions{})
		kinds[p.Source.Kind]++
		notices += len(p.Notices)
	}
	if kinds[SourceStatic] == 0 || kinds[SourceSSO] == 0 || notices == 0 {
		t.Errorf("generated config lacks variety: %v, %d notices", kinds, notices)
	}
	p := mustResolve(t, c, bigconfig.DeepProfile(2000), ResolveOptions{})
	if len(p.Hops) != 3 {
		t.Errorf("DeepProfile has %d hops, want 3", len(p.Hops))
	}
}
