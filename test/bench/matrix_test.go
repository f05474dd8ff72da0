package bench

import "testing"

// The matrix of issue 13. Cache hits of `assume --export PROFILE` (sh) per
// keyring backend and config size; the goal is <= 1.5x a Go binary
// printing the same lines, on every backend, for 10 to 50,000 profiles.
// With the pair installed, these are the repeated hits the front answers.
func BenchmarkCacheHitFile10(b *testing.B)  { cacheHit(b, 10, fileBackend) }
func BenchmarkCacheHitFile1k(b *testing.B)  { cacheHit(b, 1000, fileBackend) }
func BenchmarkCacheHitFile10k(b *testing.B) { cacheHit(b, 10000, fileBackend) }
func BenchmarkCacheHitFile50k(b *testing.B) { cacheHit(b, 50000, fileBackend) }

func BenchmarkCacheHitKeyctl10(b *testing.B)  { cacheHit(b, 10, keyctlBackend) }
func BenchmarkCacheHitKeyctl1k(b *testing.B)  { cacheHit(b, 1000, keyctlBackend) }
func BenchmarkCacheHitKeyctl10k(b *testing.B) { cacheHit(b, 10000, keyctlBackend) }
func BenchmarkCacheHitKeyctl50k(b *testing.B) { cacheHit(b, 50000, keyctlBackend) }

func BenchmarkCacheHitSecretService10(b *testing.B)  { cacheHit(b, 10, secretServiceBackend) }
func BenchmarkCacheHitSecretService1k(b *testing.B)  { cacheHit(b, 1000, secretServiceBackend) }
func BenchmarkCacheHitSecretService10k(b *testing.B) { cacheHit(b, 10000, secretServiceBackend) }
func BenchmarkCacheHitSecretService50k(b *testing.B) { cacheHit(b, 50000, secretServiceBackend) }

// firstHit is the first hit of a login session: the cached item and the
// memo are there, the session keyring (the hot tier) is new and empty.
// Each run, and each baseline run, goes through a launcher that joins a
// new session keyring before exec.
func firstHit(b *testing.B, backend string) {
	launcher := sessionLauncher(b)
	r := cachedHome(b, assumePair(b), 10, backend, 1)
	r.measure(b, launcher)
}

func BenchmarkFirstHitFile10(b *testing.B)          { firstHit(b, fileBackend) }
func BenchmarkFirstHitKeyctl10(b *testing.B)        { firstHit(b, keyctlBackend) }
func BenchmarkFirstHitSecretService10(b *testing.B) { firstHit(b, secretServiceBackend) }

// hitChain is a cache hit of a chain of depth hops on the file backend,
// in a 10-profile config.
func hitChain(b *testing.B, depth int) {
	r := cachedHome(b, assumePair(b), 10, fileBackend, depth)
	r.measure(b, "")
}

func BenchmarkHitChain1(b *testing.B)  { hitChain(b, 1) }
func BenchmarkHitChain3(b *testing.B)  { hitChain(b, 3) }
func BenchmarkHitChain10(b *testing.B) { hitChain(b, 10) }

// The same chains with nothing cached (--no-cache): depth STS calls a run.
func BenchmarkColdChain1(b *testing.B)  { coldChain(b, 1) }
func BenchmarkColdChain3(b *testing.B)  { coldChain(b, 3) }
func BenchmarkColdChain10(b *testing.B) { coldChain(b, 10) }
