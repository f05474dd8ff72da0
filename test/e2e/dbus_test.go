package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With no session bus configured, assume must not execute dbus-launch (the
// keyring library's init would, through godbus's autolaunch), and its
// children must not inherit the guard's placeholder address.
func TestNoDBusAutolaunchAndCleanChildEnvironment(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	bin := filepath.Join(sb.Home, "bin")
	marker := filepath.Join(sb.Home, "dbus-launch-ran")
	if err := os.MkdirAll(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	fake := "#!/bin/sh\ntouch " + marker + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(fake), 0o700); err != nil {
		t.Fatal(err)
	}
	sb.Env["PATH"] = bin + ":" + sb.Env["PATH"]
	delete(sb.Env, "DBUS_SESSION_BUS_ADDRESS")
	mustSucceed(t, sb.run("version"))
	r := mustSucceed(t, sb.run("--no-cache", "a", "--", "sh", "-c", `printf '%s' "${DBUS_SESSION_BUS_ADDRESS-unset}"`))
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("assume executed dbus-launch")
	}
	if strings.TrimSpace(r.Stdout) != "unset" {
		t.Fatalf("child saw DBUS_SESSION_BUS_ADDRESS=%q", r.Stdout)
	}
}
