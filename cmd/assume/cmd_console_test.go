package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakefed"
	"github.com/assume-cli/assume/internal/testbrowser"
	"github.com/assume-cli/assume/pkg/console"
)

func TestHelperBrowser(t *testing.T) { testbrowser.Helper(t) }

// consoleWorld is the world fixture with a fake federation endpoint in
// front of its fake STS.
func consoleWorld(t *testing.T) (*world, *fakefed.Server) {
	w := newWorld(t)
	fed := fakefed.New(t, w.sts)
	w.env["ASSUME_FEDERATION_URL"] = fed.URL()
	return w, fed
}

// printedLogin checks that stdout is exactly one sign-in URL for fed and
// returns its parameters.
func printedLogin(t *testing.T, fed *fakefed.Server, stdout string) url.Values {
	t.Helper()
	line := strings.TrimSuffix(stdout, "\n")
	if strings.Contains(line, "\n") || !strings.HasPrefix(line, fed.URL()+"?") {
		t.Fatalf("stdout is not one sign-in URL: %q", stdout)
	}
	u, err := url.Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("Action") != "login" || q.Get("Issuer") != console.Issuer || len(fed.Tokens()) != 1 || q.Get("SigninToken") != fed.Tokens()[0] {
		t.Fatalf("login URL %s", line)
	}
	return q
}

func TestConsolePrintSignsARoleFromLongTermKeysInForItsDuration(t *testing.T) {
	w, fed := consoleWorld(t)
	out, errb, err := w.run("console", "admin", "--print", "--duration", "30m")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	q := printedLogin(t, fed, out)
	if dest := q.Get("Destination"); dest != "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1" {
		t.Errorf("Destination %q", dest)
	}
	reqs := fed.Requests()
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].SessionInURL || reqs[0].SessionDuration != 1800 ||
		!strings.HasPrefix(reqs[0].CallerARN, "arn:aws:sts::222222222222:assumed-role/admin/") {
		t.Fatalf("federation requests %+v", reqs)
	}
	if strings.Contains(errb, q.Get("SigninToken")) || strings.Contains(errb, "http") {
		t.Errorf("stderr holds the URL or token: %q", errb)
	}
	// The session came through the cache: the next console run reuses it.
	if _, _, err := w.run("console", "admin", "--print", "--duration", "30m"); err != nil {
		t.Fatal(err)
	}
	if n := w.sts.RoleCalls(testRoleARN); n != 1 {
		t.Errorf("AssumeRole %d times: the second console run did not reuse the cached session", n)
	}
}

func TestConsoleChainedRoleOmitsSessionDurationAndSaysSoOnce(t *testing.T) {
	w, fed := consoleWorld(t)
	out, errb, err := w.run("console", "deploy", "--print", "--service", "s3", "--region", "eu-west-1")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	q := printedLogin(t, fed, out)
	if dest := q.Get("Destination"); dest != "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1" {
		t.Errorf("Destination %q", dest)
	}
	if r := fed.Requests()[0]; r.SessionDuration != 0 || r.Status != 200 {
		t.Fatalf("a chained session must not ask for SessionDuration: %+v", r)
	}
	if n := strings.Count(errb, "lasts as long as the role session, at most 1h"); n != 1 {
		t.Errorf("the chained notice appears %d times in %q", n, errb)
	}
}

func TestConsoleWithoutARoleSignsInThroughGetFederationToken(t *testing.T) {
	w, fed := consoleWorld(t)
	out, errb, err := w.run("console", "base", "--print", "--duration", "2h", "--service", "iam")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	q := printedLogin(t, fed, out)
	if q.Get("Destination") != "https://console.aws.amazon.com/iam/home" {
		t.Errorf("Destination %q", q.Get("Destination"))
	}
	var fedCall bool
	for _, r := range w.sts.Requests() {
		if r.Action == "GetFederationToken" {
			fedCall = r.Name == "tester" && r.Policy == console.FederationPolicy && r.DurationSeconds == 7200 && r.Status == 200
		}
	}
	if !fedCall {
		t.Fatalf("no GetFederationToken as tester with the session policy for 2h: %+v", w.sts.Requests())
	}
	if r := fed.Requests()[0]; r.CallerARN != "arn:aws:sts::111111111111:federated-user/tester" || r.SessionDuration != 0 {
		t.Fatalf("federation request %+v", r)
	}
	if !strings.Contains(errb, `signing in as federated user "tester"`) || strings.Contains(errb, "--duration is ignored") {
		t.Errorf("stderr %q", errb)
	}

	w.sts.DenyFederationToken(testUserARN)
	out, _, err = w.run("console", "base", "--print")
	if err == nil || out != "" || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(err.Error(), `profile "base" assumes no role`) || !strings.Contains(err.Error(), "does not allow sts:GetFederationToken") {
		t.Fatalf("denied: %q, %v", out, err)
	}
}

func TestConsoleBadInputFailsBeforeAnyCall(t *testing.T) {
	w, fed := consoleWorld(t)
	config, _ := os.ReadFile(w.env["AWS_CONFIG_FILE"])
	extra := "[profile mfa-keys]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = x\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n"
	if err := os.WriteFile(w.env["AWS_CONFIG_FILE"], append(config, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{nil, []string{"console", "admin", "--print", "--service", "s4"}, []string{`profile "admin"`, `--service "s4"`, "s3, ec2, iam"}},
		{nil, []string{"console", "admin", "--print", "--service", "https://evil.example/"}, []string{`profile "admin"`, "not on the aws console"}},
		{nil, []string{"console", "admin", "--print", "--region", "cn-north-1"}, []string{`profile "admin"`, "partition aws-cn", "--region"}},
		{map[string]string{"ASSUME_FEDERATION_URL": "http://signin.example/federation"}, []string{"console", "admin", "--print"}, []string{`profile "admin"`, "must be https"}},
		{nil, []string{"console", "mfa-keys", "--print"}, []string{`profile "mfa-keys"`, "config:", "MFA session", "role_arn"}},
		{map[string]string{"BROWSER": ""}, []string{"console", "admin"}, []string{`profile "admin"`, "DISPLAY", "--print"}},
		{map[string]string{"ASSUME_BROWSER": filepath.Join(t.TempDir(), "no-browser")}, []string{"console", "admin"}, []string{`profile "admin"`, "no-browser", "not found", "--print"}},
		{nil, []string{"console", "base", "--print", "--duration", "37h"}, []string{`profile "base"`, "GetFederationToken"}},
		{nil, []string{"console"}, []string{"assume console PROFILE"}},
		{nil, []string{"-c", "admin", "--export"}, []string{"-c opens the console", "--export"}},
	}
	for _, c := range cases {
		for k, v := range c.env {
			w.env[k] = v
		}
		out, _, err := w.run(c.args...)
		for k := range c.env {
			delete(w.env, k)
		}
		w.env["ASSUME_FEDERATION_URL"] = fed.URL()
		if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want one line and nothing on stdout, got %q, %v", c.args, out, err)
			continue
		}
		for _, want := range c.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: %q does not say %q", c.args, err, want)
			}
		}
	}
	if len(w.sts.Requests()) != 0 || len(fed.Requests()) != 0 {
		t.Errorf("bad input made %d STS and %d federation requests", len(w.sts.Requests()), len(fed.Requests()))
	}
	if keys, _ := w.ring.Keys(); len(keys) != 0 {
		t.Errorf("bad input cached %q", keys)
	}
}

func TestConsoleRefusedSessionSaysWhatToDo(t *testing.T) {
	w, fed := consoleWorld(t)
	if _, _, err := w.run("--export", "admin"); err != nil {
		t.Fatal(err)
	}
	// The cached session is valid by the local clock, not by AWS's: the
	// federation endpoint refuses it.
	w.sts.Advance(2 * time.Hour)
	out, _, err := w.run("console", "admin", "--print")
	if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
		t.Fatalf("%q %v", out, err)
	}
	for _, want := range []string{`profile "admin"`, fed.URL(), "400 Bad Request", "assume sessions clear admin"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if r := fed.Requests(); len(r) != 1 || !strings.Contains(r[0].Refusal, "expired") {
		t.Errorf("federation requests %+v", r)
	}
}

func TestConsoleSettingsFromConfigFile(t *testing.T) {
	w, fed := consoleWorld(t)
	delete(w.env, "ASSUME_FEDERATION_URL")
	out := testbrowser.Setup(t)
	conf := filepath.Join(w.env["HOME"], ".config", "assume", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(conf), 0o700); err != nil {
		t.Fatal(err)
	}
	body := "federation-url: " + fed.URL() + "\nbrowser: " + testbrowser.Command() + "\n"
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errb, err := w.run("console", "admin", "--service", "ec2"); err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	if v := testbrowser.Wait(t, out); v.Landed != "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1" {
		t.Fatalf("landed on %q (%+v)", v.Landed, v)
	}
	// The variable wins over the file, as for every setting.
	w.env["ASSUME_FEDERATION_URL"] = "https://signin.example/federation?x=1"
	if _, _, err := w.run("console", "admin", "--print"); err == nil || !strings.Contains(err.Error(), "signin.example") {
		t.Fatalf("ASSUME_FEDERATION_URL did not win over config.yaml: %v", err)
	}
}

func TestConsoleDebugNeverLogsTheSigninToken(t *testing.T) {
	w, fed := consoleWorld(t)
	out, errb, err := w.run("--debug", "console", "base", "--print")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	printedLogin(t, fed, out)
	token := fed.Tokens()[0]
	if !strings.Contains(errb, "console: sign-in token from "+fed.URL()) || !strings.Contains(errb, "sts GetFederationToken tester") {
		t.Fatalf("the debug log does not follow the run:\n%s", errb)
	}
	for _, secret := range []string{token, token[:40], "SigninToken=", "sessionKey"} {
		if strings.Contains(errb, secret) {
			t.Errorf("the debug log holds %q", secret)
		}
	}
}

func TestConsoleShortcutOpensTheBrowser(t *testing.T) {
	w, fed := consoleWorld(t)
	out := testbrowser.Setup(t)
	w.env["ASSUME_BROWSER"] = testbrowser.Command()
	stdout, errb, err := w.run("-c", "deploy", "--region", "eu-central-1")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	if stdout != "" {
		t.Errorf("stdout %q: only --print writes there", stdout)
	}
	v := testbrowser.Wait(t, out)
	want := "https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1"
	if v.Err != "" || v.Landed != want {
		t.Fatalf("the browser landed on %q (%+v)", v.Landed, v)
	}
	logins := fed.Logins()
	if len(logins) != 1 || logins[0].Destination != want || !strings.HasPrefix(logins[0].CallerARN, "arn:aws:sts::333333333333:assumed-role/deploy/") {
		t.Fatalf("logins %+v", logins)
	}
	if _, err := os.Stat(filepath.Dir(v.Page)); !os.IsNotExist(err) {
		t.Errorf("the page is still there: %v", err)
	}
	if !strings.Contains(errb, `opened the AWS console as "deploy"`) {
		t.Errorf("stderr %q", errb)
	}
}

func TestHookPassesConsoleRunsThrough(t *testing.T) {
	f, _, _ := testFactory(map[string]string{"HOME": t.TempDir()}, false)
	for _, args := range [][]string{{"-c", "admin"}, {"console", "admin"}, {"console", "admin", "--print"}} {
		if hookEvaluates(f, args) {
			t.Errorf("the hook would eval the output of %q", args)
		}
	}
	if !hookEvaluates(f, []string{"admin"}) {
		t.Error("the hook no longer evals `assume admin`")
	}
}
