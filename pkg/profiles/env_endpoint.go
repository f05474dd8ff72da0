package profiles

import "strings"

// IgnoreConfiguredEndpoints reads AWS_IGNORE_CONFIGURED_ENDPOINT_URLS as
// the SDKs do: "true" in any case turns every configured endpoint off.
func IgnoreConfiguredEndpoints(getenv func(string) string) bool {
	return strings.EqualFold(strings.TrimSpace(getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")), "true")
}

// EnvSTSEndpoint is the STS endpoint the environment alone configures:
// AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, unless configured endpoints
// are ignored. It is what the shell's own credentials are checked against
// (whoami without a profile); a profile adds its [services] section and
// endpoint_url after these (see stsEndpoint).
// It also names the variable that set it.
func EnvSTSEndpoint(getenv func(string) string) (url, variable string) {
	if IgnoreConfiguredEndpoints(getenv) {
		return "", ""
	}
	return envSTSEndpoint(getenv)
}

// envSTSEndpoint is the environment's STS endpoint and the variable that
// set it, ignoring AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (the caller decides).
func envSTSEndpoint(getenv func(string) string) (url, variable string) {
	for _, k := range []string{"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"} {
		if v := getenv(k); v != "" {
			return v, k
		}
	}
	return "", ""
}

// EnvRegion is the region the environment names: AWS_REGION, then
// AWS_DEFAULT_REGION (the AWS CLI v2 and the SDKs' order).
func EnvRegion(getenv func(string) string) string {
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}
