package bench

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// privateSecretService starts a D-Bus session bus of the benchmark's own
// with gnome-keyring's Secret Service on it, its "login" collection (the
// one assume uses) created and unlocked with a throwaway password, as
// scripts/test-env.sh and the e2e tests do. It returns the environment
// that points a child at it; the benchmark process's own stays untouched.
// Both daemons end with the benchmark.
func privateSecretService(b *testing.B) []string {
	b.Helper()
	if runtime.GOOS != "linux" {
		b.Skip("the Secret Service backend is used on Linux only")
	}
	for _, tool := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("Secret Service benchmarks need %s (on Debian: apt-get install dbus-daemon gnome-keyring)", tool)
		}
	}
	dir := b.TempDir()
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path="+filepath.Join(dir, "bus"))
	out, err := bus.StdoutPipe()
	must(b, err)
	must(b, bus.Start())
	b.Cleanup(func() { _ = bus.Process.Kill(); _ = bus.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("reading the bus address: %v", err)
	}
	busEnv := "DBUS_SESSION_BUS_ADDRESS=" + strings.TrimSpace(addr)
	daemonEnv := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, busEnv, "XDG_DATA_HOME=" + filepath.Join(dir, "data"), "XDG_RUNTIME_DIR=" + dir}
	// --unlock creates the login collection with the password on stdin;
	// --start then registers the Secret Service on the bus.
	unlock := exec.Command("gnome-keyring-daemon", "--unlock", "--components=secrets")
	unlock.Env, unlock.Stdin = daemonEnv, strings.NewReader("bench throwaway")
	if out, err := unlock.CombinedOutput(); err != nil {
		b.Fatalf("gnome-keyring-daemon --unlock: %v: %s", err, out)
	}
	start := exec.Command("gnome-keyring-daemon", "--start", "--components=secrets")
	start.Env = daemonEnv
	started, err := start.Output()
	if err != nil {
		b.Fatalf("gnome-keyring-daemon --start: %v", err)
	}
	// It quits when its bus goes away; ending it by its pid as well
	// leaves nothing behind if that ever changes.
	for _, line := range strings.Split(string(started), "\n") {
		v, ok := strings.CutPrefix(line, "GNOME_KEYRING_PID=")
		if pid, err := strconv.Atoi(v); ok && err == nil {
			if p, err := os.FindProcess(pid); err == nil {
				b.Cleanup(func() { _ = p.Kill() })
			}
		}
	}
	return []string{busEnv}
}
