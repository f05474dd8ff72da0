package profiles

import (
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
)

// BenchmarkLint10k is `assume doctor` on a 10,000-profile org config:
// every profile resolved, every section re-read.
func BenchmarkLint10k(b *testing.B) {
	config, credentials := bigconfig.Generate(10000)
	c, err := LoadBytes("config", config, "credentials", credentials)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if fs := Lint(c, LintOptions{}); len(fs) == 0 {
			b.Fatal("no findings: the generated config has plain-text keys")
		}
	}
}
