package profiles

import (
	"fmt"
	"strings"
)

// ServiceEndpoint is the configured endpoint URL of the AWS service the
// SDKs call serviceID ("SSO", "SSO OIDC", "STS") for a profile, by the
// SDKs' precedence: AWS_ENDPOINT_URL_<ID>, AWS_ENDPOINT_URL, the profile's
// [services NAME] section (key <id> with an indented endpoint_url), the
// profile's endpoint_url. All of them are off when
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
// ignore_configured_endpoint_urls) is true. "" means the SDK default.
// profile "" reads the environment only; an unknown profile is an error.
func (c *Config) ServiceEndpoint(profile, serviceID string, getenv func(string) string) (url string, err error) {
	defer c.catchFault(&err)()
	if getenv == nil {
		getenv = noEnv
	}
	var p *Profile
	if profile != "" {
		if p, err = c.Profile(profile); err != nil {
			return "", err
		}
	}
	ignore := getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if ignore == "" && p != nil {
		ignore, _ = p.Get("ignore_configured_endpoint_urls")
	}
	if strings.EqualFold(strings.TrimSpace(ignore), "true") {
		return "", nil
	}
	envID := strings.ToUpper(strings.ReplaceAll(serviceID, " ", "_"))
	for _, k := range []string{"AWS_ENDPOINT_URL_" + envID, "AWS_ENDPOINT_URL"} {
		if v := getenv(k); v != "" {
			return v, nil
		}
	}
	if p == nil {
		return "", nil
	}
	if svc, ok := p.Lookup("services"); ok && svc.Text != "" {
		sec := c.servicesSection(svc.Text)
		if sec == nil {
			return "", &ConfigError{Profile: p.Name, At: svc.At,
				Msg:  fmt.Sprintf("services %q has no [services %s] section in %s", svc.Text, svc.Text, c.files[fileConfig].name),
				Hint: "add the section or remove the services key"}
		}
		key := strings.ToLower(strings.ReplaceAll(serviceID, " ", "_"))
		if u := sec.Keys[key].Sub["endpoint_url"].Text; u != "" {
			return u, nil
		}
	}
	v, _ := p.Get("endpoint_url")
	return v, nil
}
