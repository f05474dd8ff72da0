// Command assume gives a shell, a command or an AWS SDK short-lived
// credentials for a role in ~/.aws/config.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/assume-cli/assume/internal/dbusguard"
)

func main() {
	os.Exit(run())
}

func run() int {
	dbusguard.Restore()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	deps := systemDeps()
	// Stdout is buffered: `list` and tab completion print thousands of
	// lines, one write(2) each unbuffered. It is flushed before exec and
	// here, before exit.
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	deps.Stdout, deps.FlushStdout = out, out.Flush
	err := newRootCmd(deps).ExecuteContext(ctx)
	if ferr := out.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing to stdout: %w", ferr)
	}
	code := 0
	var exit *exitError
	switch {
	case errors.As(err, &exit):
		code = exit.code
	case err != nil:
		code = 1
		fmt.Fprintf(deps.Stderr, "assume: %s\n", err)
	}
	if deps.Debug.On() {
		deps.Debug.Printf("done: exit %d", code) // the line's prefix is the run's total time
	}
	return code
}

// exitError carries a child's exit status out of a command unchanged.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }
