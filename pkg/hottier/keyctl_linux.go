package hottier

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// possessorAll grants view, read, write, search, link and setattr to the
// key's possessor and nothing to its user, group or others.
const possessorAll = 0x3f000000

// readBufSize fits a cached session in one KEYCTL_READ; larger keys cost
// a second read.
const readBufSize = 4096

// readKey returns the payload of key id.
func readKey(id int) ([]byte, error) {
	buf := make([]byte, readBufSize)
	for {
		n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
		if err != nil {
			return nil, lookupErr("reading a key", err)
		}
		if n <= len(buf) {
			return buf[:n], nil
		}
		// The key is larger than the buffer (or grew between reads).
		buf = make([]byte, n)
	}
}

// unlink removes key id from keyring ring; a key already gone is fine.
func unlink(id, ring int) error {
	_, err := unix.KeyctlInt(unix.KEYCTL_UNLINK, id, ring, 0, 0)
	if err != nil && !gone(err) {
		return fmt.Errorf("unlinking a key: %w", err)
	}
	return nil
}

// gone reports errors that mean the key is not there (any more).
func gone(err error) bool {
	return errors.Is(err, unix.ENOKEY) || errors.Is(err, unix.EKEYEXPIRED) || errors.Is(err, unix.EKEYREVOKED)
}

// missing reports errors that mean keyctl itself is not usable: an old or
// stripped kernel, or a seccomp filter (Docker's default answers EPERM).
func missing(err error) bool {
	return errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EOPNOTSUPP)
}

// lookupErr classifies err from a search or read.
func lookupErr(what string, err error) error {
	switch {
	case gone(err):
		return fmt.Errorf("%s: %w (%w)", what, ErrNotFound, err)
	case missing(err):
		return fmt.Errorf("%s: %w (%w)", what, ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
