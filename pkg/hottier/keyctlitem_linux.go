package hottier

import "golang.org/x/sys/unix"

// ReadKeyctlItem reads item name of the keyctl backend of
// github.com/99designs/keyring v1.2.2 with KeyCtlScope "user" and
// ServiceName service: a "user" key described name in a keyring described
// service, both found by search from the user keyring. ErrNotFound when
// either is absent.
func ReadKeyctlItem(service, name string) ([]byte, error) {
	ring, err := unix.KeyctlSearch(unix.KEY_SPEC_USER_KEYRING, "keyring", service, 0)
	if err != nil {
		return nil, lookupErr("finding the keyctl service keyring", err)
	}
	id, err := unix.KeyctlSearch(ring, "user", name, 0)
	if err != nil {
		return nil, lookupErr("finding a keyctl item", err)
	}
	return readKey(id)
}
