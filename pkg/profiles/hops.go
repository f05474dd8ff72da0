package profiles

import (
	"fmt"
	"time"
)

// buildHops turns the role profiles (asked one first) into Hops ordered from
// the source outward, then applies the GetSessionToken and chaining rules.
func (r *resolver) buildHops(plan *Plan, roles []*Profile, srcProfile *Profile) error {
	n := len(roles)
	plan.Hops = make([]Hop, n)
	srcIsHop := false
	for j := 0; j < n; j++ {
		p := roles[n-1-j]
		srcIsHop = srcIsHop || p == srcProfile
		if err := r.hop(&plan.Hops[j], p, j == n-1); err != nil {
			return err
		}
	}
	src := &plan.Source
	if err := r.mfaSession(plan, srcProfile, srcIsHop); err != nil {
		return err
	}
	if src.MFASerial == "" && n == 0 && r.opts.Duration != 0 {
		r.notices = append(r.notices, fmt.Sprintf("profile %s: --duration is ignored, the profile assumes no role", quote(plan.Profile)))
	}
	temporary := src.Temporary() || src.Kind == SourceEnvironment && r.getenv("AWS_SESSION_TOKEN") != ""
	for j := range plan.Hops {
		h := &plan.Hops[j]
		h.Chained = j > 0 || temporary
		want := h.Asked
		if want == 0 {
			want = DefaultDuration
		}
		h.Duration, h.CapReason = CapDuration(want, h.Chained)
		if h.CapReason != "" && j == 0 && src.MFASerial != "" {
			h.CapReason = fmt.Sprintf("role chaining: the call is signed by the MFA session of %s, and a caller holding temporary credentials may request at most 1h; the session is renewed without a new code (mfa-session: false gives %s sessions, with a code each)",
				src.MFASerial, want)
		}
		if h.CapReason != "" {
			r.notices = append(r.notices, fmt.Sprintf("profile %s: asked %s, requesting %s: %s", quote(h.Profile), h.Asked, h.Duration, h.CapReason))
		}
	}
	return nil
}

// hop validates one role profile's own settings into h.
func (r *resolver) hop(h *Hop, p *Profile, final bool) error {
	role, _ := p.Lookup("role_arn")
	if msg := checkRoleARN(role.Text); msg != "" {
		return &ConfigError{Profile: p.Name, At: role.At, Msg: msg}
	}
	*h = Hop{Profile: p.Name, At: role.At, RoleARN: role.Text}
	h.MFAProcess, _ = p.Get("mfa_process")
	checks := []struct {
		key   string
		dst   *string
		check func(string) string
	}{
		{"external_id", &h.ExternalID, checkExternalID},
		{"mfa_serial", &h.MFASerial, checkMFASerial},
		{"source_identity", &h.SourceIdentity, func(v string) string { return checkSessionName("source_identity", v) }},
	}
	for _, c := range checks {
		v, ok := p.Lookup(c.key)
		if !ok || v.Text == "" {
			continue
		}
		if msg := c.check(v.Text); msg != "" {
			return &ConfigError{Profile: p.Name, At: v.At, Msg: msg}
		}
		*c.dst = v.Text
	}
	var err error
	if h.RoleSessionName, err = r.sessionNameOf(p); err != nil {
		return err
	}
	if final && r.opts.Duration != 0 {
		if err := ValidateDuration(r.opts.Duration); err != nil {
			return &ConfigError{Profile: p.Name, Msg: "--duration: " + err.Error(), Err: err}
		}
		h.Asked = r.opts.Duration
		return nil
	}
	h.Asked, err = durationKey(p, MinDuration, MaxDuration)
	return err
}

// sessionDuration sets the GetSessionToken duration: --duration when the
// session is all the profile exports, else the source profile's own
// duration_seconds (unless that belongs to its role hop), else
// mfa-session-duration, else 12h.
func (r *resolver) sessionDuration(src *Source, p *Profile, srcIsHop, noHops bool) error {
	src.SessionDuration = DefaultSessionDuration
	if d := r.opts.MFASessionDuration; d != 0 {
		if d < MinDuration || d > MaxSessionTokenDuration {
			return checkMFASessionDuration(p, int64(d.Seconds()))
		}
		src.SessionDuration = d
	}
	if noHops && r.opts.Duration != 0 {
		d := r.opts.Duration
		if d < MinDuration || d > MaxSessionTokenDuration {
			return &ConfigError{Profile: p.Name, Msg: fmt.Sprintf("--duration %s is outside %s..%s for GetSessionToken", d, MinDuration, MaxSessionTokenDuration)}
		}
		src.SessionDuration = d
		return nil
	}
	if srcIsHop {
		return nil
	}
	d, err := durationKey(p, MinDuration, MaxSessionTokenDuration)
	if d != 0 {
		src.SessionDuration = d
	}
	return err
}

// durationKey reads duration_seconds within [lo, hi]; 0 when unset.
func durationKey(p *Profile, lo, hi time.Duration) (time.Duration, error) {
	v, ok := p.Lookup("duration_seconds")
	if !ok || v.Text == "" {
		return 0, nil
	}
	d, msg := parseSeconds(v.Text, lo, hi)
	if msg != "" {
		return 0, &ConfigError{Profile: p.Name, At: v.At, Msg: msg}
	}
	return d, nil
}
