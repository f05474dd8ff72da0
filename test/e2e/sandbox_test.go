package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sandbox is a user's home with its own ~/.aws files and a clean
// environment, so nothing from the machine running the tests leaks in.
type sandbox struct {
	t    *testing.T
	Home string
	Env  map[string]string
}

func newSandbox(t *testing.T, config, credentials string) *sandbox {
	t.Helper()
	home := t.TempDir()
	aws := filepath.Join(home, ".aws")
	if err := os.MkdirAll(aws, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(aws, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("config", config)
	write("credentials", credentials)
	sb := &sandbox{t: t, Home: home, Env: map[string]string{
		"HOME":                        home,
		"PATH":                        os.Getenv("PATH"),
		"USER":                        "tester",
		"SHELL":                       "/bin/bash",
		"AWS_CONFIG_FILE":             filepath.Join(aws, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(aws, "credentials"),
		"XDG_CONFIG_HOME":             filepath.Join(home, ".config"),
		"XDG_DATA_HOME":               filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR":             filepath.Join(home, "run"),
		// A private file keyring: auto would pick the user's kernel keyring,
		// shared by every test and every other process of this user.
		"ASSUME_KEYRING_BACKEND":    "file",
		"ASSUME_KEYRING_FILE_DIR":   filepath.Join(home, ".local", "share", "assume", "keyring"),
		"ASSUME_KEYRING_PASSPHRASE": "sandbox passphrase",
		// no pager, no metadata lookups from the aws CLI
		"AWS_PAGER":                 "",
		"AWS_EC2_METADATA_DISABLED": "true",
	}}
	if err := os.MkdirAll(sb.Env["XDG_RUNTIME_DIR"], 0o700); err != nil {
		t.Fatal(err)
	}
	return sb
}

func (sb *sandbox) environ() []string {
	out := make([]string, 0, len(sb.Env))
	for k, v := range sb.Env {
		out = append(out, k+"="+v)
	}
	return out
}

// result is one finished process.
type result struct {
	Stdout, Stderr string
	Code           int
}

// run runs the assume binary with args.
func (sb *sandbox) run(args ...string) result {
	sb.t.Helper()
	return sb.exec(binary, args...)
}

// exec runs any program in the sandbox environment.
func (sb *sandbox) exec(prog string, args ...string) result {
	sb.t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Env = sb.environ()
	cmd.Dir = sb.Home
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		sb.t.Fatalf("running %s: %v", prog, err)
	}
	return result{Stdout: out.String(), Stderr: errb.String(), Code: code}
}

// bash runs a script in a real bash with the sandbox environment and the
// binary's directory on PATH.
func (sb *sandbox) bash(script string) result {
	sb.t.Helper()
	env := sb.Env["PATH"]
	sb.Env["PATH"] = filepath.Dir(binary) + ":" + env
	defer func() { sb.Env["PATH"] = env }()
	return sb.exec("bash", "-c", script)
}

// mustSucceed fails the test with both streams when r failed.
func mustSucceed(t *testing.T, r result) result {
	t.Helper()
	if r.Code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
	return r
}

// mustFailCleanly asserts the failure contract: non-zero exit, nothing on
// stdout (it may be eval'ed), and one line on stderr containing each want.
func mustFailCleanly(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.Code == 0 {
		t.Fatalf("expected failure, got exit 0\nstdout: %s\nstderr: %s", r.Stdout, r.Stderr)
	}
	if r.Stdout != "" {
		t.Fatalf("failure printed on stdout (would be eval'ed): %q", r.Stdout)
	}
	lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
	if len(lines) != 1 {
		t.Errorf("want a one-line error, got %d lines:\n%s", len(lines), r.Stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.Stderr, w) {
			t.Errorf("stderr %q does not mention %q", r.Stderr, w)
		}
	}
}
