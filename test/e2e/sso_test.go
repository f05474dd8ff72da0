package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSSOLoginInTheBrowserThenRoleAndChain(t *testing.T) {
	w := newSSOWorld(t, "")
	r := w.login(t, "--sso-session", "corp")
	if r.Stdout != "" {
		t.Errorf("login printed on stdout: %q", r.Stdout)
	}
	if !strings.Contains(r.Stderr, `signed in to sso-session "corp"`) || !strings.Contains(r.Stderr, "/authorize?") {
		t.Errorf("stderr: %s", r.Stderr)
	}
	// The browser got a bare loopback URL: the authorization request (state,
	// PKCE challenge) was on no command line.
	runs := w.browserRuns(t)
	if len(runs) != 1 || !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/$`).MatchString(runs[0]) {
		t.Errorf("browser argv: %q", runs)
	}
	tok := w.token(t)
	if tok["refreshToken"] == "" || tok["startUrl"] != ssoStartURL || tok["region"] != "eu-west-1" {
		t.Errorf("token file: %v", tok)
	}
	checkPrivateTree(t, filepath.Join(w.Home, ".aws", "sso"))
	if w.fake.Calls("CreateToken/authorization_code") != 1 {
		t.Errorf("requests: %+v", w.fake.Requests())
	}

	r = mustSucceed(t, w.bash(`set -e
eval "$(assume --export prod-admin)"
assume whoami`))
	if !strings.Contains(r.Stdout, ":assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Errorf("whoami: %s", r.Stdout)
	}
	r = mustSucceed(t, w.bash(`set -e
eval "$(assume --export deploy)"
assume whoami`))
	if !strings.Contains(r.Stdout, `"arn:aws:sts::555555555555:assumed-role/deploy/`) {
		t.Errorf("chain SSO -> AssumeRole: %s", r.Stdout)
	}
	if !strings.Contains(r.Stderr, "requesting 1h0m0s") {
		t.Errorf("no chaining-cap notice for the hop after SSO: %s", r.Stderr)
	}
	if n := w.fake.Calls("GetRoleCredentials"); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d: the role credentials were not cached", n)
	}
	// Sessions lists the SSO role credentials like any cached session.
	r = mustSucceed(t, w.run("sessions"))
	if !strings.Contains(r.Stdout, "111111111111/AdministratorAccess") || !strings.Contains(r.Stdout, "sso-role") {
		t.Errorf("sessions: %s", r.Stdout)
	}
}

func TestSSOLoginByDeviceCode(t *testing.T) {
	w := newSSOWorld(t, "")
	_, stderr, wait := w.background("login", "prod-admin", "--no-browser")
	out := waitOutput(t, stderr, "and confirm the code")
	m := regexp.MustCompile(`confirm the code\n\n  ([A-Z]{4}-[A-Z]{4})\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no code shown:\n%s", out)
	}
	// Let the client poll at least once while pending, then approve.
	for w.fake.Calls("CreateToken/device_code") == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	if !w.fake.ApproveDevice(m[1]) {
		t.Fatal("the code shown is not the fake's")
	}
	r := wait()
	if r.Code != 0 || r.Stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.Code, r.Stdout, r.Stderr)
	}
	if len(w.browserRuns(t)) != 0 {
		t.Error("--no-browser started a browser")
	}
	for _, req := range w.fake.Requests() {
		if req.Code == "SlowDownException" {
			t.Errorf("polled faster than the interval")
		}
	}
	mustSucceed(t, w.run("--credential-process", "prod-admin"))
}

func TestSSOSilentRenewalAfterExpiry(t *testing.T) {
	w := newSSOWorld(t, "")
	w.fake.SetAccessTokenTTL(2 * time.Second)
	w.login(t, "--sso-session", "corp")
	before := w.token(t)
	time.Sleep(2500 * time.Millisecond)
	if w.fake.ValidAccessTokens() != 0 {
		t.Fatal("the access token should have expired at the portal")
	}
	r := mustSucceed(t, w.run("--no-cache", "--credential-process", "prod-admin"))
	if !strings.Contains(r.Stdout, `"AccessKeyId"`) {
		t.Fatalf("stdout: %s", r.Stdout)
	}
	after := w.token(t)
	if after["accessToken"] == before["accessToken"] || after["refreshToken"] == before["refreshToken"] {
		t.Error("the cache holds the old tokens")
	}
	if w.fake.IsCurrentRefreshToken(before["refreshToken"]) || !w.fake.IsCurrentRefreshToken(after["refreshToken"]) {
		t.Error("the refresh token did not rotate")
	}
	if n := w.fake.Calls("CreateToken/refresh_token"); n != 1 {
		t.Errorf("renewals = %d", n)
	}
	if runs := w.browserRuns(t); len(runs) != 1 {
		t.Errorf("the renewal opened a browser: %q", runs)
	}
}

func TestSSOParallelCallersRenewOnceAndFetchOnce(t *testing.T) {
	w := newSSOWorld(t, "")
	w.fake.SetAccessTokenTTL(2 * time.Second)
	w.login(t, "--sso-session", "corp")
	time.Sleep(2500 * time.Millisecond)
	sameCredentials(t, parallel(t, w.sandbox, 16, "--credential-process", "prod-admin"))
	if n := w.fake.Calls("CreateToken/refresh_token"); n != 1 {
		t.Errorf("16 parallel callers renewed %d times", n)
	}
	if n := w.fake.Calls("GetRoleCredentials"); n != 1 {
		t.Errorf("16 parallel callers made %d GetRoleCredentials calls", n)
	}
}

func TestSSONoSignInLeftFailsInOneLineWithoutATerminal(t *testing.T) {
	w := newSSOWorld(t, "")
	r := w.run("--credential-process", "prod-admin")
	mustFailCleanly(t, r, `profile "prod-admin"`, "not signed in", "assume login --sso-session corp")

	w.fake.SetAccessTokenTTL(2 * time.Second)
	w.login(t, "--sso-session", "corp")
	w.fake.RevokeSessions()
	time.Sleep(2500 * time.Millisecond)
	r = w.run("--credential-process", "prod-admin")
	mustFailCleanly(t, r, `profile "prod-admin"`, "expired", "assume login --sso-session corp")
	r = w.run("--export", "deploy") // a chain from it (after its cap notice), no terminal either
	mustFailOnLastLine(t, r, `profile "deploy"`, "assume login --sso-session corp")
}

func TestSSOLoginErrorsAreOneLine(t *testing.T) {
	t.Run("wrong start URL", func(t *testing.T) {
		w := newSSOWorld(t, "\n[sso-session typo]\nsso_start_url = https://crop.awsapps.com/start\nsso_region = eu-west-1\n")
		mustFailCleanly(t, w.run("login", "--sso-session", "typo", "--no-browser"), "check sso_start_url https://crop.awsapps.com/start", "config:")
		mustFailCleanly(t, w.run("login", "--sso-session", "typo"), "InvalidRequestException", "sso_region eu-west-1")
	})
	t.Run("region without Identity Center", func(t *testing.T) {
		w := newSSOWorld(t, "\n[sso-session far]\nsso_start_url = "+ssoStartURL+"\nsso_region = eu-west-3\n")
		w.Env["AWS_ENDPOINT_URL_SSO_OIDC"] = w.fake.RegionURL("eu-west-3")
		mustFailCleanly(t, w.run("login", "--sso-session", "far", "--no-browser"), "sso_region eu-west-3", "does not know that start URL")
	})
	t.Run("unknown session", func(t *testing.T) {
		w := newSSOWorld(t, "")
		mustFailCleanly(t, w.run("login", "--sso-session", "nope"), "[sso-session nope]", "sessions defined: corp")
	})
	t.Run("refused in the browser", func(t *testing.T) {
		w := newSSOWorld(t, "")
		w.fake.DenyNext()
		r := w.run("login", "--sso-session", "corp")
		mustFailAfterPrompt(t, r, "refused in the browser", "access_denied")
	})
	t.Run("browser closed", func(t *testing.T) {
		w := newSSOWorld(t, "")
		w.Env["BROWSER"] = "true" // starts, never signs in: the person closed it
		cmd, stderr, wait := w.background("login", "--sso-session", "corp")
		waitOutput(t, stderr, "waiting for the browser")
		_ = cmd.Process.Signal(syscall.SIGINT)
		r := wait()
		mustFailAfterPrompt(t, r, "sign-in cancelled")
		if _, err := os.Stat(w.tokenFile()); err == nil {
			t.Error("a cancelled sign-in left a token")
		}
	})
	t.Run("not an sso profile", func(t *testing.T) {
		w := newSSOWorld(t, "\n[profile keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n")
		mustFailCleanly(t, w.run("login", "keys"), `profile "keys" does not sign in through IAM Identity Center`)
	})
}

func TestSSODebugLogHoldsNoTokens(t *testing.T) {
	w := newSSOWorld(t, "")
	w.fake.SetAccessTokenTTL(2 * time.Second)
	login := w.login(t, "--debug", "--sso-session", "corp")
	first := w.token(t)
	time.Sleep(2500 * time.Millisecond)
	fetch := mustSucceed(t, w.run("--debug", "--no-cache", "--export", "deploy"))
	second := w.token(t)
	if !strings.Contains(fetch.Stderr, "sso CreateToken (refresh_token grant)") || !strings.Contains(login.Stderr, "sso RegisterClient") {
		t.Errorf("the debug log does not show the SSO calls:\n%s\n%s", login.Stderr, fetch.Stderr)
	}
	for _, tok := range []map[string]string{first, second} {
		for _, k := range []string{"accessToken", "refreshToken", "clientSecret"} {
			for _, where := range []string{login.Stderr, fetch.Stderr} {
				if tok[k] != "" && strings.Contains(where, tok[k]) {
					t.Errorf("%s in the debug log", k)
				}
			}
		}
	}
}
