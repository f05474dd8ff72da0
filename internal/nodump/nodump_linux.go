package nodump

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Disable sets the soft core size limit to 0 and marks the process not
// dumpable (PR_SET_DUMPABLE 0), which also stops a core dump piped to a
// handler that ignores the limit, and ptrace attach by other processes of
// the user. Its /proc/PID files become root's; the process itself still
// reads its own. The kernel makes a process dumpable again when it execs a
// program it may read, so an exec'd command is unaffected by the flag; the
// limit, though, is inherited: call the returned restore just before exec.
// Both are best effort: each failure is reported, neither stops the other.
func Disable() (restore func(), err error) {
	restore = func() {}
	var lim unix.Rlimit
	var errs []error
	if e := unix.Getrlimit(unix.RLIMIT_CORE, &lim); e != nil {
		errs = append(errs, fmt.Errorf("reading the core size limit: %w", e))
	} else {
		prev := lim
		lim.Cur = 0 // the hard limit stays: a child may raise it back
		if e := unix.Setrlimit(unix.RLIMIT_CORE, &lim); e != nil {
			errs = append(errs, fmt.Errorf("setting the core size limit to 0: %w", e))
		} else {
			restore = func() { _ = unix.Setrlimit(unix.RLIMIT_CORE, &prev) }
		}
	}
	if e := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); e != nil {
		errs = append(errs, fmt.Errorf("prctl(PR_SET_DUMPABLE, 0): %w", e))
	}
	return restore, errors.Join(errs...)
}
