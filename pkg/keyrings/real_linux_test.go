package keyrings

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"

	"github.com/99designs/keyring"
	"golang.org/x/sys/unix"
)

// Tests against the real backends scripts/test-env.sh sets up. Without a
// service they skip on a developer's machine and fail under CI=true.

func needService(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	testenv.Unavailable(t, "%s unavailable (run the tests through make test, which uses scripts/test-env.sh): %v", what, err)
}

func realConfig(t *testing.T, backend string) Config {
	t.Helper()
	cfg := backendTestConfig(t, map[string]string{"ASSUME_KEYRING_PASSPHRASE": "set"})
	cfg.Backend = backend
	// A keyctl keyring of its own per test run, so tests never see or clear a real cache.
	cfg.ServiceName = fmt.Sprintf("assume-test-%d", os.Getpid())
	cfg.PassDir = os.Getenv("ASSUME_TEST_PASS_DIR")
	return cfg
}

func secretServiceUp() error {
	if os.Getenv("ASSUME_TEST_SECRET_SERVICE") == "" {
		return errors.New("ASSUME_TEST_SECRET_SERVICE is not set")
	}
	return secretServiceReady(context.Background(), secretServiceCollection)
}

func keyctlUp() error {
	_, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, false)
	return err
}

func passUp() error {
	if os.Getenv("ASSUME_TEST_PASS_DIR") == "" {
		return errors.New("ASSUME_TEST_PASS_DIR is not set")
	}
	_, err := exec.LookPath("pass")
	return err
}

func openReal(t *testing.T, cfg Config, want keyring.BackendType) keyring.Keyring {
	t.Helper()
	ring, b, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b != want {
		t.Fatalf("backend = %s, want %s", b, want)
	}
	return ring
}

func TestRealSecretService(t *testing.T) {
	needService(t, "Secret Service (gnome-keyring)", secretServiceUp())
	exerciseKeyring(t, openReal(t, realConfig(t, "secret-service"), keyring.SecretServiceBackend))
}

func TestRealPass(t *testing.T) {
	needService(t, "pass", passUp())
	cfg := realConfig(t, "pass")
	ring := openReal(t, cfg, keyring.PassBackend)
	exerciseKeyring(t, ring)
	if err := ring.Set(keyring.Item{Key: "assume.test.c", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	defer ring.Remove("assume.test.c")
	if _, err := os.Stat(filepath.Join(cfg.PassDir, cfg.ServiceName, "assume.test.c.gpg")); err != nil {
		t.Errorf("items are not under the %s prefix: %v", cfg.ServiceName, err)
	}
}

func TestRealFile(t *testing.T) {
	exerciseKeyring(t, openReal(t, realConfig(t, "file"), keyring.FileBackend))
}

func TestRealKeyctl(t *testing.T) {
	needService(t, "keyctl", keyctlUp())
	cfg := realConfig(t, "keyctl")
	ring := openReal(t, cfg, keyring.KeyCtlBackend)
	t.Cleanup(func() { unlinkKeyctlRing(cfg.ServiceName) })
	exerciseKeyring(t, ring)
}

// A cache is only useful if the next assume, in another shell and so
// another session keyring, reads what this one wrote.
func TestRealKeyctlIsSharedAcrossProcessesAndSessions(t *testing.T) {
	needService(t, "keyctl", keyctlUp())
	cfg := realConfig(t, "keyctl")
	ring := openReal(t, cfg, keyring.KeyCtlBackend)
	t.Cleanup(func() { unlinkKeyctlRing(cfg.ServiceName) })
	if err := ring.Set(keyring.Item{Key: "assume.test.shared", Data: []byte("from the parent")}); err != nil {
		t.Fatal(err)
	}
	out := runBackendChild(t, "keyctl-read", "ASSUME_CACHE_TEST_SERVICE="+cfg.ServiceName)
	if out != "from the parent" {
		t.Fatalf("a process in a new session keyring read %q", out)
	}
}

func unlinkKeyctlRing(name string) {
	if id, err := unix.KeyctlSearch(unix.KEY_SPEC_USER_KEYRING, "keyring", name, 0); err == nil {
		_, _ = unix.KeyctlInt(unix.KEYCTL_UNLINK, id, unix.KEY_SPEC_USER_KEYRING, 0, 0)
	}
}

func TestRealAutoPicksSecretServiceWhenItIsUp(t *testing.T) {
	needService(t, "Secret Service (gnome-keyring)", secretServiceUp())
	cfg := realConfig(t, "")
	cfg.ServiceName = "assume"
	_, b, err := Open(cfg)
	if err != nil || b != keyring.SecretServiceBackend {
		t.Fatalf("auto = %s, %v; want secret-service", b, err)
	}
}

// Without a session bus (a headless login) auto must fall back to a
// backend that works, in order: keyctl, then pass, then file.
func TestRealAutoFallsBackWithoutASessionBus(t *testing.T) {
	needService(t, "keyctl", keyctlUp())
	needService(t, "pass", passUp())
	cases := []struct {
		order string
		want  keyring.BackendType
	}{
		{"", keyring.KeyCtlBackend}, // the real Linux order
		{"secret-service,kwallet,pass,file", keyring.PassBackend},
		{"secret-service,kwallet,file", keyring.FileBackend},
	}
	for _, c := range cases {
		got := runBackendChild(t, "auto", "ASSUME_CACHE_TEST_ORDER="+c.order, "ASSUME_TEST_PASS_DIR="+os.Getenv("ASSUME_TEST_PASS_DIR"))
		if got != string(c.want) {
			t.Errorf("auto without a bus, order %q: %s, want %s", c.order, got, c.want)
		}
	}
}

// runBackendChild runs TestBackendChild in a new process without a D-Bus
// session (the library connects at start-up, so the parent cannot drop
// its bus) and returns what it printed.
func runBackendChild(t *testing.T, mode string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackendChild$", "-test.count=1")
	empty := t.TempDir()
	// A bus address that cannot connect rather than none: with no address
	// the library runs dbus-launch, which (if installed) starts and leaks a
	// dbus-daemon.
	cmd.Env = append(os.Environ(),
		"ASSUME_CACHE_TEST_CHILD="+mode,
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(empty, "no-bus"),
		"XDG_RUNTIME_DIR="+empty,
	)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	s := string(out)
	if i := strings.Index(s, "RESULT="); i >= 0 {
		s = s[i+len("RESULT="):]
		if j := strings.IndexByte(s, '\n'); j >= 0 {
			s = s[:j]
		}
		return s
	}
	t.Fatalf("child %s printed no result:\n%s", mode, out)
	return ""
}

// TestBackendChild is the other process for the tests above.
func TestBackendChild(t *testing.T) {
	mode := os.Getenv("ASSUME_CACHE_TEST_CHILD")
	switch mode {
	case "":
		t.Skip("only run as a child of the real-backend tests")
	case "keyctl-read":
		// The session keyring is per thread: stay on the one that joins.
		runtime.LockOSThread()
		if _, err := unix.KeyctlJoinSessionKeyring(fmt.Sprintf("assume-test-session-%d", os.Getpid())); err != nil {
			t.Fatal(err)
		}
		cfg := realConfig(t, "keyctl")
		cfg.ServiceName = os.Getenv("ASSUME_CACHE_TEST_SERVICE")
		ring, _, err := Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		it, err := ring.Get("assume.test.shared")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("RESULT=%s\n", it.Data)
	case "auto":
		if secretServiceReady(context.Background(), secretServiceCollection) == nil {
			t.Fatal("the child still reaches the Secret Service")
		}
		cfg := realConfig(t, "")
		h := host{order: autoOrder(runtime.GOOS)}
		if o := os.Getenv("ASSUME_CACHE_TEST_ORDER"); o != "" {
			h.order = nil
			for _, b := range strings.Split(o, ",") {
				h.order = append(h.order, keyring.BackendType(b))
			}
		}
		_, b, err := openKeyring(cfg, h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("RESULT=%s\n", b)
	default:
		t.Fatalf("unknown child mode %q", mode)
	}
}
