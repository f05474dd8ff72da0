package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// buildCache keeps what the benchmarks build for the whole test process:
// linking assume takes about a second, and every benchmark function runs
// at least twice (b.N = 1, then the real count). TestMain removes it.
type buildCache struct {
	mu   sync.Mutex
	dir  string
	bins map[string]string
}

var builds buildCache

// get returns the path of the build named key, running build (which
// writes into the directory it is given) the first time.
func (c *buildCache) get(tb testing.TB, key string, build func(dir string) error) string {
	tb.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.bins[key]; ok {
		return p
	}
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "assume-bench-")
		must(tb, err)
		c.dir, c.bins = dir, map[string]string{}
	}
	sum := sha256.Sum256([]byte(key))
	dir := filepath.Join(c.dir, hex.EncodeToString(sum[:8]))
	must(tb, os.Mkdir(dir, 0o700))
	if err := build(dir); err != nil {
		tb.Fatal(err)
	}
	c.bins[key] = dir
	return dir
}

func (c *buildCache) remove() {
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
}

// assumePair builds the pair as `make install` builds it on Linux
// (static, stripped) and returns the front's path; the full program is
// next to it.
func assumePair(b *testing.B) string {
	b.Helper()
	dir := builds.get(b, "assume pair", func(dir string) error {
		for _, p := range []struct{ out, pkg string }{{"assume-full", "../../cmd/assume"}, {"assume", "../../cmd/assume-front"}} {
			if err := goBuild(".", filepath.Join(dir, p.out), p.pkg); err != nil {
				return fmt.Errorf("building %s: %w", p.out, err)
			}
		}
		return nil
	})
	return filepath.Join(dir, "assume")
}

// buildProgram builds a one-file Go program the way assume is built
// (static, stripped), for baselines and helpers.
func buildProgram(tb testing.TB, name, source string) string {
	tb.Helper()
	dir := builds.get(tb, name+"\x00"+source, func(dir string) error {
		src := filepath.Join(dir, "src")
		if err := os.Mkdir(src, 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(source), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module "+name+"\n\ngo 1.21\n"), 0o644); err != nil {
			return err
		}
		if err := goBuild(src, filepath.Join(dir, name), "."); err != nil {
			return fmt.Errorf("building %s: %w", name, err)
		}
		return nil
	})
	return filepath.Join(dir, name)
}

func goBuild(dir, out, pkg string) error {
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, msg)
	}
	return nil
}
