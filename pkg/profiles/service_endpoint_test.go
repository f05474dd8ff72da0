package profiles

import (
	"strings"
	"testing"
)

func TestServiceEndpointFollowsTheSDKPrecedence(t *testing.T) {
	config := `[profile p]
services = local
endpoint_url = http://profile-wide

[profile plain]
region = eu-west-1

[profile ignoring]
services = local
ignore_configured_endpoint_urls = true

[services local]
sso_oidc =
  endpoint_url = http://oidc-from-services
sso =
  endpoint_url = http://portal-from-services
`
	c := load(t, config, "")
	cases := []struct {
		profile, service string
		env              []string
		want             string
	}{
		{"p", "SSO OIDC", nil, "http://oidc-from-services"},
		{"p", "SSO", nil, "http://portal-from-services"},
		{"p", "STS", nil, "http://profile-wide"}, // no sts block: the profile's endpoint_url
		{"p", "SSO OIDC", []string{"AWS_ENDPOINT_URL", "http://global"}, "http://global"},
		{"p", "SSO OIDC", []string{"AWS_ENDPOINT_URL", "http://global", "AWS_ENDPOINT_URL_SSO_OIDC", "http://oidc-env"}, "http://oidc-env"},
		{"p", "SSO", []string{"AWS_ENDPOINT_URL_SSO_OIDC", "http://oidc-env"}, "http://portal-from-services"},
		{"p", "SSO", []string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", "AWS_ENDPOINT_URL_SSO", "http://x"}, ""},
		{"ignoring", "SSO", nil, ""},
		{"plain", "SSO", nil, ""},
		{"", "SSO", []string{"AWS_ENDPOINT_URL_SSO", "http://env-only"}, "http://env-only"},
		{"", "SSO", nil, ""},
	}
	for _, tc := range cases {
		got, err := c.ServiceEndpoint(tc.profile, tc.service, env(tc.env...))
		if err != nil || got != tc.want {
			t.Errorf("ServiceEndpoint(%q, %q) with %v = %q, %v; want %q", tc.profile, tc.service, tc.env, got, err, tc.want)
		}
	}
}

func TestServiceEndpointErrors(t *testing.T) {
	c := load(t, "[profile p]\nservices = nowhere\n", "")
	if _, err := c.ServiceEndpoint("p", "SSO", nil); err == nil || !strings.Contains(err.Error(), "/x/config:2") || !strings.Contains(err.Error(), "[services nowhere]") {
		t.Errorf("missing services section: %v", err)
	}
	if _, err := c.ServiceEndpoint("ghost", "SSO", nil); err == nil || !strings.Contains(err.Error(), "unknown profile") {
		t.Errorf("unknown profile: %v", err)
	}
}
