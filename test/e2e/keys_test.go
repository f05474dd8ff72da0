package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Keys added to the keyring act as a source: the credentials file holds
// nothing, and the role hop still works against the strict STS.
func TestKeysInTheKeyringAreASource(t *testing.T) {
	sb, s := strictSandbox(t, "")
	creds := readFile(t, sb.Env["AWS_SHARED_CREDENTIALS_FILE"])
	id := strings.TrimSpace(strings.SplitN(strings.Split(creds, "aws_access_key_id = ")[1], "\n", 2)[0])
	secret := strings.TrimSpace(strings.SplitN(strings.Split(creds, "aws_secret_access_key = ")[1], "\n", 2)[0])
	if err := os.WriteFile(sb.Env["AWS_SHARED_CREDENTIALS_FILE"], nil, 0o600); err != nil {
		t.Fatal(err)
	}
	appendConfig(t, sb, "\n[profile alice]\nregion = us-east-1\n")
	cmd := exec.Command(binary, "keys", "add", "alice")
	cmd.Env = sb.environ()
	cmd.Stdin = strings.NewReader(id + "\n" + secret + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("keys add: %v\n%s", err, out)
	}
	if strings.Contains(string(out), secret) {
		t.Fatal("keys add echoed the secret")
	}
	r := mustSucceed(t, sb.run("keys", "list"))
	if !strings.Contains(r.Stdout, "alice") || !strings.Contains(r.Stdout, id) || strings.Contains(r.Stdout, secret) {
		t.Fatalf("keys list:\n%s", r.Stdout)
	}
	r = mustSucceed(t, sb.run("plan", "a"))
	if !strings.Contains(r.Stdout, "stored in the keyring") {
		t.Fatalf("plan does not show the keyring source:\n%s", r.Stdout)
	}
	mustSucceed(t, sb.run("--export", "a"))
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole calls = %d", n)
	}
	mustSucceed(t, sb.run("keys", "rm", "alice"))
	mustFailCleanly(t, sb.run("--no-cache", "--export", "a"), `"alice"`)
}
