package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// motoSandbox has a two-hop org config pointed at a moto STS, plus a profile
// whose credential_process is the assume binary itself.
func motoSandbox(t *testing.T) *sandbox {
	t.Helper()
	url := startMoto(t)
	config := fmt.Sprintf(`[profile base]
region = us-east-1

[profile prod]
role_arn = arn:aws:iam::123456789012:role/prod
source_profile = base
external_id = ext-123
region = eu-west-1

[profile chained]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = prod
duration_seconds = 43200

[profile viaassume]
credential_process = %s --credential-process prod
region = eu-west-1
`, binary)
	creds := "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
	sb := newSandbox(t, config, creds)
	sb.Env["AWS_ENDPOINT_URL_STS"] = url
	return sb
}

type callerIdentity struct {
	Account, Arn, UserId string
}

func decodeIdentity(t *testing.T, out string) callerIdentity {
	t.Helper()
	var id callerIdentity
	if err := json.Unmarshal([]byte(out), &id); err != nil {
		t.Fatalf("not caller-identity JSON: %v\n%s", err, out)
	}
	return id
}

func TestMotoExportEvalThenAWSCLI(t *testing.T) {
	requireTool(t, "aws")
	sb := motoSandbox(t)
	r := mustSucceed(t, sb.bash(`set -e
eval "$(assume --export prod)"
test -n "$AWS_SESSION_TOKEN"
test "$ASSUME_PROFILE" = prod
test "$AWS_REGION" = eu-west-1
aws sts get-caller-identity --output json`))
	id := decodeIdentity(t, r.Stdout)
	if !strings.HasPrefix(id.Arn, "arn:aws:sts::123456789012:assumed-role/prod/tester") {
		t.Fatalf("aws CLI saw %q, want the prod role session", id.Arn)
	}
}

func TestMotoCredentialProcessUnderAWSCLI(t *testing.T) {
	aws := requireTool(t, "aws")
	sb := motoSandbox(t)
	r := mustSucceed(t, sb.exec(aws, "sts", "get-caller-identity", "--profile", "viaassume", "--output", "json"))
	id := decodeIdentity(t, r.Stdout)
	if !strings.HasPrefix(id.Arn, "arn:aws:sts::123456789012:assumed-role/prod/") {
		t.Fatalf("credential_process consumer saw %q", id.Arn)
	}
}

func TestMotoCredentialProcessJSONShape(t *testing.T) {
	sb := motoSandbox(t)
	r := mustSucceed(t, sb.run("--credential-process", "prod"))
	var out map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.Stdout)
	}
	if v, ok := out["Version"].(float64); !ok || v != 1 {
		t.Errorf("Version = %#v, want the number 1", out["Version"])
	}
	for _, k := range []string{"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"} {
		if s, _ := out[k].(string); s == "" {
			t.Errorf("%s missing in %s", k, r.Stdout)
		}
	}
	exp, _ := out["Expiration"].(string)
	if _, err := time.Parse(time.RFC3339, exp); err != nil || !strings.HasSuffix(exp, "Z") {
		t.Errorf("Expiration %q is not RFC 3339 UTC with Z", exp)
	}
	if len(out) != 5 {
		t.Errorf("unexpected keys in %s", r.Stdout)
	}
}

func TestMotoExecPassesExitCodeAndCredentials(t *testing.T) {
	sb := motoSandbox(t)
	sb.Env["AWS_PROFILE"] = "base" // stale selection must not reach the child
	r := sb.run("prod", "--", "sh", "-c", `test -n "$AWS_SESSION_TOKEN" && test -z "$AWS_PROFILE" && echo "$ASSUME_PROFILE"; exit 7`)
	if r.Code != 7 {
		t.Fatalf("exit code %d, want the child's 7\nstderr: %s", r.Code, r.Stderr)
	}
	if strings.TrimSpace(r.Stdout) != "prod" {
		t.Fatalf("child saw ASSUME_PROFILE=%q and/or a stale AWS_PROFILE", r.Stdout)
	}
}

func TestMotoChainCapNoticeAndWhoami(t *testing.T) {
	sb := motoSandbox(t)
	r := mustSucceed(t, sb.run("whoami", "chained"))
	id := decodeIdentity(t, r.Stdout)
	if !strings.HasPrefix(id.Arn, "arn:aws:sts::123456789012:assumed-role/admin/") {
		t.Fatalf("whoami chained = %q", id.Arn)
	}
	if !strings.Contains(r.Stderr, `"chained"`) || !strings.Contains(r.Stderr, "1h0m0s") {
		t.Fatalf("no chaining-cap notice on stderr: %q", r.Stderr)
	}
}

func TestUnknownProfileFailsCleanly(t *testing.T) {
	sb := motoSandbox(t)
	r := sb.run("--export", "prd")
	mustFailCleanly(t, r, `"prd"`, "prod")
}
