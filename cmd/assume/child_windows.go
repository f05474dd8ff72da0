//go:build windows

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// runChild runs path as a child of assume and returns its exit status.
// The console delivers Ctrl-C to every process attached to it, the child
// included, so assume only ignores it. A child whose assume is killed
// keeps running without a server (docs/credential-server.md).
func runChild(in io.Reader, out, errOut io.Writer, path string, argv, env []string) error {
	c := &exec.Cmd{Path: path, Args: argv, Env: env, Stdin: in, Stdout: out, Stderr: errOut}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
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

// raise: Windows has no signals to die by.
func raise(syscall.Signal) {}
