package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

const benchRole = "arn:aws:iam::222222222222:role/bench"

// cachedHome is an n-profile organisation config plus a profile at its very
// end (the worst case for finding it) whose session is already cached in the
// given keyring backend.
func cachedHome(b *testing.B, assume string, n int, backend string) (env []string, target string) {
	b.Helper()
	env = orgHome(b, n)
	home := strings.TrimPrefix(env[0], "HOME=")
	s, err := fakests.Start()
	must(b, err)
	b.Cleanup(s.Close)
	akid, secret := s.AddUser("arn:aws:iam::111111111111:user/bench")
	s.AddRole(fakests.Role{ARN: benchRole, Trust: []string{"arn:aws:iam::111111111111:user/bench"}})
	appendFile(b, filepath.Join(home, ".aws", "config"), fmt.Sprintf("\n[profile bench-target]\nrole_arn = %s\nsource_profile = bench-user\n", benchRole))
	appendFile(b, filepath.Join(home, ".aws", "credentials"), fmt.Sprintf("\n[bench-user]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	env = append(env,
		"AWS_ENDPOINT_URL_STS="+s.URL(),
		"ASSUME_KEYRING_BACKEND="+backend,
		"ASSUME_KEYRING_FILE_DIR="+filepath.Join(home, "keyring"),
		"ASSUME_KEYRING_PASSPHRASE=bench passphrase",
		"XDG_RUNTIME_DIR="+filepath.Join(home, "run"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
	)
	populate := exec.Command(assume, "--export", "bench-target")
	populate.Env = env
	if out, err := populate.CombinedOutput(); err != nil {
		b.Fatalf("populating the cache: %v\n%s", err, out)
	}
	return env, "bench-target"
}

// echoBinary builds a Go program that prints exactly text: the baseline a
// cache hit is compared with is a process doing nothing but that.
func echoBinary(b *testing.B, text string) string {
	b.Helper()
	return buildProgram(b, "echo", "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString("+strconv.Quote(text)+") }\n")
}

func cacheHit(b *testing.B, n int, backend string) {
	assume, _ := binaries(b)
	env, target := cachedHome(b, assume, n, backend)
	args := []string{assume, "--export", target}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	out, err := cmd.Output()
	must(b, err)
	time.Sleep(10 * time.Millisecond)
	ratio(b, env, []string{echoBinary(b, string(out))}, args)
}

// Issue 3's figures: a cache hit of `assume --export` on the file backend as
// a ratio to a Go binary printing the same lines (goal <= 3x on 10 profiles,
// <= 4x on 10,000).
func BenchmarkCacheHitFile10(b *testing.B)  { cacheHit(b, 10, "file") }
func BenchmarkCacheHitFile10k(b *testing.B) { cacheHit(b, 10000, "file") }

// The same with the kernel keyring, which needs no passphrase derivation.
func BenchmarkCacheHitKeyctl10(b *testing.B)  { cacheHit(b, 10, "keyctl") }
func BenchmarkCacheHitKeyctl10k(b *testing.B) { cacheHit(b, 10000, "keyctl") }

func appendFile(b *testing.B, path, text string) {
	b.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	must(b, err)
	defer f.Close()
	_, err = f.WriteString(text)
	must(b, err)
}
