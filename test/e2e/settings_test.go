package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Flags beat ASSUME_* variables, which beat config.yaml.
func TestSettingsPrecedenceFlagEnvFile(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	dir := filepath.Join(sb.Env["XDG_CONFIG_HOME"], "assume")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// profile: is ignored in the file: it would clash with every PROFILE argument.
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("format: fish\nexport: true\nprofile: b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustSucceed(t, sb.run("a"))
	if !strings.Contains(r.Stdout, "\nset -gx AWS_ACCESS_KEY_ID '") {
		t.Fatalf("config.yaml format: fish not applied:\n%s", r.Stdout)
	}
	sb.Env["ASSUME_FORMAT"] = "dotenv"
	r = mustSucceed(t, sb.run("a"))
	if !strings.HasPrefix(r.Stdout, "AWS_ACCESS_KEY_ID='") || strings.Contains(r.Stdout, "export ") {
		t.Fatalf("ASSUME_FORMAT=dotenv did not win over the file:\n%s", r.Stdout)
	}
	r = mustSucceed(t, sb.run("--format", "powershell", "a"))
	if !strings.Contains(r.Stdout, "\n$Env:AWS_ACCESS_KEY_ID = '") {
		t.Fatalf("--format powershell did not win over the environment:\n%s", r.Stdout)
	}
}

// ASSUME_PROFILE is what assume exports; reading it back as --profile would
// make `assume other` inside an assumed shell fail or target the old profile.
func TestExportedProfileMarkerIsNotReadAsInput(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	sb.Env["ASSUME_PROFILE"] = "a"
	r := mustSucceed(t, sb.run("--export", "c"))
	if !strings.Contains(r.Stdout, "export ASSUME_PROFILE='c'") {
		t.Fatalf("want profile c exported:\n%s", r.Stdout)
	}
}

func TestBrokenConfigYAMLFailsCleanly(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	dir := filepath.Join(sb.Env["XDG_CONFIG_HOME"], "assume")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("format: [unclosed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustFailCleanly(t, sb.run("--export", "a"), "config.yaml")
}
