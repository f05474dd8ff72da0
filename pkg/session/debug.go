package session

import (
	"fmt"

	"github.com/assume-cli/assume/pkg/profiles"
)

// logPlan summarises a resolved plan: the files, the source and each hop.
// It names fields one by one; a Plan is never printed whole, as its Source
// may hold a secret access key.
func (s *Session) logPlan(plan *profiles.Plan) {
	d := s.deps.Debug
	files := s.Files()
	d.Printf("profiles: read %s and %s", files.Config, files.Credentials)
	src := plan.Source
	detail := ""
	switch {
	case src.AccessKeyID != "":
		where := "credentials file"
		if src.FromKeyring {
			where = "keyring"
		}
		detail = fmt.Sprintf(", access key id %s from the %s", src.AccessKeyID, where)
	case src.CredentialProcess != "":
		detail = ", credential_process (command not logged: it may carry secrets)"
	}
	if src.MFASerial != "" {
		detail += fmt.Sprintf(", MFA session with %s for %s", src.MFASerial, src.SessionDuration)
	}
	d.Printf("plan %s: source %s of profile %q (%s)%s; %d hop(s); region %q; sts endpoint %q",
		plan.Profile, src.Kind, src.Profile, src.At, detail, len(plan.Hops), plan.Region, plan.STSEndpoint)
	for i, h := range plan.Hops {
		extra := ""
		if h.ExternalID != "" {
			extra += ", external id set"
		}
		if h.MFASerial != "" {
			extra += ", mfa " + h.MFASerial
		}
		if h.CapReason != "" {
			extra += ", capped: " + h.CapReason
		}
		d.Printf("plan hop %d/%d: profile %q (%s) %s as %q for %s%s", i+1, len(plan.Hops), h.Profile, h.At, h.RoleARN, h.RoleSessionName, h.Duration, extra)
	}
}
