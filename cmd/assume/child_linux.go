package main

import "syscall"

// childAttr kills the child if assume dies (even by SIGKILL), as kill -9
// of a command run by plain exec kills the command: a child must not
// outlive the server its credentials come from.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
