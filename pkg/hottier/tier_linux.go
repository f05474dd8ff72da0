package hottier

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// hotKeyring is the description of the hot keyring in the session keyring.
const hotKeyring = "assume-hot"

// Tier is the hot keyring of this login session.
type Tier struct {
	serial int
}

// Open finds the hot keyring linked in the process's session keyring; with
// create it makes one (possessor-only) when there is none, without it an
// absent hot keyring is ErrNotFound. ErrUnavailable when keyctl is not
// usable or the session keyring is the user-session keyring, which every
// process of the user shares.
func Open(create bool) (*Tier, error) {
	// Without create the kernel answers the user-session keyring for a
	// process that has no session keyring (and installs it as such).
	session, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		return nil, fmt.Errorf("%w: finding the session keyring: %w", ErrUnavailable, err)
	}
	userSession, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_SESSION_KEYRING, false)
	if err != nil {
		// Unable to tell the two apart: refuse rather than risk the shared one.
		return nil, fmt.Errorf("%w: finding the user-session keyring: %w", ErrUnavailable, err)
	}
	if session == userSession {
		return nil, fmt.Errorf("%w: no session keyring of this process's own (only the user-session keyring, shared by all the user's processes)", ErrUnavailable)
	}

	// The search looks in the session keyring itself before any keyring
	// linked from it.
	id, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "keyring", hotKeyring, 0)
	if err == nil {
		// The search also looks in keyrings linked from the session one:
		// use only a keyring of ours that nobody else may read.
		if err := checkOwn(id); err != nil {
			return nil, err
		}
		return &Tier{serial: id}, nil
	}
	if !gone(err) || !create {
		return nil, lookupErr("finding the hot keyring", err)
	}
	// A new keyring is possessor-all plus user-view (never user-read or
	// -search), so nothing leaks before the setperm below.
	id, err = unix.AddKey("keyring", hotKeyring, nil, unix.KEY_SPEC_SESSION_KEYRING)
	if err != nil {
		return nil, fmt.Errorf("creating the hot keyring: %w", err)
	}
	if err := unix.KeyctlSetperm(id, possessorAll); err != nil {
		return nil, errors.Join(fmt.Errorf("restricting the hot keyring: %w", err), unlink(id, unix.KEY_SPEC_SESSION_KEYRING))
	}
	return &Tier{serial: id}, nil
}

// Put stores data under name until expires (whole seconds, rounded down);
// an expiry less than a second ahead stores nothing and removes any entry
// of that name. The entry is possessor-only.
func (t *Tier) Put(name string, data []byte, expires time.Time) error {
	secs := time.Until(expires) / time.Second
	if secs <= 0 {
		return t.Remove(name)
	}
	// add_key would update an existing key in place, keeping whatever
	// permissions it has; drop it so the data only ever goes into a key of
	// ours. A new "user" key is possessor-all plus user-view: its data is
	// not readable by anyone else even before the setperm.
	if err := t.Remove(name); err != nil {
		return err
	}
	id, err := unix.AddKey("user", name, data, t.serial)
	if err != nil {
		return fmt.Errorf("storing a hot entry: %w", err)
	}
	if err := unix.KeyctlSetperm(id, possessorAll); err != nil {
		return errors.Join(fmt.Errorf("restricting a hot entry: %w", err), unlink(id, t.serial))
	}
	// An entry must not outlive its session: without its timeout it goes.
	if _, err := unix.KeyctlInt(unix.KEYCTL_SET_TIMEOUT, id, int(secs), 0, 0); err != nil {
		return errors.Join(fmt.Errorf("setting a hot entry's expiry: %w", err), unlink(id, t.serial))
	}
	return nil
}

// Get returns the data stored under name; ErrNotFound when it is absent or
// has expired.
func (t *Tier) Get(name string) ([]byte, error) {
	id, err := unix.KeyctlSearch(t.serial, "user", name, 0)
	if err != nil {
		return nil, lookupErr("finding a hot entry", err)
	}
	return readKey(id)
}

// Remove deletes the entry under name; an absent entry is not an error.
func (t *Tier) Remove(name string) error {
	id, err := unix.KeyctlSearch(t.serial, "user", name, 0)
	if gone(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("finding a hot entry: %w", err)
	}
	return unlink(id, t.serial)
}

// Clear deletes every entry.
func (t *Tier) Clear() error {
	if _, err := unix.KeyctlInt(unix.KEYCTL_CLEAR, t.serial, 0, 0, 0); err != nil {
		return fmt.Errorf("clearing the hot keyring: %w", err)
	}
	return nil
}

// Len is the number of entries (tests, diagnostics).
func (t *Tier) Len() (int, error) {
	n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, t.serial, nil, 0)
	if err != nil {
		return 0, lookupErr("listing the hot keyring", err)
	}
	return n / 4, nil // the payload of a keyring is its members' 32-bit serials
}

// checkOwn refuses a hot keyring that is not this user's or that grants
// anything beyond its possessor.
func checkOwn(id int) error {
	desc, err := unix.KeyctlString(unix.KEYCTL_DESCRIBE, id)
	if err != nil {
		return lookupErr("describing the hot keyring", err)
	}
	// type;uid;gid;perm;description
	f := strings.SplitN(desc, ";", 5)
	if len(f) != 5 || f[0] != "keyring" || f[1] != strconv.Itoa(os.Getuid()) || f[3] != strconv.FormatInt(possessorAll, 16) {
		return fmt.Errorf("%w: the %s keyring found is not this user's alone (%s)", ErrUnavailable, hotKeyring, desc)
	}
	return nil
}
