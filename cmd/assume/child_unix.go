//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// relayedSignals are the signals a terminal, a shell or a supervisor
// sends. Not SIGCHLD, SIGURG (the Go runtime's own), SIGPIPE or the
// faults, which concern assume alone; not SIGTTIN/SIGTTOU, which stop
// assume as the job they stop.
var relayedSignals = []os.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGWINCH,
	syscall.SIGTSTP, syscall.SIGCONT,
}

// runChild runs path as a child of assume, which stays its parent so the
// credentials server lives exactly as long as it: the same streams,
// process group and environment exec would give it, every signal sent to
// assume passed on (a terminal's are not sent twice, see relay), and its
// exit status returned (an *exitError, nil for 0). On Linux the child is
// killed if assume dies (childAttr).
func runChild(in io.Reader, out, errOut io.Writer, path string, argv, env []string) error {
	// Pdeathsig fires when the thread that forked the child exits, not
	// the process: keep this goroutine on its thread until the child is
	// reaped, so the runtime never retires that thread under it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := &exec.Cmd{Path: path, Args: argv, Env: env, Stdin: in, Stdout: out, Stderr: errOut, SysProcAttr: childAttr()}
	sigs := make(chan os.Signal, 32)
	signal.Notify(sigs, relayedSignals...)
	defer signal.Stop(sigs)
	if err := c.Start(); err != nil {
		return fmt.Errorf("running %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	for {
		select {
		case sig := <-sigs:
			relay(c.Process, sig.(syscall.Signal))
		case err := <-done:
			return childExit(argv[0], c.ProcessState, err)
		}
	}
}

// relay passes sig to the child. SIGINT, SIGQUIT, SIGTSTP, SIGWINCH and
// SIGHUP from the terminal go to its whole foreground process group, the
// child included: passed on again, a Ctrl-C would arrive twice (and a
// second Ctrl-C means "abort now" to terraform). So those are passed on
// only when they cannot have come from the terminal. Ctrl-Z stops assume
// too, so the shell sees the whole job stopped.
func relay(p *os.Process, sig syscall.Signal) {
	switch sig {
	case syscall.SIGINT, syscall.SIGQUIT, syscall.SIGWINCH, syscall.SIGHUP:
		if !fromTerminal(p.Pid) {
			_ = p.Signal(sig)
		}
	case syscall.SIGTSTP:
		if !fromTerminal(p.Pid) {
			_ = p.Signal(sig)
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	default:
		_ = p.Signal(sig)
	}
}

// fromTerminal says whether the child shares assume's process group and
// that group is the foreground one of the controlling terminal: then a
// terminal signal reached the child already. (Go cannot see who sent a
// signal; this is the state in which the terminal sends them.)
func fromTerminal(child int) bool {
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return false // no controlling terminal: a supervisor sent it
	}
	defer tty.Close()
	fg, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP)
	if err != nil {
		return false
	}
	pg, err := syscall.Getpgid(child)
	return err == nil && pg == fg && pg == syscall.Getpgrp()
}

// childExit turns the child's end into assume's: its exit code, or for a
// child killed by a signal 128+N and the signal, which main raises on
// assume itself after cleaning up.
func childExit(name string, ps *os.ProcessState, err error) error {
	if ps == nil {
		return fmt.Errorf("running %s: %w", name, err)
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return &exitError{code: 128 + int(ws.Signal()), signal: ws.Signal()}
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee):
		return &exitError{code: ps.ExitCode()}
	}
	return fmt.Errorf("running %s: %w", name, err) // e.g. copying a test buffer failed
}

// raise ends assume by sig, as the child ended, so a shell reacts the same
// (bash stops a loop whose command died of SIGINT). Go dies by the signal
// itself for HUP, INT and TERM once nothing listens for them; SIGKILL
// cannot be caught. Other signals would make the runtime dump stacks or
// ignore them, so those leave with 128+N instead.
func raise(sig syscall.Signal) {
	switch sig {
	case syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM:
		signal.Reset(sig)
	case syscall.SIGKILL:
	default:
		return
	}
	_ = syscall.Kill(os.Getpid(), sig)
	time.Sleep(time.Second) // delivery is asynchronous; main exits with 128+N if it is ignored
}
