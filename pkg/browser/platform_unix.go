//go:build unix && !darwin

package browser

import (
	"os/exec"
	"syscall"
)

// platformOpener is xdg-open, which needs a graphical session: on a text
// console it would start a text browser on a terminal that is not its own.
func platformOpener(getenv func(string) string) ([]string, error) {
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return nil, errNoDisplay
	}
	return []string{"xdg-open"}, nil
}

// detach starts the browser in its own session, so closing the terminal
// does not close it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
