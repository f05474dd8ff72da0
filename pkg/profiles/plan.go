package profiles

import (
	"fmt"
	"strings"
	"time"
)

// SourceKind names where the first credentials of a Plan come from.
type SourceKind string

const (
	SourceStatic      SourceKind = "static"       // aws_access_key_id / aws_secret_access_key in a file
	SourceEnvironment SourceKind = "environment"  // credential_source = Environment
	SourceProcess     SourceKind = "process"      // credential_process
	SourceEC2         SourceKind = "ec2-metadata" // credential_source = Ec2InstanceMetadata
	SourceECS         SourceKind = "ecs-container"
	SourceSSO         SourceKind = "sso"
	SourceWebIdentity SourceKind = "web-identity"
)

// Location points at the line of a config file that defines something, so
// errors and `assume plan` can send the user to it.
type Location struct {
	File string
	Line int // 1-based line of the section header or key; 0 when unknown
}

// Source is the start of a Plan: the credentials the first hop is signed with.
// It holds secrets only for SourceStatic; String() never prints them.
type Source struct {
	Kind    SourceKind
	Profile string // profile the source is defined in
	At      Location

	// SourceStatic
	AccessKeyID     string `json:"-"`
	SecretAccessKey string `json:"-"`
	SessionToken    string `json:"-"` // set for static temporary credentials
	// FromKeyring: the keys are stored in the keyring (assume keys add);
	// only AccessKeyID is known at plan time.
	FromKeyring bool `json:",omitempty"`

	// SourceProcess
	CredentialProcess string

	// SourceSSO (sso_session or legacy sso_start_url keys)
	SSOSession   string
	SSOStartURL  string
	SSORegion    string
	SSOAccountID string
	SSORoleName  string

	// SourceWebIdentity: AssumeRoleWithWebIdentity for RoleARN
	WebIdentityTokenFile string
	RoleARN              string
	RoleSessionName      string

	// MFASerial on a long-term-key source means: first call GetSessionToken
	// with an MFA code, then sign every hop with that session (which makes the
	// first hop chained, so it is capped at one hour).
	MFASerial string
	// MFAProcess is the profile's mfa_process: a command whose stdout is the code.
	MFAProcess string
	// SessionDuration is the GetSessionToken duration when MFASerial is set.
	SessionDuration time.Duration
}

// Temporary reports whether the source's credentials are known at plan time to
// be temporary, making the first hop a chained call. A credential_process or
// environment source is decided again at run time from the session token.
func (s Source) Temporary() bool {
	switch s.Kind {
	case SourceStatic:
		return s.SessionToken != "" || s.MFASerial != ""
	case SourceSSO, SourceWebIdentity, SourceEC2, SourceECS:
		return true
	}
	return false
}

// String describes the source for humans and logs. It never prints the secret
// key or session token; the access key id is the most it shows.
func (s Source) String() string {
	var b strings.Builder
	switch s.Kind {
	case SourceStatic:
		b.WriteString("static keys")
		if s.AccessKeyID != "" {
			fmt.Fprintf(&b, " %s", s.AccessKeyID)
		}
		if s.SessionToken != "" {
			b.WriteString(" (temporary, with session token)")
		}
	case SourceProcess:
		fmt.Fprintf(&b, "credential_process %q", s.CredentialProcess)
	case SourceSSO:
		if s.SSOSession != "" {
			fmt.Fprintf(&b, "sso session %q", s.SSOSession)
		} else {
			b.WriteString("sso")
		}
		fmt.Fprintf(&b, " %s (%s) account %s role %s", s.SSOStartURL, s.SSORegion, s.SSOAccountID, s.SSORoleName)
	case SourceWebIdentity:
		fmt.Fprintf(&b, "web identity token %s for %s", s.WebIdentityTokenFile, s.RoleARN)
	case SourceEnvironment:
		b.WriteString("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
	case SourceEC2:
		b.WriteString("EC2 instance metadata")
	case SourceECS:
		b.WriteString("ECS container credentials")
	default:
		fmt.Fprintf(&b, "%s", string(s.Kind))
	}
	if s.Profile != "" {
		fmt.Fprintf(&b, " from profile %q", s.Profile)
	}
	if at := s.At.String(); at != "" {
		fmt.Fprintf(&b, " (%s)", at)
	}
	if s.MFASerial != "" {
		fmt.Fprintf(&b, ", GetSessionToken with MFA %s for %s", s.MFASerial, s.SessionDuration)
	}
	return b.String()
}

// String renders file:line, or just the file when the line is unknown.
func (l Location) String() string {
	switch {
	case l.File == "":
		return ""
	case l.Line <= 0:
		return l.File
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// Hop is one sts:AssumeRole call, signed with the previous step's credentials.
type Hop struct {
	Profile         string
	At              Location
	RoleARN         string
	ExternalID      string
	MFASerial       string
	MFAProcess      string // mfa_process of this hop's profile
	RoleSessionName string
	SourceIdentity  string
	// Asked is what the config or --duration asked for (0: nothing asked).
	Asked time.Duration
	// Duration is what will be requested from STS.
	Duration time.Duration
	// CapReason is non-empty when Duration < Asked, saying why.
	CapReason string
	// Chained is true when the caller of this hop holds temporary credentials.
	Chained bool
}

// Plan is the fully resolved, validated recipe for a profile's credentials:
// plain data, printed by `assume plan` and compared by tests.
type Plan struct {
	Profile string // the profile asked for
	Source  Source
	Hops    []Hop
	Region  string // region for STS calls and for export; may be empty
	// STSEndpoint is the configured STS endpoint URL, empty for the SDK default.
	STSEndpoint string
	// STSEndpointFrom names the setting that configured STSEndpoint (a
	// variable, or a key at file:line), for errors that point there.
	STSEndpointFrom string
	// Notices are human remarks for stderr (e.g. duration caps).
	Notices []string
}

// Final returns the last hop, or nil when the plan only exports its source.
func (p *Plan) Final() *Hop {
	if len(p.Hops) == 0 {
		return nil
	}
	return &p.Hops[len(p.Hops)-1]
}

// MaxChainedDuration is STS's cap for role chaining: a caller holding
// temporary credentials cannot ask for more than one hour.
const MaxChainedDuration = time.Hour

// CapDuration applies the chaining cap to a requested duration. It returns
// what to request and, when that is less than asked, the reason.
func CapDuration(asked time.Duration, callerTemporary bool) (time.Duration, string) {
	if callerTemporary && asked > MaxChainedDuration {
		return MaxChainedDuration, "role chaining: a caller holding temporary credentials may request at most 1h"
	}
	return asked, ""
}
