package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/shellhook"
	"github.com/assume-cli/assume/pkg/render"
)

var updateHooks = flag.Bool("update-hooks", false, "rewrite testdata/shellinit/*.golden")

func hookDeps(t *testing.T, env map[string]string) (*factory, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	if env["HOME"] == "" {
		env["HOME"] = t.TempDir()
	}
	return testFactory(env, false)
}

func TestHookModeClassifiesWithTheRealParser(t *testing.T) {
	evals := [][]string{
		{}, {"c"}, {"--unset"}, {"--region", "eu-west-1", "c"}, {"c", "--no-cache"},
		{"-p", "list"}, {"--duration", "1h", "c"}, {"--mfa-token", "123456", "c"},
	}
	passes := [][]string{
		{"-x", "c"}, {"--export", "c"}, {"--format", "fish", "c"}, {"--credential-process", "c"},
		{"c", "--", "sh", "-c", "exit 3"}, {"--", "sh"}, {"plan", "c"}, {"list"}, {"whoami", "c"},
		{"sessions"}, {"keys", "list"}, {"version"}, {"completion", "bash"}, {"help"}, {"help", "plan"},
		{"shell-init", "bash"}, {"prompt"}, {"__complete", "c"}, {"__completeNoDesc", "c"},
		{"--help"}, {"-h"}, {"c", "--bogus"}, {"__hook-mode", "c"}, {"--region"},
	}
	classify := func(env map[string]string, args []string) string {
		d, out, _ := hookDeps(t, env)
		cmd := newRootCmd(d)
		cmd.SetArgs(append([]string{"__hook-mode"}, args...))
		if err := cmd.Execute(); err != nil {
			t.Fatalf("__hook-mode %q: %v", args, err)
		}
		return strings.TrimSpace(out.String())
	}
	for _, args := range evals {
		if got := classify(map[string]string{}, args); got != "eval" {
			t.Errorf("%q: %s, want eval", args, got)
		}
	}
	for _, args := range passes {
		if got := classify(map[string]string{}, args); got != "pass" {
			t.Errorf("%q: %s, want pass", args, got)
		}
	}
	// JSON for an SDK is never evaluated, whatever asked for it; a default
	// of --export from the environment is what the hook does anyway.
	// Settings come from the injected environment, not the process's.
	if got := classify(map[string]string{"ASSUME_CREDENTIAL_PROCESS": "true"}, []string{"c"}); got != "pass" {
		t.Errorf("ASSUME_CREDENTIAL_PROCESS=true: %s", got)
	}
	if got := classify(map[string]string{"ASSUME_EXPORT": "true"}, []string{"c"}); got != "eval" {
		t.Errorf("ASSUME_EXPORT=true: %s", got)
	}
}

func TestHookFormat(t *testing.T) {
	for _, tc := range []struct {
		hook    string
		tty     bool
		args    []string
		want    string
		wantErr bool
	}{
		{"", false, []string{"c"}, "", false},
		{"bash", false, []string{"c"}, "sh", false},
		{"zsh", false, []string{"c"}, "sh", false},
		{"fish", false, []string{"c"}, "fish", false},
		{"powershell", false, []string{"c"}, "powershell", false},
		{"bash", true, []string{"c"}, "", false},        // a stray variable on a terminal is ignored
		{"bash", false, []string{"-x", "c"}, "", false}, // not an eval form
		{"bash", false, []string{"c", "--", "x"}, "", false},
		{"dotenv", false, []string{"c"}, "", true},
		{"cmd", false, []string{"c"}, "", true},
	} {
		d, _, _ := hookDeps(t, map[string]string{render.HookVar: tc.hook})
		d.IO.SetStdoutTTY(tc.tty)
		root := newRootCmd(d)
		if err := root.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		s, err := loadSettings(root, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := hookFormat(root, d, s)
		if string(got) != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("%s=%q tty=%v %q: %q, %v", render.HookVar, tc.hook, tc.tty, tc.args, got, err)
		}
	}
}

// The hooks are golden files: any change to what users eval at every
// shell start shows up in review. bash, zsh and fish also run for real in
// test/e2e; PowerShell is not installable here, so its hook is checked for
// the protocol's rules as text.
func TestShellInitGolden(t *testing.T) {
	for _, shell := range shellhook.Shells() {
		d, out, _ := hookDeps(t, map[string]string{})
		cmd := newRootCmd(d)
		cmd.SetArgs([]string{"shell-init", shell})
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "shellinit", shell+".golden")
		if *updateHooks {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v: run go test ./cmd/assume -run ShellInitGolden -update-hooks", err)
		}
		if out.String() != string(want) {
			t.Errorf("shell-init %s differs from %s:\n%s", shell, path, out.String())
		}
	}
}

func TestShellInitRejectsUnknownShell(t *testing.T) {
	for _, args := range [][]string{{"shell-init", "tcsh"}, {"shell-init"}} {
		d, out, _ := hookDeps(t, map[string]string{})
		cmd := newRootCmd(d)
		cmd.SetArgs(args)
		err := cmd.Execute()
		if err == nil || out.Len() != 0 || !strings.Contains(err.Error(), "bash, zsh, fish, powershell") {
			t.Errorf("%q: %v, stdout %q", args, err, out.String())
		}
	}
}
