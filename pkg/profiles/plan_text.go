package profiles

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the plan for `assume plan`. It shows the access key id at
// most, never a secret key or session token.
func (p *Plan) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "profile %s\n", p.Profile)
	s := p.Source
	fmt.Fprintf(&b, "source: %s\n", s.Kind)
	field(&b, "  ", "profile", s.Profile)
	field(&b, "  ", "defined at", s.At.String())
	switch s.Kind {
	case SourceStatic:
		field(&b, "  ", "access key id", s.AccessKeyID)
		switch {
		case s.FromKeyring:
			field(&b, "  ", "credentials", "long-term, stored in the keyring")
		case s.SessionToken != "":
			field(&b, "  ", "credentials", "temporary (has a session token)")
		default:
			field(&b, "  ", "credentials", "long-term")
		}
		if s.MFASerial != "" {
			field(&b, "  ", "mfa session", fmt.Sprintf("GetSessionToken with %s for %s", s.MFASerial, s.SessionDuration))
		}
	case SourceProcess:
		field(&b, "  ", "command", s.CredentialProcess)
	case SourceSSO:
		field(&b, "  ", "sso session", s.SSOSession)
		field(&b, "  ", "start url", s.SSOStartURL)
		field(&b, "  ", "sso region", s.SSORegion)
		field(&b, "  ", "account", s.SSOAccountID)
		field(&b, "  ", "role name", s.SSORoleName)
	case SourceWebIdentity:
		field(&b, "  ", "token file", s.WebIdentityTokenFile)
		field(&b, "  ", "role", s.RoleARN)
		field(&b, "  ", "session name", s.RoleSessionName)
	}
	for i, h := range p.Hops {
		fmt.Fprintf(&b, "hop %d: profile %s\n", i+1, h.Profile)
		field(&b, "  ", "defined at", h.At.String())
		field(&b, "  ", "role", h.RoleARN)
		field(&b, "  ", "external id", h.ExternalID)
		field(&b, "  ", "mfa serial", h.MFASerial)
		field(&b, "  ", "mfa process", h.MFAProcess)
		field(&b, "  ", "session name", h.RoleSessionName)
		field(&b, "  ", "source identity", h.SourceIdentity)
		d := h.Duration.String()
		switch {
		case h.CapReason != "":
			d += fmt.Sprintf(" (asked %s; %s)", h.Asked, h.CapReason)
		case h.Asked == 0:
			d += " (STS default)"
		}
		if h.Chained {
			d += ", chained"
		}
		field(&b, "  ", "duration", d)
	}
	if len(p.Hops) == 0 {
		b.WriteString("hops: none (the source credentials are used as they are)\n")
	}
	region := p.Region
	if region == "" {
		region = "(not set)"
	}
	field(&b, "", "region", region)
	ep := p.STSEndpoint
	if ep == "" {
		ep = "(SDK default)"
	}
	field(&b, "", "sts endpoint", ep)
	for _, n := range p.Notices {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// field writes "label: value", skipping empty values; values are kept on one
// line so a hostile config cannot forge extra plan lines.
func field(b *strings.Builder, indent, label, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(b, "%s%-18s%s\n", indent, label+":", oneLine(value))
}
