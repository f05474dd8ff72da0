package e2e

import (
	"strings"
	"testing"
	"time"
)

// One sign-in, two tools, renewals in both directions: botocore renews
// the token assume wrote (rotating the refresh token), then assume
// renews the one botocore wrote.
func TestSSOTokenCacheSharedWithTheAWSCLI(t *testing.T) {
	aws := requireTool(t, "aws")
	w := newSSOWorld(t, "")
	w.fake.SetAccessTokenTTL(2 * time.Second)
	w.login(t, "--sso-session", "corp")
	first := w.token(t)
	time.Sleep(2500 * time.Millisecond)

	r := mustSucceed(t, w.exec(aws, "sts", "get-caller-identity", "--profile", "prod-admin", "--output", "json"))
	if id := decodeIdentity(t, r.Stdout); !strings.Contains(id.Arn, ":assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Fatalf("aws CLI identity %q", id.Arn)
	}
	byCLI := w.token(t)
	if byCLI["refreshToken"] == first["refreshToken"] || w.fake.Calls("CreateToken/refresh_token") != 1 {
		t.Fatalf("botocore did not renew the token assume wrote (renewals %d)", w.fake.Calls("CreateToken/refresh_token"))
	}
	time.Sleep(2500 * time.Millisecond)
	mustSucceed(t, w.run("--no-cache", "--credential-process", "deploy"))
	byAssume := w.token(t)
	if byAssume["refreshToken"] == byCLI["refreshToken"] || !w.fake.IsCurrentRefreshToken(byAssume["refreshToken"]) {
		t.Error("assume did not renew with the refresh token botocore left")
	}
	if w.fake.Calls("CreateToken/refresh_token") != 2 || len(w.browserRuns(t)) != 1 {
		t.Errorf("renewals %d, browser runs %d", w.fake.Calls("CreateToken/refresh_token"), len(w.browserRuns(t)))
	}
}

func TestSSOLegacyProfileSignsInByDeviceCode(t *testing.T) {
	w := newSSOWorld(t, "\n[profile legacy]\nsso_start_url = "+ssoStartURL+"\nsso_region = eu-west-1\nsso_account_id = "+ssoAccount+"\nsso_role_name = ReadOnly\n")
	_, stderr, wait := w.background("login", "legacy")
	out := waitOutput(t, stderr, "waiting for the code to be confirmed")
	// The browser was opened on a loopback redirect to the pre-filled page,
	// which approved the code (a signed-in person's browser).
	if runs := w.browserRuns(t); len(runs) != 1 || !strings.HasPrefix(runs[0], "http://127.0.0.1:") || strings.Contains(runs[0], "user_code") {
		t.Errorf("browser argv %q\n%s", runs, out)
	}
	if r := wait(); r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	r := mustSucceed(t, w.run("whoami", "legacy"))
	if !strings.Contains(r.Stdout, "AWSReservedSSO_ReadOnly_") {
		t.Errorf("whoami: %s", r.Stdout)
	}
}
