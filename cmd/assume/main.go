// Command assume gives a shell, a command or an AWS SDK short-lived
// credentials for a role in ~/.aws/config.
package main

import (
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
	code, sig := run()
	if sig != 0 {
		raise(sig) // die as the child died, once everything is cleaned up
	}
	os.Exit(code)
}

func run() (int, syscall.Signal) {
	dbusguard.Restore()
	restoreCore, _ := nodump.Disable() // best effort: no core file of the secrets
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal cancels the run; stop() then gives the signals their
	// default action back, so the next one ends assume at once.
	go func() { <-sigCtx.Done(); stop() }()
	f := systemFactory()
	f.Memo = newMemoRun(f, executable(), os.Args[1:], os.Environ())
	f.BeforeExec = restoreCore // the command keeps the user's core limit
	// Every secret of the run, to mask in the final error line; pkg/assume
	// adds what it obtains through the context.
	for _, name := range secretEnv {
		f.Secrets.Add(f.Host.Env(name))
	}
	ctx := debuglog.WithSecrets(sigCtx, f.Secrets)
	err := newRootCmd(f).ExecuteContext(ctx)
	if ferr := f.IO.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing to stdout: %w", ferr)
	}
	code, sig := 0, syscall.Signal(0)
	var exit *exitError
	switch {
	case errors.As(err, &exit):
		code, sig = exit.code, exit.signal
	case err != nil:
		code = 1
		fmt.Fprintf(f.IO.ErrOut, "assume: %s\n", f.Secrets.Scrub(err.Error()))
	}
	if f.Debug.On() {
		f.Debug.Printf("done: exit %d", code) // the line's prefix is the run's total time
	}
	return code, sig
}

// exitError carries a child's exit status out of a command unchanged:
// its code, and the signal that killed it, if one did.
type exitError struct {
	code   int
	signal syscall.Signal
}

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }
