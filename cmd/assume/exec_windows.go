//go:build windows

package main

import "os"

// replaceProcess runs the command as a child (Windows has no exec) with
// assume's own streams, and returns its exit status: runChild does it.
func replaceProcess(path string, argv, env []string) error {
	return runChild(os.Stdin, os.Stdout, os.Stderr, path, argv, env)
}
