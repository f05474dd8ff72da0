//go:build unix && !darwin

package console

import (
	"errors"
	"os/exec"
	"syscall"
)

// platformOpener is xdg-open, which needs a graphical session.
func platformOpener(getenv func(string) string) ([]string, error) {
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return nil, errors.New("no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)")
	}
	return []string{"xdg-open"}, nil
}

// detach starts the browser in its own session, so closing the terminal
// does not close it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
