package hottier

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The tests run their checks in children of the test binary: a child joins
// a new session keyring, then re-executes itself so every thread of the
// process it becomes has that keyring (a join changes only the calling
// thread's credentials), and then runs one helper. The test process itself
// never changes its session keyring.
const (
	envJoin   = "HOTTIER_TEST_JOIN"   // joinNew, or "name:" + a keyring's description
	envHelper = "HOTTIER_TEST_HELPER" // which helper the child runs
	joinNew   = "new"                 // a new anonymous session keyring
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(envJoin); spec != "" {
		os.Exit(joinAndExec(spec))
	}
	if name := os.Getenv(envHelper); name != "" {
		os.Exit(runHelper(name))
	}
	os.Exit(m.Run())
}

func joinAndExec(spec string) int {
	runtime.LockOSThread() // the join and the exec must happen on one thread
	var err error
	if name, ok := strings.CutPrefix(spec, "name:"); ok {
		_, err = unix.KeyctlJoinSessionKeyring(name)
	} else if _, _, errno := unix.Syscall(unix.SYS_KEYCTL, unix.KEYCTL_JOIN_SESSION_KEYRING, 0, 0); errno != 0 {
		err = errno // a NULL name makes a new anonymous keyring
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "joining session keyring %q: %v\n", spec, err)
		return 3
	}
	exe, err := os.Executable()
	if err == nil {
		_ = os.Unsetenv(envJoin)
		err = syscall.Exec(exe, []string{exe}, os.Environ())
	}
	fmt.Fprintf(os.Stderr, "re-executing: %v\n", err)
	return 3
}

func runHelper(name string) int {
	helpers := map[string]func() error{
		"roundtrip":   helpRoundTrip,
		"get-shared":  helpGetShared,
		"perms":       helpPerms,
		"owner":       helpOwner,
		"stranger":    helpStranger,
		"expiry":      helpExpiry,
		"usersession": helpUserSession,
		"keyctl-save": helpKeyctlSave,
		"keyctl-read": helpKeyctlRead,
	}
	h, ok := helpers[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "no helper %q\n", name)
		return 2
	}
	if err := h(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// child is one run of the test binary as a helper.
type child struct {
	join   string // "" keeps the parent's session keyring
	helper string
	env    []string
	cred   *syscall.Credential
	exe    string // default: this binary
}

func (c child) run() (string, error) {
	exe := c.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return "", err
		}
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envHelper+"="+c.helper, envJoin+"="+c.join)
	cmd.Env = append(cmd.Env, c.env...)
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("helper %s: %w: %s", c.helper, err, out)
	}
	return string(out), nil
}

func runChild(t *testing.T, c child) string {
	t.Helper()
	out, err := c.run()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// describe returns the type and the permission mask (hex, as the kernel
// prints it) of key id.
func describe(id int) (typ, perm string, err error) {
	d, err := unix.KeyctlString(unix.KEYCTL_DESCRIBE, id)
	if err != nil {
		return "", "", fmt.Errorf("describing key %d: %w", id, err)
	}
	f := strings.SplitN(d, ";", 5) // type;uid;gid;perm;description
	if len(f) != 5 {
		return "", "", fmt.Errorf("odd description %q", d)
	}
	return f[0], f[3], nil
}

func wantErr(what string, got, want error) error {
	if !errors.Is(got, want) {
		return fmt.Errorf("%s: got error %v, want %v", what, got, want)
	}
	return nil
}
