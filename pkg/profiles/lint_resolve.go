package profiles

import (
	"fmt"
	"sort"
	"strings"
)

// valueChecks are the per-key STS shape checks Resolve applies hop by hop.
// Lint runs them on every profile up front because Resolve stops at the
// first error, and a profile may have several.
var valueChecks = [...]struct {
	key, code string
	check     func(string) string
}{
	{"role_arn", "invalid-role-arn", checkRoleARN},
	{"external_id", "invalid-external-id", checkExternalID},
	{"mfa_serial", "invalid-mfa-serial", checkMFASerial},
	{"role_session_name", "invalid-session-name", func(v string) string { return checkSessionName("role_session_name", v) }},
	{"source_identity", "invalid-source-identity", func(v string) string { return checkSessionName("source_identity", v) }},
}

// profiles resolves every profile and checks its values.
func (l *linter) profiles() {
	ropts := ResolveOptions{KeyringKeys: l.opts.KeyringKeys, DefaultSessionName: fallbackSessionName}
	names, err := l.c.names()
	if err != nil {
		l.add(Finding{Severity: SeverityError, Code: "read-error", Message: err.Error(), Fix: "run assume doctor again"})
		return
	}
	for _, name := range names {
		head, _ := l.c.index.head(l.c.sections, secProfile, name)
		p := l.c.parse(name, head)
		l.inlineComments(p)
		for _, vc := range valueChecks {
			if v, ok := p.Lookup(vc.key); ok && v.Text != "" && !inlineComment(v.Text) {
				if msg := vc.check(v.Text); msg != "" {
					l.add(Finding{Severity: SeverityError, Profile: name, At: v.At, Code: vc.code, Message: msg, Fix: "correct the value"})
				}
			}
		}
		plan, err := Resolve(l.c, name, ropts)
		if err != nil {
			l.configError(name, err)
			continue
		}
		l.chainCap(plan)
	}
}

// inlineComments reports every checked value of p holding " #" or " ;";
// Resolve stops at the first.
func (l *linter) inlineComments(p *Profile) {
	if !p.notes.comments {
		return
	}
	for _, keys := range [...][]string{walkKeys[:], askedKeys[:]} {
		for _, k := range keys {
			if v, ok := p.Keys[k]; ok && inlineComment(v.Text) {
				e := inlineCommentError(p.Name, k, v)
				l.add(Finding{Severity: SeverityError, Profile: p.Name, At: v.At, Code: "inline-comment", Message: e.Msg, Fix: e.Hint})
			}
		}
	}
}

// configError turns a Resolve failure into a finding with a stable code.
func (l *linter) configError(asked string, err error) {
	ce := asConfigError(err)
	rule := classify(ce.Msg)
	if rule.code == "no-credentials" && asked == "default" && ce.Profile == "default" {
		return // [default] holding only region/output is the usual setup with env credentials
	}
	f := Finding{Severity: rule.severity, Profile: ce.Profile, At: ce.At, Code: rule.code, Message: ce.Msg, Fix: ce.Hint}
	if f.Fix == "" {
		f.Fix = rule.fix
	}
	if f.At.File == "" && ce.Profile != "" {
		if head, ok := l.c.index.head(l.c.sections, secProfile, ce.Profile); ok {
			s := &l.c.sections[head]
			f.At = Location{File: l.c.files[s.file].name, Line: int(s.line)}
		}
	}
	if rule.code == "source-cycle" {
		// Resolving each member of a loop finds the same loop from its own
		// start; one finding per loop is enough.
		l.addKeyed("source-cycle\x00"+cycleMembers(ce.Msg), f)
		return
	}
	l.add(f)
}

// cycleMembers is the sorted member list of "source_profile cycle a -> b -> a".
func cycleMembers(msg string) string {
	names := strings.Split(strings.TrimPrefix(msg, "source_profile cycle "), " -> ")
	names = names[:len(names)-1] // the last repeats the first
	sort.Strings(names)
	return strings.Join(names, "\x00")
}

// chainCap reports the final hop when the 1-hour chaining cap cuts its
// duration_seconds. Only the final hop: every other hop of the plan is the
// final hop of its own profile's plan, with the same source and position,
// and is reported there.
func (l *linter) chainCap(plan *Plan) {
	h := plan.Final()
	if h == nil || h.CapReason == "" {
		return
	}
	head, _ := l.c.index.head(l.c.sections, secProfile, h.Profile)
	p := l.c.parse(h.Profile, head)
	at := h.At
	if v, ok := p.Lookup("duration_seconds"); ok {
		at = v.At
	}
	var chain []string
	if plan.Source.Profile != plan.Hops[0].Profile {
		chain = append(chain, plan.Source.Profile)
	}
	for _, hop := range plan.Hops {
		chain = append(chain, hop.Profile)
	}
	n := len(plan.Hops)
	l.add(Finding{Severity: SeverityWarning, Profile: h.Profile, At: at, Code: "chain-cap",
		Message: fmt.Sprintf("duration_seconds asks %s, but hop %d of %s is a chained AssumeRole (%s) and STS allows those at most 1h, so assume requests 1h",
			h.Asked, n, strings.Join(chain, " -> "), chainedBecause(plan)),
		Fix: "set duration_seconds to 3600 or less, or remove it: only a hop signed with long-term keys may last longer"})
}

// chainedBecause says why the final hop's caller holds temporary credentials.
func chainedBecause(plan *Plan) string {
	src := plan.Source
	switch {
	case len(plan.Hops) > 1:
		return "the hop before it returns temporary credentials"
	case src.MFASerial != "":
		return fmt.Sprintf("source profile %s first gets an MFA session from GetSessionToken", quote(src.Profile))
	case src.Kind == SourceStatic:
		return fmt.Sprintf("source profile %s holds temporary keys (aws_session_token)", quote(src.Profile))
	}
	return fmt.Sprintf("its %s source gives temporary credentials", src.Kind)
}

// errorRule gives a Resolve message its code, severity and default fix.
type errorRule struct {
	prefix, contains string
	code             string
	severity         Severity
	fix              string
}

// errorRules match ConfigError messages from resolve.go, hops.go and
// endpoint.go, most specific first. lint_resolve_test.go produces each one,
// so a reworded message fails a test rather than silently becoming
// "invalid-profile".
var errorRules = [...]errorRule{
	{"", "inline comments are not comments", "inline-comment", SeverityError, "move the comment to a line of its own"},
	{`line has no "="`, "", "malformed-line", SeverityError, "write key = value"},
	{"partial credentials", "", "incomplete-keys", SeverityError, "set both aws_access_key_id and aws_secret_access_key in the same section"},
	{"source_profile cycle", "", "source-cycle", SeverityError, "remove one source_profile"},
	{"source_profile names the profile itself", "", "self-source", SeverityError, "add static keys to it or point source_profile at another profile"},
	{"source_profile ", " is not in ", "missing-source", SeverityError, "add that profile or fix the name"},
	{"both source_profile and credential_source", "", "source-conflict", SeverityError, "keep only one of them"},
	{"both web_identity_token_file and", "", "source-conflict", SeverityError, "keep only one way to sign the role"},
	{"credential_source ", "is not supported", "invalid-credential-source", SeverityError, "use Environment, Ec2InstanceMetadata or EcsContainer"},
	{"role_arn is set but nothing signs", "", "no-source", SeverityError, "add source_profile, credential_source or web_identity_token_file"},
	{"profile has no credentials", "", "no-credentials", SeverityWarning, "add credentials or remove the profile"},
	{"", " is set but role_arn is missing", "missing-role-arn", SeverityError, "add the role_arn to assume"},
	{"role_arn ", "", "invalid-role-arn", SeverityError, "correct the value"},
	{"external_id ", "", "invalid-external-id", SeverityError, "correct the value"},
	{"mfa_serial ", "", "invalid-mfa-serial", SeverityError, "correct the value"},
	{"role_session_name ", "", "invalid-session-name", SeverityError, "correct the value"},
	{"source_identity ", "", "invalid-source-identity", SeverityError, "correct the value"},
	{"duration_seconds ", "", "invalid-duration", SeverityError, "use whole seconds within the range"},
	{"sso_session ", "has no [sso-session", "missing-sso-session", SeverityError, "add the [sso-session] section"},
	{"[sso-session ", " has no ", "incomplete-sso-session", SeverityError, "add the missing key to the [sso-session] section"},
	{"", " in [sso-session ", "sso-conflict", SeverityError, "remove the key from the profile"},
	{"sso profile has no ", "", "incomplete-sso", SeverityError, "set sso_session (or sso_start_url and sso_region), sso_account_id and sso_role_name"},
	{"services ", "has no [services", "missing-services", SeverityError, "add the [services] section or remove the services key"},
}

func classify(msg string) errorRule {
	for _, r := range errorRules {
		if strings.HasPrefix(msg, r.prefix) && strings.Contains(msg, r.contains) {
			return r
		}
	}
	return errorRule{code: "invalid-profile", severity: SeverityError}
}
