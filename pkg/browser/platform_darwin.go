package browser

import (
	"os/exec"
	"syscall"
)

// platformOpener is open(1), which hands the page to the default browser.
func platformOpener(func(string) string) ([]string, error) { return []string{"open"}, nil }

// detach starts the browser in its own session, so closing the terminal
// does not close it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
