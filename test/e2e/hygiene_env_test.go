package e2e

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// What assume may add to or change in a child's environment, and what it
// may remove (variables that could make an SDK pick other credentials).
var (
	hygieneAdded = map[string]bool{
		"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true,
		"AWS_CREDENTIAL_EXPIRATION": true, "AWS_REGION": true, "AWS_DEFAULT_REGION": true,
		"ASSUME_PROFILE": true, "ASSUME_EXPORTED": true,
	}
	hygieneRemovable = map[string]bool{
		"AWS_PROFILE": true, "AWS_DEFAULT_PROFILE": true, "AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true,
		"AWS_SESSION_TOKEN": true, "AWS_SECURITY_TOKEN": true, "AWS_CREDENTIAL_EXPIRATION": true,
		"AWS_ROLE_ARN": true, "AWS_ROLE_SESSION_NAME": true, "AWS_WEB_IDENTITY_TOKEN_FILE": true,
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": true, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": true,
		"AWS_CONTAINER_AUTHORIZATION_TOKEN": true, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": true,
		// secrets given to assume itself: a child must never inherit them
		"ASSUME_KEYRING_PASSPHRASE": true, "ASSUME_MFA_TOKEN": true,
	}
	// hygieneStripped must be gone from every child's environment.
	hygieneStripped = []string{"ASSUME_KEYRING_PASSPHRASE", "ASSUME_MFA_TOKEN"}
)

// conflictingParentEnv gives the parent variables assume must not pass on.
func conflictingParentEnv(h *hygiene) {
	h.Env["AWS_PROFILE"] = "a"
	h.Env["AWS_SESSION_TOKEN"] = "stale-parent-token"
	h.Env["AWS_ROLE_ARN"] = "arn:aws:iam::999999999999:role/other"
	h.Env["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/nonexistent/token"
	h.Env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x"
	h.Env["UNRELATED_VARIABLE"] = "kept as is"
	h.Env["ASSUME_MFA_TOKEN"] = "123456" // given, unused by profile c
}

// TestHygieneExecEnvironmentDiff runs `assume c -- env` and diffs the
// child's environment against the one assume was given.
func TestHygieneExecEnvironmentDiff(t *testing.T) {
	h := newHygiene(t)
	conflictingParentEnv(h)
	r := mustSucceed(t, h.run("c", "--", "env"))
	h.assertClean(t, "stderr of exec", r.Stderr)
	child := parseEnv(r.Stdout)
	checkEnvDiff(t, h.Env, child, nil)
	for _, k := range hygieneStripped {
		if h.Env[k] == "" {
			t.Fatalf("the parent lacks %s: the test proves nothing", k)
		}
		if _, ok := child[k]; ok {
			t.Errorf("the child inherited %s", k)
		}
	}
}

// TestHygieneSubshellEnvironmentDiff opens the subshell in a terminal
// (script(1) gives assume one) with SHELL=env, so the "shell" prints the
// environment it was given, and diffs it against a plain env run the same
// way.
func TestHygieneSubshellEnvironmentDiff(t *testing.T) {
	script := requireTool(t, "script")
	h := newHygiene(t)
	conflictingParentEnv(h)
	envPath, err := exec.LookPath("env")
	if err != nil {
		t.Skip("no env program")
	}
	inTerminal := func(command string) result {
		t.Helper()
		h.Env["SHELL"] = "/bin/sh" // what script(1) runs the command with
		return h.exec(script, "-qec", command, "/dev/null")
	}
	base := mustSucceed(t, inTerminal("SHELL="+envPath+" exec "+envPath))
	sub := mustSucceed(t, inTerminal("SHELL="+envPath+" exec "+binary+" c"))
	if !strings.Contains(sub.Stdout, "starting "+envPath) {
		t.Fatalf("no subshell was started:\n%s", sub.Stdout)
	}
	// The terminal merges stderr into stdout: the debug log and notices
	// are there too, and must be clean.
	h.assertClean(t, "the subshell's terminal, minus its own environment", withoutEnvLines(sub.Stdout))
	subEnv := parseEnv(sub.Stdout)
	checkEnvDiff(t, parseEnv(base.Stdout), subEnv, map[string]bool{"ASSUME_SUBSHELL": true})
	for _, k := range hygieneStripped {
		if _, ok := subEnv[k]; ok {
			t.Errorf("the subshell inherited %s", k)
		}
	}
}

func checkEnvDiff(t *testing.T, parent, child map[string]string, alsoAdded map[string]bool) {
	t.Helper()
	if len(child) == 0 {
		t.Fatal("no environment read from the child")
	}
	var bad []string
	for k, v := range child {
		if old, ok := parent[k]; (!ok || old != v) && !hygieneAdded[k] && !alsoAdded[k] {
			bad = append(bad, "added or changed "+k)
		}
	}
	for k := range parent {
		if _, ok := child[k]; !ok && !hygieneRemovable[k] {
			bad = append(bad, "removed "+k)
		}
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		if _, ok := child[k]; ok {
			bad = append(bad, "kept the conflicting "+k)
		}
	}
	if child["AWS_SESSION_TOKEN"] == parent["AWS_SESSION_TOKEN"] {
		bad = append(bad, "kept the parent's AWS_SESSION_TOKEN")
	}
	for k := range alsoAdded {
		if _, ok := child[k]; !ok {
			bad = append(bad, "did not set "+k)
		}
	}
	if child["ASSUME_PROFILE"] != "c" || child["AWS_ACCESS_KEY_ID"] == "" {
		bad = append(bad, "did not set the credentials of c")
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("child environment: %s", strings.Join(bad, "; "))
	}
}

// parseEnv reads env(1) output (lines may end in \r\n from a terminal).
// Lines that are not NAME=VALUE (notices, the debug log) are skipped.
func parseEnv(out string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, "\r")
		k, v, ok := strings.Cut(line, "=")
		if ok && isEnvName(k) {
			m[k] = v
		}
	}
	return m
}

func withoutEnvLines(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if k, _, ok := strings.Cut(strings.TrimRight(line, "\r"), "="); ok && isEnvName(k) {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}

func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
