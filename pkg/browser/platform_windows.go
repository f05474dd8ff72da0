package browser

import (
	"os/exec"
	"syscall"
)

// platformOpener hands the page to the default browser through the URL
// protocol handler.
func platformOpener(func(string) string) ([]string, error) {
	return []string{"rundll32", "url.dll,FileProtocolHandler"}, nil
}

// createNewProcessGroup keeps Ctrl+C in this console away from the browser.
const createNewProcessGroup = 0x00000200

func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: createNewProcessGroup}
}
