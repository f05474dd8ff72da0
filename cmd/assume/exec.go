package main

import (
	"fmt"
	"os/exec"

	"github.com/assume-cli/assume/pkg/render"
)

// runCommand runs command with the credentials in its environment (and
// nothing that could make it pick other credentials up) and hands back its
// exit status.
func runCommand(f *factory, command []string, env render.Env) error {
	path, err := exec.LookPath(command[0])
	if err != nil {
		return fmt.Errorf("cannot run %q: %w", command[0], err)
	}
	childEnv := render.ExecEnv(f.Host.Environ(), env)
	// exec replaces the process: anything still buffered would be lost.
	if err := f.IO.Flush(); err != nil {
		return fmt.Errorf("writing to stdout: %w", err)
	}
	if f.BeforeExec != nil {
		f.BeforeExec()
	}
	if f.Debug.On() {
		// The command's arguments are the user's and may hold anything:
		// only the program is named.
		f.Debug.Printf("exec %s (%d argument(s)) in place of assume", path, len(command)-1)
		logEnv(f.Debug, "its", f.Host.Environ(), childEnv)
	}
	return replaceProcess(path, command, childEnv)
}

// runSubshell opens $SHELL holding the credentials.
func runSubshell(f *factory, profile string, env render.Env) error {
	shell := f.Host.Env("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	fmt.Fprintf(f.IO.ErrOut, "assume: starting %s with %s's credentials; exit the shell to drop them\n", shell, profile)
	return runCommand(f, []string{shell}, env)
}
