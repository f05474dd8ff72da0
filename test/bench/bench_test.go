// Package bench measures the real assume binary as a ratio to a hello-world
// Go binary run in the same benchmark, so figures mean the same on a shared,
// noisy machine: absolute times vary, the ratio much less.
package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/bigconfig"
)

const helloSource = `package main

import "os"

func main() { os.Stdout.WriteString("hello\n") }
`

// binaries builds assume and the hello-world baseline once per benchmark.
func binaries(b *testing.B) (assume, hello string) {
	b.Helper()
	dir := b.TempDir()
	assume = filepath.Join(dir, "assume")
	// The pair as `make install` builds it on Linux (static, stripped).
	for _, p := range []struct{ out, pkg string }{{"assume-full", "../../cmd/assume"}, {"assume", "../../cmd/assume-front"}} {
		build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(dir, p.out), p.pkg)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("building %s: %v\n%s", p.out, err, out)
		}
	}
	return assume, buildProgram(b, "hello", helloSource)
}

// buildProgram builds a one-file Go program the way assume is built
// (static, stripped), for baselines and helpers.
func buildProgram(b *testing.B, name, source string) string {
	b.Helper()
	dir := b.TempDir()
	must(b, os.WriteFile(filepath.Join(dir, "main.go"), []byte(source), 0o644))
	must(b, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+name+"\n\ngo 1.21\n"), 0o644))
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building %s: %v\n%s", name, err, out)
	}
	return bin
}

// orgHome writes an n-profile organisation config into a fresh home.
func orgHome(b *testing.B, n int) []string {
	b.Helper()
	home := b.TempDir()
	aws := filepath.Join(home, ".aws")
	must(b, os.MkdirAll(aws, 0o700))
	config, credentials := bigconfig.Generate(n)
	must(b, os.WriteFile(filepath.Join(aws, "config"), config, 0o600))
	must(b, os.WriteFile(filepath.Join(aws, "credentials"), credentials, 0o600))
	return []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "USER=bench", "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
}

// ratio runs baseline and subject alternately b.N times and reports the
// ratio of their total wall times plus each one's mean and peak memory. It
// returns the subject's mean wall time.
func ratio(b *testing.B, env []string, baseline, subject []string) time.Duration {
	b.Helper()
	run := func(argv []string) time.Duration {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", argv, err, out)
		}
		return time.Since(start)
	}
	run(baseline) // warm the page cache for both
	run(subject)
	var base, subj time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		base += run(baseline)
		subj += run(subject)
	}
	b.StopTimer()
	launcher := buildLauncher(b)
	peakBase, peakSubj := peakRSS(b, launcher, env, baseline), peakRSS(b, launcher, env, subject)
	b.ReportMetric(float64(subj)/float64(base), "x-hello")
	b.ReportMetric(float64(subj.Microseconds())/float64(b.N)/1000, "ms-assume")
	b.ReportMetric(float64(base.Microseconds())/float64(b.N)/1000, "ms-hello")
	if peakSubj > 0 {
		b.ReportMetric(float64(peakSubj)/(1<<20), "MB-peak-assume")
		b.ReportMetric(float64(peakBase)/(1<<20), "MB-peak-hello")
	}
	b.ReportMetric(0, "ns/op") // the wall time per op mixes both programs: meaningless
	return subj / time.Duration(b.N)
}

// BenchmarkPlan10k is issue 2's figure: `assume plan` of a three-hop profile
// at the end of a 10,000-profile config (goal: within 4x of hello-world).
func BenchmarkPlan10k(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10000)
	ratio(b, env, []string{hello}, []string{assume, "plan", bigconfig.DeepProfile(10000)})
}

// BenchmarkPlan10 is a one-hop profile of a 10-profile config.
func BenchmarkPlan10(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10)
	ratio(b, env, []string{hello}, []string{assume, "plan", bigconfig.ProfileName(1)})
}

// BenchmarkList10k lists every profile of a 10,000-profile config.
func BenchmarkList10k(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10000)
	ratio(b, env, []string{hello}, []string{assume, "list"})
}

// BenchmarkComplete10k is profile completion (`assume __complete ”`, what
// a shell's tab runs) on a 10,000-profile config.
func BenchmarkComplete10k(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10000)
	ratio(b, env, []string{hello}, []string{assume, "__complete", ""})
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
