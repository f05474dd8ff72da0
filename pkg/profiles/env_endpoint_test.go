package profiles

import "testing"

func TestEnvSTSEndpointPrecedence(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, ""},
		{map[string]string{"AWS_ENDPOINT_URL": "http://global"}, "http://global"},
		{map[string]string{"AWS_ENDPOINT_URL": "http://global", "AWS_ENDPOINT_URL_STS": "http://sts"}, "http://sts"},
		{map[string]string{"AWS_ENDPOINT_URL_STS": "http://sts", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"}, ""},
		{map[string]string{"AWS_ENDPOINT_URL_STS": "http://sts", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"}, "http://sts"},
	} {
		if got, _ := EnvSTSEndpoint(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %q, want %q", c.env, got, c.want)
		}
	}
	if got := EnvRegion(func(k string) string { return map[string]string{"AWS_DEFAULT_REGION": "b", "AWS_REGION": "a"}[k] }); got != "a" {
		t.Errorf("EnvRegion = %q, want AWS_REGION first", got)
	}
}
