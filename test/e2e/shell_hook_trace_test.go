package e2e

import (
	"strings"
	"testing"
)

// TestShellHookHidesSecretsFromTracing: with `set -x` (bash, zsh) or
// fish_trace on, a shell prints every command it runs, and the hook's eval
// would print the secret key and the session token. The hook suspends
// tracing while it holds them and restores it after.
func TestShellHookHidesSecretsFromTracing(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		on, check, off := "set -x", `case $- in *x*) printf 'trace=on\0';; *) printf 'trace=off\0';; esac`, "set +x"
		if h.name == "fish" {
			on, check, off = "set -g fish_trace 1", `if set -q fish_trace; and test -n "$fish_trace"; printf 'trace=on\0'; else; printf 'trace=off\0'; end`, "set -e fish_trace"
		}
		// Tracing goes off again before show, which would trace the values.
		r := mustSucceed(t, h.run(t, sb, on+`
assume c
printf 'rc=%s\0' @?
`+check+`
`+off+`
show AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
`))
		got := shown(r.Stdout)
		secret, token := got["AWS_SECRET_ACCESS_KEY"], got["AWS_SESSION_TOKEN"]
		if got["rc"] != "0" || len(secret) < 20 || len(token) < 100 {
			t.Fatalf("assume c under tracing did not set credentials: %q\nstderr: %s", got, r.Stderr)
		}
		if got["trace"] != "on" {
			t.Errorf("tracing was not restored after the hook: %q", got["trace"])
		}
		if strings.Contains(r.Stderr, secret) || strings.Contains(r.Stderr, token) {
			t.Errorf("the trace on stderr shows a secret:\n%s", r.Stderr)
		}
		if !strings.Contains(r.Stderr, "show") && !strings.Contains(r.Stderr, "printf") {
			t.Errorf("tracing was not on at all, the test proves nothing:\n%s", r.Stderr)
		}
	})
}
