//go:build windows

package assume

import "os/exec"

// shellCommand runs a helper command line through cmd.exe, as the Go SDK
// runs credential_process on Windows.
func shellCommand(line string) *exec.Cmd { return exec.Command("cmd.exe", "/C", line) }
