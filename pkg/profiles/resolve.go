package profiles

import (
	"fmt"
	"strings"
	"time"
)

// ResolveOptions carries what the command line and environment add to the
// config files.
type ResolveOptions struct {
	Duration           time.Duration       // --duration: overrides duration_seconds of the FINAL hop only; 0 = config/default
	Region             string              // --region, wins over everything
	Getenv             func(string) string // nil = no environment
	DefaultSessionName string              // caller passes user@host; Resolve sanitizes it
	// KeyringKeys maps profile names to the access key id of long-term keys
	// stored in the keyring; such a profile is a static source.
	KeyringKeys map[string]string
}

// resolver holds one Resolve call's inputs; it exists so the steps can be
// small functions instead of one long one.
type resolver struct {
	c           *Config
	getenv      func(string) string
	opts        ResolveOptions
	sessionName string
	notices     []string
}

// Resolve turns a profile into a validated Plan: the source credentials and
// the AssumeRole hops from the source outward, each with its own settings.
// It does no I/O beyond the loaded Config, and walks source_profile chains
// iteratively so any depth is bounded by the number of profiles.
func Resolve(c *Config, name string, opts ResolveOptions) (plan *Plan, err error) {
	defer c.catchFault(&err)()
	r := &resolver{c: c, getenv: opts.Getenv, opts: opts, sessionName: sanitizeSessionName(opts.DefaultSessionName)}
	if r.getenv == nil {
		r.getenv = noEnv
	}
	asked, err := c.Profile(name)
	if err != nil {
		return nil, err
	}
	roles, src, srcProfile, err := r.walk(asked)
	if err != nil {
		return nil, err
	}
	plan = &Plan{Profile: name, Source: src}
	if err := r.buildHops(plan, roles, srcProfile); err != nil {
		return nil, err
	}
	plan.Region = r.region(asked)
	if plan.STSEndpoint, err = r.stsEndpoint(asked); err != nil {
		return nil, err
	}
	plan.Notices = r.notices
	return plan, nil
}

// walk follows source_profile from the asked profile. It returns the role
// profiles from the asked one outward, the source, and the profile the
// source came from.
func (r *resolver) walk(asked *Profile) ([]*Profile, Source, *Profile, error) {
	var roles []*Profile
	seen := map[string]int{}
	var path []*Profile
	for p := asked; ; {
		if i, ok := seen[p.Name]; ok {
			return nil, Source{}, nil, cycleError(path[i:], p)
		}
		seen[p.Name] = len(path)
		path = append(path, p)
		// A source profile with static keys ends the walk; its role_arn is
		// not assumed (botocore and the Go SDK agree).
		if p != asked && r.hasStatic(p) {
			src, err := r.staticSource(p)
			return roles, src, p, err
		}
		if err := checkSourceKeys(p); err != nil {
			return nil, Source{}, nil, err
		}
		if !p.has("role_arn") {
			src, err := r.ownSource(p)
			return roles, src, p, err
		}
		if p.has("web_identity_token_file") {
			src, err := r.webIdentitySource(p)
			return roles, src, p, err
		}
		roles = append(roles, p)
		sp, hasSP := p.Lookup("source_profile")
		switch {
		case p.has("credential_source"):
			return roles, credentialSource(p), p, nil
		case hasSP && sp.Text == p.Name:
			if !r.hasStatic(p) {
				return nil, Source{}, nil, &ConfigError{Profile: p.Name, At: sp.At,
					Msg:  "source_profile names the profile itself but it has no aws_access_key_id/aws_secret_access_key",
					Hint: "add static keys to it or point source_profile at another profile"}
			}
			src, err := r.staticSource(p)
			return roles, src, p, err
		case sp.Text != "":
			head, ok := r.c.index.head(r.c.sections, secProfile, sp.Text)
			if !ok {
				return nil, Source{}, nil, r.missingSource(p, sp)
			}
			p = r.c.parse(sp.Text, head)
		default:
			role, _ := p.Lookup("role_arn")
			return nil, Source{}, nil, &ConfigError{Profile: p.Name, At: role.At,
				Msg:  "role_arn is set but nothing signs the AssumeRole call",
				Hint: "add source_profile, credential_source or web_identity_token_file"}
		}
	}
}

func cycleError(loop []*Profile, back *Profile) error {
	names := make([]string, 0, len(loop)+1)
	for _, p := range loop {
		names = append(names, p.Name)
	}
	names = append(names, back.Name)
	// A generated config can loop through thousands of profiles; the
	// error stays one readable line naming both ends of the loop.
	const keep = 5
	if len(names) > 2*keep+1 {
		elided := fmt.Sprintf("... (%d more) ...", len(names)-2*keep)
		names = append(append(names[:keep:keep], elided), names[len(names)-keep:]...)
	}
	sp, _ := loop[0].Lookup("source_profile")
	return &ConfigError{Profile: loop[0].Name, At: sp.At,
		Msg:  "source_profile cycle " + strings.Join(names, " -> "),
		Hint: "remove one source_profile"}
}

func (r *resolver) missingSource(p *Profile, sp Value) error {
	f := r.c.Files()
	e := &ConfigError{Profile: p.Name, At: sp.At,
		Msg:  fmt.Sprintf("source_profile %s is not in %s or %s", quote(sp.Text), f.Config, f.Credentials),
		Hint: "add that profile or fix the name"}
	if near := suggest(sp.Text, r.c.Names(), 3); len(near) > 0 {
		e.Hint = "did you mean " + strings.Join(near, ", ") + "?"
	}
	return e
}

// checkSourceKeys rejects ambiguous or misspelt ways of naming a source.
func checkSourceKeys(p *Profile) error {
	cs, hasCS := p.Lookup("credential_source")
	if hasCS && cs.Text != "" && p.has("source_profile") {
		return &ConfigError{Profile: p.Name, At: cs.At,
			Msg:  "both source_profile and credential_source are set",
			Hint: "keep only one of them"}
	}
	if hasCS && cs.Text != "" {
		switch cs.Text {
		case "Environment", "Ec2InstanceMetadata", "EcsContainer":
		default:
			return &ConfigError{Profile: p.Name, At: cs.At,
				Msg:  fmt.Sprintf("credential_source %q is not supported", cs.Text),
				Hint: "use Environment, Ec2InstanceMetadata or EcsContainer"}
		}
	}
	return nil
}

func hasStatic(p *Profile) bool {
	return p.has("aws_access_key_id") && p.has("aws_secret_access_key")
}

func isSSO(p *Profile) bool {
	return p.has("sso_session") || p.has("sso_start_url") || p.has("sso_account_id") || p.has("sso_role_name")
}

// ownSource is the source of a profile without role_arn: what it exports.
// Order when several are set follows botocore's profile providers: SSO, then
// static keys, then credential_process.
func (r *resolver) ownSource(p *Profile) (Source, error) {
	var kinds []string
	if isSSO(p) {
		kinds = append(kinds, "sso")
	}
	if r.hasStatic(p) {
		kinds = append(kinds, "static keys")
	}
	if p.has("credential_process") {
		kinds = append(kinds, "credential_process")
	}
	if len(kinds) > 1 {
		r.notices = append(r.notices, fmt.Sprintf("profile %s: sets %s; using %s", quote(p.Name), strings.Join(kinds, " and "), kinds[0]))
	}
	switch {
	case isSSO(p):
		return r.ssoSource(p)
	case r.hasStatic(p):
		return r.staticSource(p)
	case p.has("credential_process"):
		v, _ := p.Lookup("credential_process")
		return Source{Kind: SourceProcess, Profile: p.Name, At: v.At, CredentialProcess: v.Text}, nil
	}
	e := &ConfigError{Profile: p.Name, At: p.At, Msg: "profile has no credentials",
		Hint: "add role_arn with source_profile, aws_access_key_id and aws_secret_access_key, credential_process, or sso_session"}
	for _, k := range []string{"aws_access_key_id", "aws_secret_access_key"} {
		if v, ok := p.Lookup(k); ok && v.Text != "" {
			e.At, e.Msg, e.Hint = v.At, k+" is set without its pair", "set both aws_access_key_id and aws_secret_access_key"
		}
	}
	for _, k := range []string{"source_profile", "credential_source", "web_identity_token_file"} {
		if v, ok := p.Lookup(k); ok && v.Text != "" {
			e.At, e.Msg, e.Hint = v.At, k+" is set but role_arn is missing", "add the role_arn to assume"
		}
	}
	return Source{}, e
}

// hasStatic reports long-term keys in the files or, failing that, in the
// keyring (`assume keys add`).
func (r *resolver) hasStatic(p *Profile) bool {
	return hasStatic(p) || r.opts.KeyringKeys[p.Name] != ""
}

func (r *resolver) staticSource(p *Profile) (Source, error) {
	id, _ := p.Lookup("aws_access_key_id")
	secret, _ := p.Get("aws_secret_access_key")
	token, _ := p.Get("aws_session_token")
	src := Source{Kind: SourceStatic, Profile: p.Name, At: id.At,
		AccessKeyID: id.Text, SecretAccessKey: secret, SessionToken: token}
	if !hasStatic(p) {
		// Keys kept in the keyring: the secret is read only when needed.
		src.AccessKeyID, src.FromKeyring, src.At = r.opts.KeyringKeys[p.Name], true, Location{File: "keyring"}
	}
	if mfa, ok := p.Lookup("mfa_serial"); ok && mfa.Text != "" && token == "" {
		if msg := checkMFASerial(mfa.Text); msg != "" {
			return Source{}, &ConfigError{Profile: p.Name, At: mfa.At, Msg: msg}
		}
		src.MFASerial = mfa.Text
		src.MFAProcess, _ = p.Get("mfa_process")
	}
	return src, nil
}

func credentialSource(p *Profile) Source {
	cs, _ := p.Lookup("credential_source")
	kind := map[string]SourceKind{"Environment": SourceEnvironment, "Ec2InstanceMetadata": SourceEC2, "EcsContainer": SourceECS}[cs.Text]
	return Source{Kind: kind, Profile: p.Name, At: cs.At}
}

func (r *resolver) webIdentitySource(p *Profile) (Source, error) {
	tok, _ := p.Lookup("web_identity_token_file")
	for _, k := range []string{"source_profile", "credential_source"} {
		if v, ok := p.Lookup(k); ok && v.Text != "" {
			return Source{}, &ConfigError{Profile: p.Name, At: v.At,
				Msg:  "both web_identity_token_file and " + k + " are set",
				Hint: "keep only one way to sign the role"}
		}
	}
	role, _ := p.Lookup("role_arn")
	if msg := checkRoleARN(role.Text); msg != "" {
		return Source{}, &ConfigError{Profile: p.Name, At: role.At, Msg: msg}
	}
	session, err := r.sessionNameOf(p)
	if err != nil {
		return Source{}, err
	}
	return Source{Kind: SourceWebIdentity, Profile: p.Name, At: tok.At,
		WebIdentityTokenFile: tok.Text, RoleARN: role.Text, RoleSessionName: session}, nil
}

// ssoSource reads sso_session (with its [sso-session] section) or the legacy
// sso_start_url/sso_region keys, plus the account and role.
func (r *resolver) ssoSource(p *Profile) (Source, error) {
	src := Source{Kind: SourceSSO, Profile: p.Name, At: p.At}
	url, _ := p.Lookup("sso_start_url")
	region, _ := p.Lookup("sso_region")
	if sess, ok := p.Lookup("sso_session"); ok && sess.Text != "" {
		src.SSOSession, src.At = sess.Text, sess.At
		s := r.c.ssoSession(sess.Text)
		if s == nil {
			return Source{}, &ConfigError{Profile: p.Name, At: sess.At,
				Msg:  fmt.Sprintf("sso_session %q has no [sso-session %s] section in %s", sess.Text, sess.Text, r.c.files[fileConfig].name),
				Hint: "add the section with sso_start_url and sso_region"}
		}
		for _, kv := range []struct {
			key  string
			mine Value
		}{{"sso_start_url", url}, {"sso_region", region}} {
			theirs, _ := s.Get(kv.key)
			if theirs == "" {
				return Source{}, &ConfigError{Profile: p.Name, At: s.At,
					Msg:  fmt.Sprintf("[sso-session %s] has no %s", sess.Text, kv.key),
					Hint: "add " + kv.key + " to that section"}
			}
			if kv.mine.Text != "" && kv.mine.Text != theirs {
				return Source{}, &ConfigError{Profile: p.Name, At: kv.mine.At,
					Msg:  fmt.Sprintf("%s %q differs from %q in [sso-session %s]", kv.key, kv.mine.Text, theirs, sess.Text),
					Hint: "remove it from the profile"}
			}
		}
		src.SSOStartURL, _ = s.Get("sso_start_url")
		src.SSORegion, _ = s.Get("sso_region")
	} else {
		src.SSOStartURL, src.SSORegion = url.Text, region.Text
	}
	for _, k := range []struct {
		key string
		dst *string
	}{{"sso_start_url", &src.SSOStartURL}, {"sso_region", &src.SSORegion}, {"sso_account_id", &src.SSOAccountID}, {"sso_role_name", &src.SSORoleName}} {
		if *k.dst == "" {
			*k.dst, _ = p.Get(k.key)
		}
		if *k.dst == "" {
			return Source{}, &ConfigError{Profile: p.Name, At: p.At, Msg: "sso profile has no " + k.key,
				Hint: "set sso_session (or sso_start_url and sso_region), sso_account_id and sso_role_name"}
		}
	}
	return src, nil
}

// sessionNameOf is the profile's role_session_name, or the sanitized default.
func (r *resolver) sessionNameOf(p *Profile) (string, error) {
	v, ok := p.Lookup("role_session_name")
	if !ok || v.Text == "" {
		return r.sessionName, nil
	}
	if msg := checkSessionName("role_session_name", v.Text); msg != "" {
		return "", &ConfigError{Profile: p.Name, At: v.At, Msg: msg}
	}
	return v.Text, nil
}
