//go:build !windows

package main

import (
	"fmt"
	"syscall"
)

// replaceProcess execs the command in place of assume: signals from the
// terminal or a supervisor reach it directly (no double SIGINT from
// forwarding) and its exit status is the process's own. Files assume opened
// are close-on-exec, so no lock or secret outlives this call.
func replaceProcess(path string, argv, env []string) error {
	if err := syscall.Exec(path, argv, env); err != nil {
		return fmt.Errorf("running %s: %w", argv[0], err)
	}
	return nil
}
