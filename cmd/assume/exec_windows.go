//go:build windows

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
)

// replaceProcess runs the command as a child (Windows has no exec), passes
// Ctrl-C on to it, and returns its exit status.
func replaceProcess(path string, argv, env []string) error {
	c := exec.Command(path, argv[1:]...)
	c.Env = env
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt) // the console delivers Ctrl-C to the child too; do not die first
	defer signal.Stop(sigs)
	if err := c.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return &exitError{code: ee.ExitCode()}
		}
		return fmt.Errorf("running %s: %w", argv[0], err)
	}
	return nil
}
