package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ssoHome is a home whose config has the given text, and no network.
func ssoHome(t *testing.T, config string) map[string]string {
	t.Helper()
	home := t.TempDir()
	path := filepath.Join(home, "config")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"HOME": home, "AWS_CONFIG_FILE": path, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "none"),
		// Nothing listens here: a test that got this far made a network call it should not have.
		"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}
}

func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	f, out, errb := testFactory(env, false)
	root := newRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

const twoSessions = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[sso-session lab]
sso_start_url = https://lab.awsapps.com/start
sso_region = us-east-1

[profile keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret
`

func TestLoginTargetMistakesFailBeforeAnyCall(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"login"}, nil, "with one of corp, lab"},
		{[]string{"login", "keys"}, nil, `profile "keys" does not sign in through IAM Identity Center`},
		{[]string{"login", "ghost"}, nil, "unknown profile"},
		{[]string{"login", "--sso-session", "corp", "keys"}, nil, "not both"},
		{[]string{"login", "--sso-session", "nope"}, nil, "sessions defined: corp, lab"},
		{[]string{"login"}, map[string]string{"AWS_PROFILE": "keys"}, `profile "keys" does not sign in`},
		{[]string{"sso", "sync"}, nil, "--sso-session NAME"},
		{[]string{"sso", "sync", "--sso-session", "corp", "--concurrency", "0"}, nil, "--concurrency 0"},
		{[]string{"sso", "sync", "--sso-session", "corp", "--name", "{acct}"}, nil, "unknown placeholder {acct}"},
	}
	for _, tc := range cases {
		env := ssoHome(t, twoSessions)
		for k, v := range tc.env {
			env[k] = v
		}
		out, errb, err := runCmd(t, env, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") || out != "" {
			t.Errorf("%v: err %v, stdout %q, stderr %q; want one line with %q", tc.args, err, out, errb, tc.want)
		}
	}
}

func TestNotSignedInSyncSaysWhatToRun(t *testing.T) {
	env := ssoHome(t, twoSessions)
	_, _, err := runCmd(t, env, "sso", "sync", "--sso-session", "lab")
	if err == nil || err.Error() != "sso-session \"lab\": not signed in; sign in with `assume login --sso-session lab`" {
		t.Fatalf("err = %v", err)
	}
}
