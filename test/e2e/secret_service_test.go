package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus"
)

// privateSecretService starts a D-Bus session bus of the test's own with
// gnome-keyring's Secret Service on it (its "login" collection created
// and unlocked), so a test can lock it without disturbing any other test,
// and points the sandbox at it. It returns a function that locks the
// collection and one that unlocks it.
func privateSecretService(t *testing.T, sb *sandbox) (lock, unlock func()) {
	t.Helper()
	requireTool(t, "dbus-daemon")
	requireTool(t, "gnome-keyring-daemon")
	requireTool(t, "dbus-send")
	dir := t.TempDir()
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path="+filepath.Join(dir, "bus"))
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	bus.Stderr = nil
	if err := bus.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { _ = bus.Process.Kill(); _ = bus.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the bus address: %v", err)
	}
	addr = strings.TrimSpace(addr)
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "XDG_RUNTIME_DIR="+dir)
	const password = "throwaway"
	unlockCmd := exec.Command("gnome-keyring-daemon", "--unlock", "--components=secrets")
	unlockCmd.Env, unlockCmd.Stdin = env, strings.NewReader(password)
	if out, err := unlockCmd.CombinedOutput(); err != nil {
		t.Fatalf("gnome-keyring-daemon --unlock: %v: %s", err, out)
	}
	start := exec.Command("gnome-keyring-daemon", "--start", "--components=secrets")
	start.Env = env
	if out, err := start.CombinedOutput(); err != nil {
		t.Fatalf("gnome-keyring-daemon --start: %v: %s", err, out)
	}
	// gnome-keyring-daemon quits when its bus goes away, at cleanup.
	sb.Env["DBUS_SESSION_BUS_ADDRESS"] = addr
	sb.Env["ASSUME_KEYRING_BACKEND"] = "secret-service"
	call := func(method string, args ...string) {
		t.Helper()
		argv := append([]string{"--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service." + method}, args...)
		c := exec.Command("dbus-send", argv...)
		c.Env = env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("dbus-send %s: %v: %s", method, err, out)
		}
	}
	lock = func() { call("Lock", "array:objpath:/org/freedesktop/secrets/collection/login") }
	sb.Env["ASSUME_TEST_BUS"] = addr // for tests that watch the bus
	unlock = func() {
		t.Helper()
		if err := unlockWithPassword(addr, password); err != nil {
			t.Fatalf("unlocking the collection: %v", err)
		}
	}
	return lock, unlock
}

// TestLockedSecretServiceNeverDeletesAndStillAnswers: a locked Secret
// Service collection (a locked screen, a desktop session gone idle) costs
// the cache, never the credentials: without a terminal to unlock on, one
// warning, the run goes on uncached, and nothing cached before is deleted.
func TestLockedSecretServiceNeverDeletesAndStillAnswers(t *testing.T) {
	sb, s := strictSandbox(t, "")
	lock, unlock := privateSecretService(t, sb)
	first := mustSucceed(t, sb.run("-x", "a"))
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("first run: %d AssumeRole calls", n)
	}
	sessions := mustSucceed(t, sb.run("sessions"))
	if !strings.Contains(sessions.Stdout, roleA) {
		t.Fatalf("nothing cached in the Secret Service:\n%s", sessions.Stdout)
	}

	lock()
	r := sb.run("-x", "a")
	if r.Code != 0 || !strings.Contains(r.Stdout, "AWS_SESSION_TOKEN") {
		t.Fatalf("a locked keyring must not stop the run: exit %d\nstdout: %s\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "locked") || !strings.Contains(lines[0], "continuing without the session cache") {
		t.Errorf("want one warning naming the lock, got:\n%s", r.Stderr)
	}

	unlock()
	again := mustSucceed(t, sb.run("-x", "a"))
	if again.Stdout != first.Stdout {
		t.Error("the session cached before the lock was lost: a new one was fetched after unlocking")
	}
	if n := s.Calls("AssumeRole"); n != 2 {
		t.Errorf("AssumeRole calls = %d, want the first run's and the locked run's", n)
	}
}

// unlockWithPassword unlocks the login collection as the desktop does at
// login: gnome-keyring's own interface, given the password in a plain
// session (which belongs to the connection that opened it).
func unlockWithPassword(addr, password string) error {
	conn, err := dbus.Dial(addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return err
	}
	if err := conn.Hello(); err != nil {
		return err
	}
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var out dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		return fmt.Errorf("OpenSession: %w", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte(password), "text/plain"}
	return svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0,
		dbus.ObjectPath("/org/freedesktop/secrets/collection/login"), secret).Err
}

// TestLockedSecretServiceAsksToUnlockOnATerminal: with a person at a
// terminal, assume asks the Secret Service to unlock the collection (the
// service shows its own prompt). Here no prompt can be shown (no display),
// so the run goes on uncached with the one warning.
func TestLockedSecretServiceAsksToUnlockOnATerminal(t *testing.T) {
	script := requireTool(t, "script")
	monitor := requireTool(t, "dbus-monitor")
	sb, _ := strictSandbox(t, "")
	lock, _ := privateSecretService(t, sb)
	mustSucceed(t, sb.run("-x", "a"))
	lock()
	mon := exec.Command(monitor, "--address", sb.Env["ASSUME_TEST_BUS"], "type='method_call',interface='org.freedesktop.Secret.Service',member='Unlock'")
	var seen strings.Builder
	mon.Stdout = &seen
	if err := mon.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the monitor registers its match
	sb.Env["SHELL"] = "/bin/sh"
	r := sb.exec(script, "-qec", binary+" -x a", "/dev/null")
	time.Sleep(300 * time.Millisecond)
	_ = mon.Process.Kill()
	_ = mon.Wait()
	if r.Code != 0 || !strings.Contains(r.Stdout, "AWS_SESSION_TOKEN") {
		t.Fatalf("exit %d\n%s", r.Code, r.Stdout)
	}
	if !strings.Contains(seen.String(), "member=Unlock") {
		t.Errorf("assume did not ask the Secret Service to unlock on a terminal; the bus saw:\n%s", seen.String())
	}
	if !strings.Contains(r.Stdout, "is locked") {
		t.Errorf("no warning about the lock on the terminal:\n%s", r.Stdout)
	}
}
