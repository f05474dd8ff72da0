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
	"github.com/assume-cli/assume/internal/nodump"
	"github.com/assume-cli/assume/pkg/debuglog"
)

func main() {
	os.Exit(run())
}

func run() int {
	dbusguard.Restore()
	restoreCore, _ := nodump.Disable() // best effort: no core file of the secrets
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal cancels the run; stop() then gives the signals their
	// default action back, so the next one ends assume at once.
	go func() { <-sigCtx.Done(); stop() }()
	// Every secret of the run, to mask in the final error line.
	secrets := &debuglog.Secrets{}
	for _, name := range secretEnv {
		secrets.Add(os.Getenv(name))
	}
	ctx := debuglog.WithSecrets(sigCtx, secrets)
	deps := systemDeps()
	if prompt := deps.PromptSecret; prompt != nil {
		deps.PromptSecret = func(p string) (string, error) {
			v, err := prompt(p)
			secrets.Add(v)
			return v, err
		}
	}
	// Stdout is buffered: `list` and tab completion print thousands of
	// lines, one write(2) each unbuffered. It is flushed before exec and
	// here, before exit.
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	deps.Stdout = out
	deps.FlushStdout = func() error {
		restoreCore() // runs only before exec: the command keeps the user's core limit
		return out.Flush()
	}
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
		fmt.Fprintf(deps.Stderr, "assume: %s\n", secrets.Scrub(err.Error()))
	}
	if deps.Debug.On() {
		deps.Debug.Printf("done: exit %d", code) // the line's prefix is the run's total time
	}
	return code
}

// exitError carries a child's exit status out of a command unchanged.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }
