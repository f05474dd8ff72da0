package fakests

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
)

// awsCLI runs the real AWS CLI (botocore signing and parsing) against s
// with only the given credentials in its environment.
func awsCLI(t *testing.T, s *Server, c Credentials, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	bin := testenv.Tool(t, "aws")
	home := t.TempDir()
	cmd := exec.Command(bin, append(args, "--endpoint-url", s.URL(), "--output", "json")...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_ACCESS_KEY_ID=" + c.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
	}
	if c.SessionToken != "" {
		cmd.Env = append(cmd.Env, "AWS_SESSION_TOKEN="+c.SessionToken)
	}
	for _, k := range []string{"PYENV_ROOT", "PYENV_VERSION", "PYTHONPATH", "VIRTUAL_ENV"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func TestAWSCLIInterop(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, MaxSessionDuration: 4 * time.Hour})
	s.AddRole(Role{ARN: "arn:aws:iam::333333333333:role/next", Trust: []string{adminARN}, MaxSessionDuration: 4 * time.Hour})
	akid, secret := s.AddUser(aliceARN)
	alice := Credentials{AccessKeyID: akid, SecretAccessKey: secret}

	out, errOut, err := awsCLI(t, s, alice, "sts", "get-caller-identity")
	if err != nil {
		t.Fatalf("get-caller-identity: %v\n%s", err, errOut)
	}
	var id struct{ UserId, Account, Arn string }
	if err := json.Unmarshal([]byte(out), &id); err != nil || id.Arn != aliceARN || id.Account != "111111111111" {
		t.Fatalf("identity %q: %v", out, err)
	}

	out, errOut, err = awsCLI(t, s, alice, "sts", "assume-role", "--role-arn", adminARN, "--role-session-name", "cli", "--duration-seconds", "7200")
	if err != nil {
		t.Fatalf("assume-role: %v\n%s", err, errOut)
	}
	var ar struct {
		Credentials     struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
		AssumedRoleUser struct{ AssumedRoleId, Arn string }
	}
	if err := json.Unmarshal([]byte(out), &ar); err != nil || ar.AssumedRoleUser.Arn != "arn:aws:sts::222222222222:assumed-role/admin/cli" {
		t.Fatalf("assume-role output %q: %v", out, err)
	}
	exp, err := time.Parse(time.RFC3339, ar.Credentials.Expiration)
	if err != nil || time.Until(exp) < 7100*time.Second {
		t.Fatalf("expiration %q: %v", ar.Credentials.Expiration, err)
	}
	session := Credentials{AccessKeyID: ar.Credentials.AccessKeyId, SecretAccessKey: ar.Credentials.SecretAccessKey, SessionToken: ar.Credentials.SessionToken}

	// botocore signs temporary credentials (with X-Amz-Security-Token) correctly.
	out, errOut, err = awsCLI(t, s, session, "sts", "get-caller-identity")
	if err != nil || !strings.Contains(out, `"arn:aws:sts::222222222222:assumed-role/admin/cli"`) {
		t.Fatalf("session identity: %v\n%s%s", err, out, errOut)
	}

	// Errors surface with their code and message (run in parallel: the CLI starts slowly).
	for _, tc := range []struct {
		name  string
		creds Credentials
		args  []string
		want  string
	}{
		{"chained 7200s", session, []string{"sts", "assume-role", "--role-arn", "arn:aws:iam::333333333333:role/next", "--role-session-name", "hop2", "--duration-seconds", "7200"},
			"An error occurred (ValidationError) when calling the AssumeRole operation: " + chainingLimitMsg},
		{"unknown role", alice, []string{"sts", "assume-role", "--role-arn", "arn:aws:iam::222222222222:role/none", "--role-session-name", "cli"},
			"An error occurred (AccessDenied) when calling the AssumeRole operation: " + notAuthorizedMsg(aliceARN, "arn:aws:iam::222222222222:role/none")},
		{"wrong secret", Credentials{AccessKeyID: akid, SecretAccessKey: "wrong" + secret[5:]}, []string{"sts", "get-caller-identity"},
			"An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: " + badSignatureMsg},
		{"missing session token", Credentials{AccessKeyID: session.AccessKeyID, SecretAccessKey: session.SecretAccessKey}, []string{"sts", "get-caller-identity"},
			"An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: " + invalidTokenMsg},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, errOut, err := awsCLI(t, s, tc.creds, tc.args...)
			if err == nil || !strings.Contains(errOut, tc.want) {
				t.Errorf("aws %s: err=%v, stderr:\n%s\nwant %q", strings.Join(tc.args, " "), err, errOut, tc.want)
			}
		})
	}
}
