//go:build linux

// Command testsession runs a program in a named session keyring, as a
// login session would give it one, so tests and benchmarks see the hot
// tier (pkg/hottier) as a user's terminal does; the runs of one name
// share it. With -hot it prints how many hot copies that session holds.
//
//	testsession NAME PROGRAM [ARGS...]
//	testsession -hot NAME
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/assume-cli/assume/pkg/hottier"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "testsession:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	count := len(args) > 0 && args[0] == "-hot"
	if count {
		args = args[1:]
	}
	if len(args) < 1 || !count && len(args) < 2 {
		return errors.New("usage: testsession NAME PROGRAM [ARGS...] | testsession -hot NAME")
	}
	// A thread's keyrings are its own: join and exec on the same thread.
	runtime.LockOSThread()
	if _, err := unix.KeyctlJoinSessionKeyring(args[0]); err != nil {
		return fmt.Errorf("joining session keyring %q: %w", args[0], err)
	}
	if count {
		t, err := hottier.Open(false)
		if errors.Is(err, hottier.ErrNotFound) {
			fmt.Println(0)
			return nil
		}
		if err != nil {
			return err
		}
		n, err := t.Len()
		if err != nil {
			return err
		}
		fmt.Println(n)
		return nil
	}
	prog, err := exec.LookPath(args[1])
	if err != nil {
		return err
	}
	return syscall.Exec(prog, args[1:], os.Environ())
}
