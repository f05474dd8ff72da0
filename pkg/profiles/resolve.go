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
	// NoMFASession turns the MFA session off (mfa-session: false): a role
	// hop with mfa_serial then sends a code on its own call, as botocore
	// does, instead of being signed by one GetSessionToken session.
	NoMFASession bool
	// MFASessionDuration is the MFA session's length (mfa-session-duration);
	// 0: the source profile's duration_seconds, else 12h.
	MFASessionDuration time.Duration
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
	if err := c.checkWritten(asked, walkKeys[:], askedKeys[:]); err != nil {
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
	if plan.STSEndpoint, plan.STSEndpointFrom, err = r.stsEndpoint(asked); err != nil {
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
		if !r.assumesRole(p, p == asked) {
			src, err := r.profileSource(p)
			return roles, src, p, err
		}
		if err := checkSourceKeys(p); err != nil {
			return nil, Source{}, nil, err
		}
		roles = append(roles, p)
		sp, hasSP := p.Lookup("source_profile")
		switch {
		case p.has("credential_source"):
			return roles, credentialSource(p), p, nil
		case hasSP && sp.Text == p.Name:
			if !r.anyStatic(p) {
				return nil, Source{}, nil, &ConfigError{Profile: p.Name, At: sp.At,
					Msg:  "source_profile names the profile itself but it has no aws_access_key_id/aws_secret_access_key",
					Hint: "add static keys to it or point source_profile at another profile"}
			}
			src, err := r.profileSource(p)
			return roles, src, p, err
		case sp.Text != "":
			head, ok := r.c.index.head(r.c.sections, secProfile, sp.Text)
			if !ok {
				return nil, Source{}, nil, r.missingSource(p, sp)
			}
			p = r.c.parse(sp.Text, head)
			if err := r.c.checkWritten(p, walkKeys[:]); err != nil {
				return nil, Source{}, nil, err
			}
		default:
			role, _ := p.Lookup("role_arn")
			return nil, Source{}, nil, &ConfigError{Profile: p.Name, At: role.At,
				Msg:  "role_arn is set but nothing signs the AssumeRole call",
				Hint: "add source_profile, credential_source or web_identity_token_file"}
		}
	}
}

// assumesRole follows botocore's AssumeRoleProvider: a profile with
// role_arn and no web_identity_token_file is a role hop, except that a
// source profile with static keys is read for its keys instead (its own
// role_arn is then ignored; the Go SDK would assume it).
func (r *resolver) assumesRole(p *Profile, asked bool) bool {
	return p.has("role_arn") && !p.has("web_identity_token_file") && (asked || !r.anyStatic(p))
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
