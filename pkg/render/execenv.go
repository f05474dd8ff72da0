package render

import "strings"

// conflictingVars could make a child process use credentials other than the
// ones assume hands it: SDKs consult profiles, web identity and container
// providers, and a stale token would be paired with new keys.
var conflictingVars = [...]string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"ASSUME_PROFILE",
}

// ExecEnv returns environ without conflicting variables, then e.Set
// appended. Region variables go only when e sets them, so a user's region
// survives. Names listed in e.Set or e.Unset are removed too, so no name
// appears twice (which copy a program sees then varies). Names compare
// exactly: the environment is case-sensitive on Unix.
func ExecEnv(environ []string, e Env) []string {
	drop := make(map[string]bool, len(conflictingVars)+len(e.Set)+len(e.Unset))
	for _, n := range conflictingVars {
		drop[n] = true
	}
	for _, n := range e.Unset {
		drop[n] = true
	}
	for _, v := range e.Set {
		drop[v.Name] = true // covers AWS_REGION / AWS_DEFAULT_REGION
	}
	out := make([]string, 0, len(environ)+len(e.Set))
	for _, kv := range environ {
		if drop[envName(kv)] {
			continue
		}
		out = append(out, kv)
	}
	for _, v := range e.Set {
		out = append(out, v.Name+"="+v.Value)
	}
	return out
}

// envName is the part before the first '=' after position 0: Windows keeps
// per-drive entries such as "=C:=C:\dir".
func envName(kv string) string {
	if kv == "" {
		return ""
	}
	if i := strings.IndexByte(kv[1:], '='); i >= 0 {
		return kv[:i+1]
	}
	return kv
}
