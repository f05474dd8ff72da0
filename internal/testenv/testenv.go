// Package testenv holds the project's one rule for tests that need
// something from the machine (a shell, the aws CLI, a keyring daemon, root
// to mount a tmpfs): a developer without it gets a skip, CI (CI set, where
// .ci/run installs everything) gets a failure, so nothing is silently untested.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Unavailable skips the test locally and fails it on CI, saying why.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (required on CI: .ci/run must provide it)", msg)
	}
	t.Skip(msg)
}

// Tool returns the path of a program the test needs.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s is not on PATH", name)
	}
	return p
}

// MountTmpfs mounts a tmpfs with the given mount options (e.g.
// "size=64k,mode=0700") on a new temporary directory, unmounted at cleanup.
// Mounting needs root.
func MountTmpfs(t testing.TB, opts string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput()
	if err != nil {
		Unavailable(t, "cannot mount a tmpfs (needs root): %v: %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}
