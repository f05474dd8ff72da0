//go:build linux

// Command assume-front is installed as `assume` on Linux, beside the full
// program installed as `assume-full`. It answers a repeated cache hit
// that the full program has described in a memo (internal/memo) and
// hands every other run, argv and environment unchanged, to the full
// program. It links no AWS SDK, cobra, viper or D-Bus, so a hit costs
// little more than starting any small Go binary.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/assume-cli/assume/internal/front"
)

func main() {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "assume: finding this program's path: %v\n", err)
		os.Exit(1)
	}
	full := filepath.Join(filepath.Dir(exe), front.FullName)
	req := front.Request{Args: os.Args[1:], Environ: os.Environ(), Stdout: os.Stdout, Stderr: os.Stderr, Self: exe, Full: full}
	if code, answered := front.Answer(req); answered {
		os.Exit(code)
	}
	err = syscall.Exec(full, os.Args, os.Environ())
	fmt.Fprintf(os.Stderr, "assume: %v\n", front.ExecError(exe, full, err))
	os.Exit(1)
}
