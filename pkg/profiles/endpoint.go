package profiles

import (
	"fmt"
	"strings"
)

// region: --region, then AWS_REGION, AWS_DEFAULT_REGION, then the asked
// profile's own region (never a source profile's).
func (r *resolver) region(asked *Profile) string {
	if r.opts.Region != "" {
		return r.opts.Region
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v := r.getenv(k); v != "" {
			return v
		}
	}
	v, _ := asked.Get("region")
	return v
}

// stsEndpoint follows the SDKs' configured-endpoint rules: service env var,
// global env var, the profile's [services] sts block, the profile's
// endpoint_url; all off when ignore_configured_endpoint_urls is true.
func (r *resolver) stsEndpoint(asked *Profile) (string, error) {
	ignore := r.getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if ignore == "" {
		ignore, _ = asked.Get("ignore_configured_endpoint_urls")
	}
	if strings.EqualFold(strings.TrimSpace(ignore), "true") {
		return "", nil
	}
	for _, k := range []string{"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"} {
		if v := r.getenv(k); v != "" {
			return v, nil
		}
	}
	if svc, ok := asked.Lookup("services"); ok && svc.Text != "" {
		sec := r.c.servicesSection(svc.Text)
		if sec == nil {
			return "", &ConfigError{Profile: asked.Name, At: svc.At,
				Msg:  fmt.Sprintf("services %q has no [services %s] section in %s", svc.Text, svc.Text, r.c.files[fileConfig].name),
				Hint: "add the section or remove the services key"}
		}
		if err := r.c.checkWrittenAs(asked.Name, sec); err != nil {
			return "", err
		}
		if u := sec.Keys["sts"].Sub["endpoint_url"]; u.Text != "" {
			if inlineComment(u.Text) {
				return "", inlineCommentError(asked.Name, "endpoint_url", u)
			}
			return u.Text, nil
		}
	}
	v, _ := asked.Get("endpoint_url")
	return v, nil
}
