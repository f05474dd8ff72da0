// Package bench measures the real assume binary as a ratio to a hello-world
// Go binary run in the same benchmark, so figures mean the same on a shared,
// noisy machine: absolute times vary, the ratio much less.
package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/bigconfig"
)

const helloSource = `package main

import "os"

func main() { os.Stdout.WriteString("hello\n") }
`

// binaries builds assume and the hello-world baseline (once per test
// process: see builds.go).
func binaries(b *testing.B) (assume, hello string) {
	b.Helper()
	return assumePair(b), buildProgram(b, "hello", helloSource)
}

// orgHome writes an n-profile organisation config into a fresh home. Its
// runtime and cache directories are its own, so the memo one benchmark's
// runs leave is never seen by another's.
func orgHome(b *testing.B, n int) []string {
	b.Helper()
	home := b.TempDir()
	aws := filepath.Join(home, ".aws")
	must(b, os.MkdirAll(aws, 0o700))
	config, credentials := bigconfig.Generate(n)
	must(b, os.WriteFile(filepath.Join(aws, "config"), config, 0o600))
	must(b, os.WriteFile(filepath.Join(aws, "credentials"), credentials, 0o600))
	run := filepath.Join(home, "run")
	must(b, os.Mkdir(run, 0o700))
	must(b, os.Chmod(run, 0o700)) // whatever the umask: a runtime dir is private
	return []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "USER=bench", "SHELL=/bin/sh",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_RUNTIME_DIR=" + run,
	}
}

// ratio runs baseline and subject alternately b.N times and reports the
// ratio of their total wall times plus each one's mean and peak memory. It
// returns the subject's mean wall time. check vets every run of the subject
// (after its clock stops), so a broken run cannot pass for a fast one.
func ratio(b *testing.B, env []string, baseline, subject []string, check func(stdout []byte) error) time.Duration {
	b.Helper()
	run := func(argv []string, check func([]byte) error) time.Duration {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil {
			b.Fatalf("%v: %v\n%s%s", argv, err, stdout.Bytes(), stderr.Bytes())
		}
		if check != nil {
			if err := check(stdout.Bytes()); err != nil {
				b.Fatalf("%v: wrong output: %v\nstdout: %s\nstderr: %s", argv, err, stdout.Bytes(), stderr.Bytes())
			}
		}
		return d
	}
	run(baseline, nil) // warm the page cache for both
	run(subject, check)
	var base, subj time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		base += run(baseline, nil)
		subj += run(subject, check)
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
	target := bigconfig.DeepProfile(10000)
	ratio(b, env, []string{hello}, []string{assume, "plan", target}, planned(target, 3))
}

// BenchmarkPlan10 is a one-hop profile of a 10-profile config.
func BenchmarkPlan10(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10)
	target := bigconfig.ProfileName(1)
	ratio(b, env, []string{hello}, []string{assume, "plan", target}, planned(target, 1))
}

// planned checks a plan of target ends with its hops-th hop.
func planned(target string, hops int) func([]byte) error {
	return func(out []byte) error {
		if !bytes.Contains(out, []byte(fmt.Sprintf("hop %d: profile %s\n", hops, target))) {
			return fmt.Errorf("no hop %d to %s", hops, target)
		}
		return nil
	}
}

// BenchmarkList10k lists every profile of a 10,000-profile config.
func BenchmarkList10k(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10000)
	ratio(b, env, []string{hello}, []string{assume, "list"}, everyProfile(10000, func(name string) string { return "\n" + name + " " }))
}

// BenchmarkComplete10k is profile completion (`assume __complete ”`, what
// a shell's tab runs) on a 10,000-profile config.
func BenchmarkComplete10k(b *testing.B) {
	assume, hello := binaries(b)
	env := orgHome(b, 10000)
	ratio(b, env, []string{hello}, []string{assume, "__complete", ""}, everyProfile(10000, func(name string) string { return "\n" + name + "\n" }))
}

// everyProfile checks the output has a line per profile of an n-profile
// config, the first and last generated among them (as line shows them).
func everyProfile(n int, line func(name string) string) func([]byte) error {
	return func(out []byte) error {
		if lines := bytes.Count(out, []byte("\n")); lines < n {
			return fmt.Errorf("%d lines for %d profiles", lines, n)
		}
		for _, name := range []string{bigconfig.ProfileName(0), bigconfig.DeepProfile(n)} {
			if !strings.Contains("\n"+string(out), line(name)) {
				return fmt.Errorf("%s is missing", name)
			}
		}
		return nil
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
