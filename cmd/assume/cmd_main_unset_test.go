package main

import (
	"strings"
	"testing"

	"github.com/assume-cli/assume/pkg/render"
)

func TestUnsetCommand(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir(), "SHELL": "/usr/bin/fish", render.ExportedMarker: "AWS_ACCESS_KEY_ID ASSUME_PROFILE"}
	run := func(tty bool, args ...string) (string, string, error) {
		f, out, errb := testFactory(env, tty)
		cmd := newRootCmd(f)
		cmd.SetArgs(args)
		err := cmd.Execute()
		return out.String(), errb.String(), err
	}
	out, errb, err := run(false, "--unset")
	if err != nil || out != "set -e AWS_ACCESS_KEY_ID\nset -e ASSUME_PROFILE\nset -e ASSUME_EXPORTED\n" || errb != "" {
		t.Errorf("--unset for fish: %q %q %v", out, errb, err)
	}
	env[render.HookVar] = "bash" // the hook's shell wins over $SHELL
	out, _, err = run(false, "--unset")
	if err != nil || !strings.HasPrefix(out, "unset AWS_ACCESS_KEY_ID\n") {
		t.Errorf("--unset under the bash hook: %q %v", out, err)
	}
	delete(env, render.HookVar)
	if _, errb, _ := run(true, "--unset"); !strings.Contains(errb, `eval "$(assume --unset)"`) {
		t.Errorf("no hint on a terminal: %q", errb)
	}
	for _, args := range [][]string{{"--unset", "prod"}, {"--unset", "--credential-process"}, {"--unset", "--format", "dotenv"}} {
		out, _, err := run(false, args...)
		if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want a one-line error and no output, got %q, %v", args, out, err)
		}
	}
	env = map[string]string{"HOME": env["HOME"]}
	if out, errb, err := run(false, "--unset"); err != nil || out != "" || !strings.Contains(errb, "nothing to unset") {
		t.Errorf("nothing to unset: %q %q %v", out, errb, err)
	}
}
