package main

import (
	"context"
	"fmt"
	"os/exec"

	"github.com/assume-cli/assume/pkg/render"
)

// runCommand runs command with the credentials in its environment (and
// nothing that could make it pick other credentials up) and hands back its
// exit status.
func runCommand(ctx context.Context, d *deps, command []string, env render.Env) error {
	path, err := exec.LookPath(command[0])
	if err != nil {
		return fmt.Errorf("cannot run %q: %w", command[0], err)
	}
	childEnv := render.ExecEnv(d.Environ(), env)
	if d.FlushStdout != nil {
		// exec replaces the process: anything still buffered would be lost.
		if err := d.FlushStdout(); err != nil {
			return fmt.Errorf("writing to stdout: %w", err)
		}
	}
	if d.Debug.On() {
		// The command's arguments are the user's and may hold anything:
		// only the program is named.
		d.Debug.Printf("exec %s (%d argument(s)) in place of assume", path, len(command)-1)
		logEnv(d, "its", d.Environ(), childEnv)
	}
	return replaceProcess(path, command, childEnv)
}

// runSubshell opens $SHELL holding the credentials.
func runSubshell(ctx context.Context, d *deps, profile string, env render.Env) error {
	shell := d.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	fmt.Fprintf(d.Stderr, "assume: starting %s with %s's credentials; exit the shell to drop them\n", shell, profile)
	return runCommand(ctx, d, []string{shell}, env)
}
