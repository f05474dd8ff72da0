package render

import (
	"strings"
	"testing"
)

func TestServerChildGetsTheServerAndNoStaticCredentials(t *testing.T) {
	parent := []string{
		"AWS_ACCESS_KEY_ID=AKIAOLD", "AWS_SECRET_ACCESS_KEY=old", "AWS_SESSION_TOKEN=old",
		"AWS_PROFILE=other", "AWS_CONTAINER_AUTHORIZATION_TOKEN=leaked", ContainerURIVar + "=http://169.254.170.2/x",
		"ASSUME_MFA_TOKEN=123456", "HOME=/home/u",
	}
	e := ServerExports("http://127.0.0.1:5000/credentials", "/run/assume/server/run-1/token", "eu-west-1", "prod")
	child := strings.Join(ExecEnv(parent, SubshellEnv(e, envOf(nil), "prod")), "\n") + "\n"
	for _, want := range []string{
		ContainerURIVar + "=http://127.0.0.1:5000/credentials\n", ContainerTokenFileVar + "=/run/assume/server/run-1/token\n",
		"AWS_REGION=eu-west-1\n", "AWS_DEFAULT_REGION=eu-west-1\n", "ASSUME_PROFILE=prod\n", "HOME=/home/u\n", SubshellMarker + "=prod\n",
	} {
		if !strings.Contains(child, want) {
			t.Errorf("child lacks %q:\n%s", want, child)
		}
	}
	for _, gone := range []string{"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_CONTAINER_AUTHORIZATION_TOKEN=", "169.254.170.2", "ASSUME_MFA_TOKEN"} {
		if strings.Contains(child, gone) {
			t.Errorf("child still has %q:\n%s", gone, child)
		}
	}
	// --unset in a served subshell removes the server's variables too.
	got := UnsetNames(envOf(map[string]string{ExportedMarker: marker(WithMarker(e, envOf(nil)))}))
	if s := strings.Join(got, " "); !strings.Contains(s, ContainerURIVar) || !strings.Contains(s, ContainerTokenFileVar) {
		t.Errorf("--unset in a served shell removes %q", s)
	}
}

func TestServerVarsAreExactlyTheTwo(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, FormatSh, ServerVars("http://127.0.0.1:1/credentials", "/t")); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "export "+ContainerURIVar+"='http://127.0.0.1:1/credentials'\nexport "+ContainerTokenFileVar+"='/t'\n" {
		t.Errorf("serve prints %q", got)
	}
}
