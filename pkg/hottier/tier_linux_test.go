package hottier

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const hour = time.Hour

func TestRoundTrip(t *testing.T) {
	runChild(t, child{join: joinNew, helper: "roundtrip"})
}

func helpRoundTrip() error {
	if _, err := Open(false); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("Open(false) in a new session: %v, want ErrNotFound", err)
	}
	tier, err := Open(true)
	if err != nil {
		return err
	}
	for _, create := range []bool{false, true} {
		again, err := Open(create)
		if err != nil {
			return fmt.Errorf("Open(%v) after creating: %w", create, err)
		}
		if again.serial != tier.serial {
			return fmt.Errorf("Open(%v) found keyring %d, not the one created (%d)", create, again.serial, tier.serial)
		}
	}
	if _, err := tier.Get("a"); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("Get of a name never put: %v", err)
	}
	big := bytes.Repeat([]byte("0123456789"), 1000) // more than one read buffer
	if err := tier.Put("a", []byte("first"), time.Now().Add(hour)); err != nil {
		return err
	}
	if err := tier.Put("b", big, time.Now().Add(hour)); err != nil {
		return err
	}
	if err := tier.Put("a", []byte("second"), time.Now().Add(hour)); err != nil {
		return err
	}
	if err := wantData(tier, "a", []byte("second")); err != nil {
		return err
	}
	if err := wantData(tier, "b", big); err != nil {
		return err
	}
	if err := tier.Remove("a"); err != nil {
		return err
	}
	if _, err := tier.Get("a"); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("Get after Remove: %v", err)
	}
	if err := tier.Remove("a"); err != nil {
		return fmt.Errorf("Remove of an absent entry: %w", err)
	}
	if err := wantData(tier, "b", big); err != nil {
		return fmt.Errorf("after removing another entry: %w", err)
	}
	if err := tier.Clear(); err != nil {
		return err
	}
	if _, err := tier.Get("b"); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("Get after Clear: %v", err)
	}
	if err := tier.Put("c", []byte("after clear"), time.Now().Add(hour)); err != nil {
		return err
	}
	if err := wantData(tier, "c", []byte("after clear")); err != nil {
		return err
	}

	// The front case: another process of the session reads the entry;
	// a process of another session does not even find the hot keyring.
	if err := tier.Put("shared", []byte("for the session"), time.Now().Add(hour)); err != nil {
		return err
	}
	if _, err := (child{helper: "get-shared", env: []string{"HOTTIER_TEST_WANT=found"}}).run(); err != nil {
		return err
	}
	_, err = child{join: joinNew, helper: "get-shared", env: []string{"HOTTIER_TEST_WANT=no-tier"}}.run()
	return err
}

func helpGetShared() error {
	tier, err := Open(false)
	if os.Getenv("HOTTIER_TEST_WANT") == "no-tier" {
		return wantErr("Open(false) in another session", err, ErrNotFound)
	}
	if err != nil {
		return err
	}
	return wantData(tier, "shared", []byte("for the session"))
}

func wantData(tier *Tier, name string, want []byte) error {
	got, err := tier.Get(name)
	if err != nil {
		return fmt.Errorf("Get(%q): %w", name, err)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("Get(%q) = %d bytes %.20q, want %d bytes %.20q", name, len(got), got, len(want), want)
	}
	return nil
}

func TestPermissionsArePossessorOnly(t *testing.T) {
	runChild(t, child{join: joinNew, helper: "perms"})
}

func helpPerms() error {
	tier, err := Open(true)
	if err != nil {
		return err
	}
	if err := wantKey(tier.serial, "keyring"); err != nil {
		return fmt.Errorf("hot keyring: %w", err)
	}
	if err := tier.Put("entry", []byte("x"), time.Now().Add(hour)); err != nil {
		return err
	}
	id, err := unix.KeyctlSearch(tier.serial, "user", "entry", 0)
	if err != nil {
		return err
	}
	if err := wantKey(id, "user"); err != nil {
		return fmt.Errorf("entry: %w", err)
	}

	// An entry of that name with wider permissions (planted, or left by an
	// older version): Put must not write the new data into it.
	planted, err := unix.AddKey("user", "entry", []byte("old"), tier.serial)
	if err != nil {
		return err
	}
	if err := unix.KeyctlSetperm(planted, 0x3f3f0000); err != nil {
		return err
	}
	if err := tier.Put("entry", []byte("new"), time.Now().Add(hour)); err != nil {
		return err
	}
	id, err = unix.KeyctlSearch(tier.serial, "user", "entry", 0)
	if err != nil {
		return err
	}
	if err := wantKey(id, "user"); err != nil {
		return fmt.Errorf("replaced entry: %w", err)
	}
	if id == planted {
		return errors.New("Put updated the wider-permission key in place")
	}
	if old, err := readKey(planted); err == nil && string(old) != "old" {
		return fmt.Errorf("the planted key now holds %q", old)
	}
	return wantData(tier, "entry", []byte("new"))
}

func wantKey(id int, wantType string) error {
	typ, perm, err := describe(id)
	if err != nil {
		return err
	}
	if typ != wantType || perm != "3f000000" {
		return fmt.Errorf("type %s perm %s, want type %s perm 3f000000", typ, perm, wantType)
	}
	return nil
}

func TestInvisibleToOtherUsers(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("needs root to run a child as another user, and CI must not skip it")
		}
		t.Skip("needs root to run a child as another user")
	}
	// The other user must be able to execute the binary: copy it out of
	// the build's private directory.
	dir, err := os.MkdirTemp("", "hottier-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "hottier.test")
	copyFile(t, exe)
	runChild(t, child{join: joinNew, helper: "owner", exe: exe})
}

func copyFile(t *testing.T, dst string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, src); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

const secretName, secretData = "secret-entry", "s3cr3t"

func helpOwner() error {
	tier, err := Open(true)
	if err != nil {
		return err
	}
	if err := tier.Put(secretName, []byte(secretData), time.Now().Add(hour)); err != nil {
		return err
	}
	id, err := unix.KeyctlSearch(tier.serial, "user", secretName, 0)
	if err != nil {
		return err
	}
	// Controls: the serial is right, and the owner sees it in /proc/keys.
	if data, err := readKey(id); err != nil || string(data) != secretData {
		return fmt.Errorf("the owner reading its entry by serial: %q, %v", data, err)
	}
	if listed, err := inProcKeys(id); err != nil || !listed {
		return fmt.Errorf("the owner does not see its entry in /proc/keys (%v)", err)
	}
	_, err = child{
		join:   joinNew,
		helper: "stranger",
		cred:   &syscall.Credential{Uid: 65534, Gid: 65534},
		env:    []string{"HOTTIER_TEST_ENTRY=" + strconv.Itoa(id), "HOTTIER_TEST_RING=" + strconv.Itoa(tier.serial)},
	}.run()
	return err
}

func helpStranger() error {
	if os.Getuid() != 65534 || os.Getgid() != 65534 {
		return fmt.Errorf("running as %d:%d, not 65534:65534", os.Getuid(), os.Getgid())
	}
	id, err1 := strconv.Atoi(os.Getenv("HOTTIER_TEST_ENTRY"))
	ring, err2 := strconv.Atoi(os.Getenv("HOTTIER_TEST_RING"))
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	denied := func(what string, err error) error {
		if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
			return nil
		}
		return fmt.Errorf("another user %s: %v, want EACCES or EPERM", what, err)
	}
	data, err := readKey(id)
	if err := denied("reading the entry by serial", err); err != nil {
		return fmt.Errorf("%w (read %d bytes)", err, len(data))
	}
	_, _, err = describe(id)
	if err := denied("describing the entry", err); err != nil {
		return err
	}
	_, err = unix.KeyctlSearch(ring, "user", secretName, 0)
	if err := denied("searching the hot keyring", err); err != nil {
		return err
	}
	if _, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "user", secretName, 0); !errors.Is(err, unix.ENOKEY) {
		return fmt.Errorf("another user searching its own keyrings: %v, want ENOKEY", err)
	}
	if _, err := Open(false); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("another user's Open(false): %v, want ErrNotFound", err)
	}
	if listed, err := inProcKeys(id); err != nil || listed {
		return fmt.Errorf("another user sees the entry in /proc/keys (%v)", err)
	}
	return nil
}

// inProcKeys reports whether /proc/keys, which lists the keys the reader
// may view, lists key id.
func inProcKeys(id int) (bool, error) {
	b, err := os.ReadFile("/proc/keys")
	if err != nil {
		return false, err
	}
	prefix := fmt.Sprintf("%08x ", id)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, prefix) {
			return true, nil
		}
	}
	return false, nil
}

func TestExpiry(t *testing.T) {
	runChild(t, child{join: joinNew, helper: "expiry"})
}

func helpExpiry() error {
	tier, err := Open(true)
	if err != nil {
		return err
	}
	// Less than a whole second ahead, or past: nothing is stored, and an
	// entry of that name goes.
	if err := tier.Put("soon", []byte("x"), time.Now().Add(500*time.Millisecond)); err != nil {
		return err
	}
	if _, err := tier.Get("soon"); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("an entry expiring within the second was stored: %v", err)
	}
	if err := tier.Put("past", []byte("x"), time.Now().Add(hour)); err != nil {
		return err
	}
	if err := tier.Put("past", []byte("x"), time.Now().Add(-time.Second)); err != nil {
		return err
	}
	if _, err := tier.Get("past"); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("Put with a past expiry left the entry: %v", err)
	}

	start := time.Now()
	expires := start.Add(2500 * time.Millisecond) // a 2 s timeout
	if err := tier.Put("short", []byte("x"), expires); err != nil {
		return err
	}
	_, err = tier.Get("short")
	if time.Since(start) < time.Second && err != nil {
		return fmt.Errorf("Get right after Put: %w", err)
	}
	for {
		_, err := tier.Get("short")
		if errors.Is(err, ErrNotFound) {
			break
		}
		if err != nil {
			return err
		}
		if time.Now().After(expires.Add(15 * time.Second)) {
			return errors.New("the entry has not expired 15 s after its expiry")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The expired key may still be linked until the kernel collects it:
	// a new Put of the name must still work.
	if err := tier.Put("short", []byte("again"), time.Now().Add(hour)); err != nil {
		return fmt.Errorf("Put over an expired entry: %w", err)
	}
	return wantData(tier, "short", []byte("again"))
}

func TestRefusesTheUserSessionKeyring(t *testing.T) {
	// This process may itself have no session keyring of its own (CI).
	session, err1 := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	userSession, err2 := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_SESSION_KEYRING, false)
	if err1 == nil && err2 == nil && session == userSession {
		if _, err := Open(false); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Open(false) without a session keyring of our own: %v, want ErrUnavailable", err)
		}
	}
	runChild(t, child{join: "name:_uid_ses." + strconv.Itoa(os.Getuid()), helper: "usersession"})
}

func helpUserSession() error {
	session, err1 := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	userSession, err2 := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_SESSION_KEYRING, false)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if session != userSession {
		return fmt.Errorf("joining the user-session keyring did not take: session %d, user session %d", session, userSession)
	}
	for _, create := range []bool{false, true} {
		if tier, err := Open(create); !errors.Is(err, ErrUnavailable) {
			return fmt.Errorf("Open(%v) in the user-session keyring: %v, %v, want ErrUnavailable", create, tier, err)
		}
	}
	if id, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "keyring", hotKeyring, 0); err == nil {
		_ = unlink(id, unix.KEY_SPEC_SESSION_KEYRING)
		return errors.New("a hot keyring exists in the user-session keyring (removed it)")
	}
	return nil
}
