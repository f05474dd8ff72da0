package profiles

import (
	"fmt"
	"strings"
)

// Region and endpoint precedence live here, for a plan and for the
// shell's own credentials (env_endpoint.go): one set of rules.

// region: --region, then AWS_REGION, AWS_DEFAULT_REGION (as the user set
// them: the caller hides a region assume itself exported), then the asked
// profile's own region (never a source profile's).
func (r *resolver) region(asked *Profile) string {
	if r.opts.Region != "" {
		return r.opts.Region
	}
	if v := EnvRegion(r.getenv); v != "" {
		return v
	}
	v, _ := asked.Get("region")
	return v
}

// stsEndpoint follows the SDKs' configured-endpoint rules: service env var,
// global env var, the profile's [services] sts block, the profile's
// endpoint_url; all off when ignore_configured_endpoint_urls is true (the
// variable, when set, wins over the profile's key). It also names the
// setting the endpoint came from, for errors.
func (r *resolver) stsEndpoint(asked *Profile) (url, from string, err error) {
	ignore := r.getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if ignore == "" {
		ignore, _ = asked.Get("ignore_configured_endpoint_urls")
	}
	if strings.EqualFold(strings.TrimSpace(ignore), "true") {
		return "", "", nil
	}
	if v, k := envSTSEndpoint(r.getenv); v != "" {
		return v, k, nil
	}
	if svc, ok := asked.Lookup("services"); ok && svc.Text != "" {
		sec := r.c.servicesSection(svc.Text)
		if sec == nil {
			return "", "", &ConfigError{Profile: asked.Name, At: svc.At,
				Msg:  fmt.Sprintf("services %q has no [services %s] section in %s", svc.Text, svc.Text, r.c.files[fileConfig].name),
				Hint: "add the section or remove the services key"}
		}
		if err := r.c.checkWrittenAs(asked.Name, sec); err != nil {
			return "", "", err
		}
		if u := sec.Keys["sts"].Sub["endpoint_url"]; u.Text != "" {
			if inlineComment(u.Text) {
				return "", "", inlineCommentError(asked.Name, "endpoint_url", u)
			}
			return u.Text, fmt.Sprintf("the sts endpoint_url of [services %s] (%s)", svc.Text, u.At), nil
		}
	}
	v, ok := asked.Lookup("endpoint_url")
	if !ok || v.Text == "" {
		return "", "", nil
	}
	return v.Text, fmt.Sprintf("endpoint_url of profile %q (%s)", asked.Name, v.At), nil
}
