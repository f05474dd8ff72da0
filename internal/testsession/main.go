//go:build linux

// Command testsession runs a program in a named session keyring, as a
// login session would give it one, so tests and benchmarks see the hot
// tier (pkg/hottier) as a user's terminal does. A session keyring lives
// while a process holds it, as a login shell does: -hold creates one,
// lets later runs of that name join it, says "ready" and holds it until
// its stdin closes. With -hot it prints how many hot copies it holds.
//
//	testsession -hold NAME
//	testsession NAME PROGRAM [ARGS...]
//	testsession -hot NAME
package main

import (
	"errors"
	"fmt"
	"io"
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

// joinable lets this user's later runs find the session keyring by name
// (a join by name needs search permission): possessor all, user view,
// read, search and link.
const joinable = 0x3f1b0000

func run(args []string) error {
	mode := ""
	if len(args) > 0 && (args[0] == "-hot" || args[0] == "-hold") {
		mode, args = args[0], args[1:]
	}
	if len(args) < 1 || mode == "" && len(args) < 2 {
		return errors.New("usage: testsession -hold NAME | testsession NAME PROGRAM [ARGS...] | testsession -hot NAME")
	}
	// A thread's keyrings are its own: join and exec on the same thread.
	runtime.LockOSThread()
	id, err := unix.KeyctlJoinSessionKeyring(args[0])
	if err != nil {
		return fmt.Errorf("joining session keyring %q: %w", args[0], err)
	}
	if mode == "-hold" {
		if err := unix.KeyctlSetperm(id, joinable); err != nil {
			return fmt.Errorf("making session keyring %q joinable: %w", args[0], err)
		}
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
		return nil
	}
	count := mode == "-hot"
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
