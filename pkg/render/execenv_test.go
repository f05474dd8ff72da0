package render

import (
	"reflect"
	"strings"
	"testing"
)

func TestExecEnv(t *testing.T) {
	environ := []string{
		"PATH=/usr/bin", "AWS_PROFILE=stale", "HOME=/home/u", "AWS_DEFAULT_PROFILE=stale",
		"AWS_ACCESS_KEY_ID=old", "AWS_SECRET_ACCESS_KEY=old", "AWS_SESSION_TOKEN=old",
		"AWS_SECURITY_TOKEN=old", "AWS_CREDENTIAL_EXPIRATION=old", "AWS_ROLE_ARN=arn",
		"AWS_ROLE_SESSION_NAME=s", "AWS_WEB_IDENTITY_TOKEN_FILE=/t",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://x", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=t", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/f",
		"ASSUME_PROFILE=old", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"aws_profile=lowercase-is-another-variable", "AWS_PROFILE_EXTRA=kept", "AWS_CONFIG_FILE=/cfg",
		"=C:=C:\\dir", "NOEQUALS", "EMPTY=", "LANG=C.UTF-8",
	}
	orig := append([]string(nil), environ...)
	e := Exports(temporary, "", "prod")
	got := ExecEnv(environ, e)
	want := []string{
		"PATH=/usr/bin", "HOME=/home/u",
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"aws_profile=lowercase-is-another-variable", "AWS_PROFILE_EXTRA=kept", "AWS_CONFIG_FILE=/cfg",
		"=C:=C:\\dir", "NOEQUALS", "EMPTY=", "LANG=C.UTF-8",
		"AWS_ACCESS_KEY_ID=" + temporary.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + temporary.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + temporary.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION=2026-01-02T03:04:05Z",
		"ASSUME_PROFILE=prod",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ExecEnv =\n%q\nwant\n%q", got, want)
	}
	if !reflect.DeepEqual(environ, orig) {
		t.Errorf("ExecEnv modified its input")
	}
}

func TestExecEnvReplacesRegionWhenSet(t *testing.T) {
	got := ExecEnv([]string{"AWS_REGION=us-east-1", "X=1", "AWS_DEFAULT_REGION=us-east-1"}, Exports(longTerm, "eu-west-1", "p"))
	want := []string{
		"X=1",
		"AWS_ACCESS_KEY_ID=" + longTerm.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + longTerm.SecretAccessKey,
		"AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1", "ASSUME_PROFILE=p",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ExecEnv =\n%q\nwant\n%q", got, want)
	}
}

// Each name appears once, so no platform picks a stale duplicate.
func TestExecEnvNoDuplicates(t *testing.T) {
	got := ExecEnv([]string{"CUSTOM=old", "CUSTOM=older", "GONE=x"}, Env{Set: []Var{{"CUSTOM", "new"}}, Unset: []string{"GONE"}})
	if want := []string{"CUSTOM=new"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ExecEnv = %q, want %q", got, want)
	}
}

func TestExecEnvDropsSecretsGivenToAssume(t *testing.T) {
	got := ExecEnv([]string{"ASSUME_KEYRING_PASSPHRASE=p", "ASSUME_MFA_TOKEN=123456", "KEEP=1"}, Exports(temporary, "", "prod"))
	for _, kv := range got {
		if strings.HasPrefix(kv, "ASSUME_KEYRING_PASSPHRASE=") || strings.HasPrefix(kv, "ASSUME_MFA_TOKEN=") {
			t.Errorf("a child would inherit %s", kv)
		}
	}
	if got[0] != "KEEP=1" {
		t.Errorf("other variables must stay: %q", got)
	}
}
