package assume

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/assume-cli/assume/internal/procgroup"
)

const (
	// helperLimit is how long a helper may run, as the Go SDK allows
	// credential_process: long enough for a person to touch a key or log in
	// through a browser. A context deadline that comes sooner wins.
	helperLimit = time.Minute
	// helperReapWait bounds the wait for a killed helper's leader to be
	// reaped: SIGKILL ends it at once unless it is stuck in the kernel.
	helperReapWait = 5 * time.Second
	// helperDrainWait is how long the output may stay open once the
	// leader has exited and its group is killed: only a process that left
	// the group (setsid) still holds it then.
	helperDrainWait = time.Second
	// maxHelperOutput bounds what a helper may print: an MFA code is 6
	// digits, credential_process JSON a few KiB (see maxSessionTokenBytes).
	maxHelperOutput = 1 << 20
)

// helperCommand is one run of an mfa_process or credential_process.
type helperCommand struct {
	what    string    // "mfa_process" or "credential_process", for messages
	command string    // run through the platform's shell
	stdin   *os.File  // nil: /dev/null
	stderr  io.Writer // the helper talks to the user here (a touch prompt)
	limit   time.Duration
}

// errHelperOutputTooLarge is a helper printing more than maxHelperOutput.
var errHelperOutputTooLarge = fmt.Errorf("printed more than %d bytes (an MFA code or credential_process JSON is a few KiB at most)", maxHelperOutput)

// run runs the helper in a process group of its own and returns what it
// printed on stdout. At its limit, or when ctx ends (a signal), the whole
// group is killed; so is whatever the helper left running once it exits.
// Errors never quote the output: it may hold a secret.
func (h helperCommand) run(ctx context.Context) ([]byte, error) {
	limit := h.limit
	if limit <= 0 {
		limit = helperLimit
	}
	overdue := fmt.Sprintf("did not finish within %s", limit)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < limit {
		overdue = "did not finish before the run's deadline"
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	// Our own pipe, not cmd.StdoutPipe: Wait then returns when the leader
	// exits, not when the last process holding the pipe does.
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.what, err)
	}
	defer r.Close()
	cmd := shellCommand(h.command)
	cmd.Stdout, cmd.Stderr = w, h.stderr
	if h.stdin != nil { // a nil *os.File in the interface would not mean /dev/null
		cmd.Stdin = h.stdin
	}
	group, err := procgroup.Start(cmd)
	w.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: starting it: %w", h.what, err)
	}
	out := &cappedOutput{done: make(chan struct{})}
	go out.readFrom(r)
	exited := make(chan error, 1)
	go func() { exited <- group.Wait() }()

	var waitErr error
	outDone := out.done
	for running := true; running; {
		select {
		case waitErr = <-exited:
			running = false
		case <-outDone:
			outDone = nil // EOF: the leader may still run, so wait on
			if errors.Is(out.err(), errHelperOutputTooLarge) {
				group.Kill()
				return nil, h.stopped(exited, errHelperOutputTooLarge.Error(), nil)
			}
		case <-ctx.Done():
			group.Kill()
			if ctx.Err() == context.DeadlineExceeded {
				// Not wrapped: this is no network timeout to raise.
				return nil, h.stopped(exited, overdue, nil)
			}
			return nil, h.stopped(exited, "was interrupted", ctx.Err())
		}
	}
	data, readErr := out.drain(r, helperDrainWait)
	if waitErr != nil {
		return nil, fmt.Errorf("%s failed: %w", h.what, waitErr)
	}
	if readErr != nil {
		return nil, fmt.Errorf("%s: reading its output: %w", h.what, readErr)
	}
	return data, nil
}

// stopped waits (boundedly) for a killed helper and says why it was.
func (h helperCommand) stopped(exited <-chan error, why string, cause error) error {
	select {
	case <-exited:
	case <-time.After(helperReapWait):
	}
	if cause != nil {
		return fmt.Errorf("%s %s; stopped it and everything it started: %w", h.what, why, cause)
	}
	return fmt.Errorf("%s %s; stopped it and everything it started", h.what, why)
}

// cappedOutput collects a helper's stdout up to maxHelperOutput.
type cappedOutput struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	readErr error
	done    chan struct{}
}

func (o *cappedOutput) readFrom(r io.Reader) {
	defer close(o.done)
	chunk := make([]byte, 32<<10)
	for {
		n, err := r.Read(chunk)
		o.mu.Lock()
		if o.buf.Len()+n > maxHelperOutput {
			o.readErr = errHelperOutputTooLarge
			o.mu.Unlock()
			return
		}
		o.buf.Write(chunk[:n])
		if err != nil {
			if err != io.EOF {
				o.readErr = err
			}
			o.mu.Unlock()
			return
		}
		o.mu.Unlock()
	}
}

func (o *cappedOutput) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.readErr
}

// drain returns the output once the pipe is at EOF, or after wait: a
// process that escaped the group may hold the pipe open forever, and what
// the helper printed before exiting is in the pipe by then.
func (o *cappedOutput) drain(r *os.File, wait time.Duration) ([]byte, error) {
	select {
	case <-o.done:
	case <-time.After(wait):
		// Ends the blocked Read where the platform supports it; elsewhere
		// the reader is abandoned with what it has.
		_ = r.SetReadDeadline(time.Now())
		select {
		case <-o.done:
		case <-time.After(100 * time.Millisecond):
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.readErr != nil && !errors.Is(o.readErr, os.ErrDeadlineExceeded) {
		return nil, o.readErr
	}
	return bytes.Clone(o.buf.Bytes()), nil
}
