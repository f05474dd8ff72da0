package profiles

import (
	"reflect"
	"strings"
	"testing"
)

func TestSSOSessionReadsTheSection(t *testing.T) {
	c := load(t, `[profile x]
sso_session = corp

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, , other:scope

[sso-session lab]
sso_start_url = https://lab.awsapps.com/start
sso_region = us-east-1
`, "")
	s, err := c.SSOSession("corp")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "corp" || s.StartURL != "https://corp.awsapps.com/start" || s.Region != "eu-west-1" ||
		s.At.String() != "/x/config:4" || s.StartURLAt.String() != "/x/config:5" {
		t.Errorf("corp = %+v", s)
	}
	if !reflect.DeepEqual(s.Scopes, []string{"sso:account:access", "other:scope"}) {
		t.Errorf("scopes = %q", s.Scopes)
	}
	if lab, _ := c.SSOSession("lab"); lab.Scopes != nil {
		t.Errorf("unset scopes = %q, want nil", lab.Scopes)
	}
	if got := c.SSOSessionNames(); !reflect.DeepEqual(got, []string{"corp", "lab"}) {
		t.Errorf("names = %q", got)
	}
}

func TestSSOSessionErrorsNameTheFix(t *testing.T) {
	c := load(t, "[sso-session half]\nsso_start_url = https://x.awsapps.com/start\n", "")
	_, err := c.SSOSession("half")
	if err == nil || !strings.Contains(err.Error(), "/x/config:1") || !strings.Contains(err.Error(), "sso_region") {
		t.Errorf("half: %v", err)
	}
	_, err = c.SSOSession("ghost")
	if err == nil || !strings.Contains(err.Error(), "[sso-session ghost]") || !strings.Contains(err.Error(), "sessions defined: half") {
		t.Errorf("ghost: %v", err)
	}
}
