package console

import (
	"fmt"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Route is how a profile's credentials reach the console.
type Route int

const (
	// RoleFromLongTermKeys: a role session whose AssumeRole was signed with
	// long-term keys, the one kind of session AWS lets set the console
	// session's length (SessionDuration, 900-43200 s).
	RoleFromLongTermKeys Route = iota + 1
	// Chained: a role session signed by temporary credentials (role
	// chaining, an MFA session, SSO, credential_process, ...). The
	// federation endpoint refuses SessionDuration for it: the console
	// session lasts as long as the role session, at most 1h.
	Chained
	// SourceSession: temporary credentials of a profile that assumes no
	// role itself (SSO, web identity, credential_process, static session
	// keys): no SessionDuration either.
	SourceSession
	// FederationToken: long-term IAM user keys, which cannot sign in by
	// themselves: GetFederationToken turns them into a federated session.
	FederationToken
)

// CheckPlan refuses, before any network call or MFA prompt, a plan whose
// session the console can never take: a profile with no role whose
// long-term keys are used through an MFA session (GetSessionToken output
// cannot sign in, and GetFederationToken takes no MFA code).
func CheckPlan(plan *profiles.Plan) error {
	src := plan.Source
	if len(plan.Hops) == 0 && src.MFASerial != "" {
		return fmt.Errorf("profile %q (%s) assumes no role and uses its keys through an MFA session, which AWS does not let into the console: "+
			"add a profile with role_arn and source_profile = %s, and open the console for that one", plan.Profile, src.At, src.Profile)
	}
	return nil
}

// RouteFor is the route of a plan's credentials c, as obtained.
func RouteFor(plan *profiles.Plan, c creds.Credentials) Route {
	switch {
	case !c.Temporary():
		return FederationToken
	case len(plan.Hops) == 0:
		return SourceSession
	case len(plan.Hops) == 1 && !plan.Hops[0].Chained && longTermSource(plan.Source):
		return RoleFromLongTermKeys
	}
	return Chained
}

// longTermSource reports whether a source is known, at plan time, to hand
// out long-term keys. A credential_process might, but may as well not:
// sending SessionDuration for a session that turns out chained fails the
// sign-in, so only what is certain counts.
func longTermSource(src profiles.Source) bool {
	switch src.Kind {
	case profiles.SourceStatic:
		return src.SessionToken == "" && src.MFASerial == ""
	case profiles.SourceEnvironment:
		return true // with AWS_SESSION_TOKEN set the hop is marked Chained
	}
	return false
}

// SessionDuration is the console session length to ask getSigninToken
// for: the role session's own duration where AWS accepts one, else 0
// (omitted, so the console lasts as long as the credentials).
func SessionDuration(plan *profiles.Plan, r Route) time.Duration {
	h := plan.Final()
	if r != RoleFromLongTermKeys || h == nil {
		return 0
	}
	return min(max(h.Duration, profiles.MinDuration), profiles.MaxDuration)
}
