// Package dbusguard stops github.com/99designs/keyring's package
// initialisation from starting a D-Bus daemon.
//
// keyring's init functions call dbus.SessionBus(); with no
// DBUS_SESSION_BUS_ADDRESS, godbus "autolaunches" a session bus by running
// dbus-launch, on every run of every program importing keyring: on a headless
// machine with dbus-x11 installed that is ~24 ms and two leaked daemons per
// run of assume. When no session bus is configured, this package sets an
// address with a transport godbus does not know, so that call fails at once
// and nothing is executed; Restore removes it again.
//
// It must be initialised before keyring and godbus. Go initialises packages
// in import-path order among those whose imports are done (Go 1.21+): this
// package imports only os, which godbus imports too, and its path sorts
// before github.com/godbus, so it always comes first. A test checks it.
package dbusguard

import "os"

const (
	addressVar = "DBUS_SESSION_BUS_ADDRESS"
	// disabled is an address godbus rejects without dialling or executing.
	disabled = "disabled:"
)

// guarded records whether init set the address (package state by necessity:
// init has nowhere else to put it).
var guarded bool

func init() {
	if os.Getenv(addressVar) == "" {
		guarded = os.Setenv(addressVar, disabled) == nil
	}
}

// Restore removes the address init set, so children of assume (exec, the
// subshell) see the environment they were given. Secret Service is not
// usable in such a process anyway: there was no session bus to reach.
func Restore() {
	if guarded && os.Getenv(addressVar) == disabled {
		_ = os.Unsetenv(addressVar)
	}
	guarded = false
}
