package e2e

import (
	"strings"
	"testing"
)

func TestHelpGoesToStderrWithExamples(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	for _, args := range [][]string{{"--help"}, {"plan", "--help"}, {"whoami", "--help"}, {"list", "--help"}} {
		r := mustSucceed(t, sb.run(args...))
		if r.Stdout != "" {
			t.Errorf("%v printed help on stdout", args)
		}
		if !strings.Contains(r.Stderr, "Examples:") {
			t.Errorf("%v help has no examples:\n%s", args, r.Stderr)
		}
	}
}

func TestProfileCompletion(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	r := mustSucceed(t, sb.run("__complete", "m"))
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 2 || lines[0] != "mfa" || lines[1] != ":4" {
		t.Fatalf("completion of %q: %q", "m", r.Stdout)
	}
	r = mustSucceed(t, sb.run("completion", "bash"))
	if !strings.Contains(r.Stdout, "bash completion") {
		t.Fatalf("completion script not on stdout: %q", r.Stdout[:min(len(r.Stdout), 80)])
	}
}
