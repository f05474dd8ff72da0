//go:build !windows

package assume

import "os/exec"

// shellCommand runs a helper command line through sh, as the AWS SDKs do.
func shellCommand(line string) *exec.Cmd { return exec.Command("sh", "-c", line) }
