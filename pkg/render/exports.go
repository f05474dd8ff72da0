package render

import (
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// Var is one variable to set.
type Var struct{ Name, Value string }

// Env is what a format renders: variables to set, in order, and to remove.
type Env struct {
	Set   []Var
	Unset []string
}

// Exports builds the environment assume hands to a shell or child process.
// Every credential variable it does not set is unset, so a stale
// AWS_SESSION_TOKEN or AWS_PROFILE cannot mix with the new keys: SDKs prefer
// a profile selection over env keys in some code paths.
func Exports(c creds.Credentials, region, profile string) Env {
	e := Env{
		Set: []Var{
			{"AWS_ACCESS_KEY_ID", c.AccessKeyID},
			{"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey},
		},
		Unset: []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"},
	}
	if c.Temporary() {
		e.Set = append(e.Set, Var{"AWS_SESSION_TOKEN", c.SessionToken})
	} else {
		e.Unset = append(e.Unset, "AWS_SESSION_TOKEN")
	}
	if c.CanExpire() {
		e.Set = append(e.Set, Var{"AWS_CREDENTIAL_EXPIRATION", expiration(c.Expires)})
	} else {
		e.Unset = append(e.Unset, "AWS_CREDENTIAL_EXPIRATION")
	}
	if region != "" {
		e.Set = append(e.Set, Var{"AWS_REGION", region}, Var{"AWS_DEFAULT_REGION", region})
	}
	if profile != "" {
		e.Set = append(e.Set, Var{ProfileVar, profile})
	} else {
		e.Unset = append(e.Unset, ProfileVar)
	}
	return e
}

// expiration is the RFC 3339 UTC form ("Z" suffix) SDKs parse. Sub-second
// precision is dropped, which can only make the expiry look earlier.
func expiration(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
