//go:build unix

package bench

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// launcherSource runs its arguments and prints the child's peak resident
// set in bytes. The peak must be read by a small process: Go starts
// children with vfork, and Linux charges a child the resident set of the
// memory it was forked from, so read from the benchmark process itself
// every child would "peak" at the test binary's size. Through the launcher
// the floor is the launcher's own few megabytes, which the hello-world
// figure, measured the same way, shows.
const launcherSource = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

func main() {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if runtime.GOOS != "darwin" {
		rss *= 1024
	}
	fmt.Println(rss)
}
`

// buildLauncher builds the launcher for one benchmark.
func buildLauncher(b *testing.B) string {
	b.Helper()
	return buildProgram(b, "launcher", launcherSource)
}

// peakRSS is the largest resident set, in bytes, of three runs of argv
// (their output discarded).
func peakRSS(b *testing.B, launcher string, env, argv []string) int64 {
	b.Helper()
	var peak int64
	for i := 0; i < 3; i++ {
		cmd := exec.Command(launcher, argv...)
		cmd.Env = env
		out, err := cmd.Output()
		must(b, err)
		n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		must(b, err)
		peak = max(peak, n)
	}
	return peak
}
