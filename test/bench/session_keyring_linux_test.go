//go:build linux

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// leftSessionEnv is set on the re-executed test binary to the session
// keyring it left, which says the switch is done and lets a test check it.
const leftSessionEnv = "ASSUME_BENCH_LEFT_SESSION_KEYRING"

// ownSessionKeyring gives the test process, and so every child it starts,
// a new anonymous session keyring, so the benchmarks neither read nor fill
// the hot tier of the login session they run in.
//
// Joining in place is not enough: a session keyring belongs to the calling
// thread's credentials, and Go starts children from whichever thread runs
// the goroutine. So the joining thread re-executes the test binary, which
// then starts with that one thread and that keyring. (The name must be NULL
// for an anonymous keyring: unix.KeyctlJoinSessionKeyring("") passes ""
// and gets EINVAL.)
func ownSessionKeyring() error {
	if _, done := os.LookupEnv(leftSessionEnv); done {
		return nil
	}
	runtime.LockOSThread()
	left, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		left = -1
	}
	if err := joinNewSessionKeyring(); err != nil {
		// Without keyctl (a seccomp filter, an old kernel) there is no hot
		// tier to isolate; the keyctl benchmarks will say what fails.
		fmt.Fprintf(os.Stderr, "bench: running in the inherited session keyring: %v\n", err)
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the test binary to re-execute: %w", err)
	}
	env := append(os.Environ(), leftSessionEnv+"="+strconv.Itoa(left))
	return fmt.Errorf("re-executing the test binary in a new session keyring: %w", syscall.Exec(exe, os.Args, env))
}

func joinNewSessionKeyring() error {
	if _, _, e := unix.RawSyscall(unix.SYS_KEYCTL, unix.KEYCTL_JOIN_SESSION_KEYRING, 0, 0); e != 0 {
		return fmt.Errorf("keyctl(KEYCTL_JOIN_SESSION_KEYRING): %w", e)
	}
	return nil
}

// sessionLauncherSource execs its arguments in a new anonymous session
// keyring: a login session's first run, whose hot tier is empty. The exec
// carries the joining thread's keyring into the program.
const sessionLauncherSource = `package main

import (
	"os"
	"runtime"
	"syscall"
)

func main() {
	runtime.LockOSThread()
	// keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL)
	if _, _, e := syscall.RawSyscall(syscall.SYS_KEYCTL, 1, 0, 0); e != 0 {
		os.Stderr.WriteString("keyctl join session: " + e.Error() + "\n")
		os.Exit(1)
	}
	err := syscall.Exec(os.Args[1], os.Args[1:], os.Environ())
	os.Stderr.WriteString("exec " + os.Args[1] + ": " + err.Error() + "\n")
	os.Exit(1)
}
`

// sessionLauncher builds the launcher that runs a program in a login
// session of its own.
func sessionLauncher(b *testing.B) string {
	b.Helper()
	return buildProgram(b, "newsession", sessionLauncherSource)
}

// sessionIDSource prints the serial of its session keyring.
const sessionIDSource = `package main

import (
	"fmt"
	"syscall"
)

func main() {
	// keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0)
	id, _, e := syscall.RawSyscall(syscall.SYS_KEYCTL, 0, ^uintptr(2), 0)
	if e != 0 {
		panic(e)
	}
	fmt.Println(int32(id))
}
`

// TestChildrenShareTheBenchSessionKeyring: every child, whichever thread
// starts it, is in the test process's own session keyring, not the one
// the test was started in; through the session launcher each run gets a
// new one.
func TestChildrenShareTheBenchSessionKeyring(t *testing.T) {
	left, ok := os.LookupEnv(leftSessionEnv)
	if !ok {
		t.Skip("keyctl is not usable here: the benchmarks run in the inherited session keyring")
	}
	printer := buildProgram(t, "sessionid", sessionIDSource)
	launcher := buildProgram(t, "newsession", sessionLauncherSource)
	sessionOf := func(argv ...string) string {
		out, err := exec.Command(argv[0], argv[1:]...).Output()
		if err != nil {
			t.Errorf("%v: %v", argv, err) // not Fatal: it runs in goroutines too
		}
		return strings.TrimSpace(string(out))
	}
	var wg sync.WaitGroup
	seen := make([]string, 8)
	for i := range seen {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // a thread each, as children may start from any
			seen[i] = sessionOf(printer)
		}()
	}
	wg.Wait()
	for _, s := range seen {
		if s != seen[0] {
			t.Fatalf("children are in different session keyrings: %v", seen)
		}
	}
	if seen[0] == left {
		t.Fatalf("children are in the session keyring the test was started in (%s)", left)
	}
	first, second := sessionOf(launcher, printer), sessionOf(launcher, printer)
	if first == seen[0] || second == seen[0] || first == second {
		t.Errorf("the session launcher did not give each run a new session keyring: bench %s, runs %s and %s", seen[0], first, second)
	}
}
