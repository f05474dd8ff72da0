// Package hottier is the hot tier of the session cache: copies of cached
// sessions in the Linux session keyring, where a small front program can
// answer a cache hit with a few syscalls, before the full program (and its
// keyring backends) would even have loaded.
//
// The hot keyring ("assume-hot") hangs off the login session's keyring and
// it and its entries grant everything to their possessor and nothing to
// anyone else, not even other processes of the same user: only processes
// of the session (which inherit the session keyring) can read them. For the
// same reason there is no hot tier in a process without a session keyring
// of its own: the kernel's fallback, the user-session keyring, is shared by
// every process of the user.
//
// The package also reads items that github.com/99designs/keyring's keyctl
// backend stored, without importing that library.
package hottier

import "errors"

// ErrUnavailable means there is no hot tier here: not Linux, keyctl is
// missing or filtered, or the process has no session keyring of its own.
var ErrUnavailable = errors.New("hot tier unavailable")

// ErrNotFound means the hot keyring, an entry or a keyctl item is absent
// (or has expired).
var ErrNotFound = errors.New("not found in the keyring")
