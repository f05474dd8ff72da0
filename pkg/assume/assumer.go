// Package assume executes a profiles.Plan: it obtains the source credentials,
// then calls STS once per hop, each call signed with the previous step's
// credentials.
package assume

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Assumer runs plans. Its fields are the dependencies, injected so tests can
// use a fake STS, a fixed clock and scripted MFA codes.
type Assumer struct {
	STS     STS
	Sources interface {
		Fetch(ctx context.Context, src profiles.Source) (creds.Credentials, error)
	}
	MFA MFASource
	// Timeout bounds each network call (not MFA prompts, which wait for a person).
	Timeout time.Duration
	Now     func() time.Time
	// Notices receives human remarks (duration caps decided at run time).
	Notices io.Writer
	// Endpoint names the STS endpoint in error messages.
	Endpoint string
}

// Run executes plan and returns the final credentials.
func (a *Assumer) Run(ctx context.Context, plan *profiles.Plan) (creds.Credentials, error) {
	cur, err := a.source(ctx, plan)
	if err != nil {
		return creds.Credentials{}, err
	}
	for i := range plan.Hops {
		cur, err = a.hop(ctx, plan, i, cur)
		if err != nil {
			return creds.Credentials{}, err
		}
	}
	if cur.Expired(a.now()) {
		return creds.Credentials{}, fmt.Errorf("profile %q: the credentials obtained expired at %s, before they could be used (local clock %s): check the system clock",
			plan.Profile, cur.Expires.UTC().Format(time.RFC3339), a.now().UTC().Format(time.RFC3339))
	}
	return cur, nil
}

func (a *Assumer) source(ctx context.Context, plan *profiles.Plan) (creds.Credentials, error) {
	src := plan.Source
	cctx, cancel := a.callContext(ctx)
	if src.Kind == profiles.SourceProcess {
		// credential_process has its own one-minute limit (as in the Go SDK)
		// because it may wait for a person, e.g. a browser login.
		cancel()
		cctx, cancel = context.WithCancel(ctx)
	}
	c, err := a.Sources.Fetch(cctx, src)
	cancel()
	if err != nil {
		return creds.Credentials{}, a.describe(err, fmt.Sprintf("profile %q: getting %s source credentials", src.Profile, src.Kind))
	}
	if src.MFASerial == "" {
		return c, nil
	}
	code, err := a.mfaCode(ctx, MFARequest{Profile: src.Profile, Serial: src.MFASerial, Process: src.MFAProcess})
	if err != nil {
		return creds.Credentials{}, err
	}
	cctx, cancel = a.callContext(ctx)
	defer cancel()
	sess, err := a.STS.GetSessionToken(cctx, c, SessionRequest{Duration: src.SessionDuration, SerialNumber: src.MFASerial, TokenCode: code})
	if err != nil {
		return creds.Credentials{}, a.describe(err, fmt.Sprintf("profile %q: sts GetSessionToken with MFA %s", src.Profile, src.MFASerial))
	}
	return sess, nil
}

func (a *Assumer) hop(ctx context.Context, plan *profiles.Plan, i int, caller creds.Credentials) (creds.Credentials, error) {
	h := plan.Hops[i]
	req := RoleRequest{
		RoleARN:         h.RoleARN,
		RoleSessionName: h.RoleSessionName,
		ExternalID:      h.ExternalID,
		Duration:        h.Duration,
		SerialNumber:    h.MFASerial,
		SourceIdentity:  h.SourceIdentity,
	}
	// A credential_process or environment source may turn out to hold
	// temporary credentials, which STS treats as chaining.
	if capped, why := profiles.CapDuration(req.Duration, caller.Temporary()); capped != req.Duration {
		fmt.Fprintf(a.notices(), "assume: profile %q: asked %s, requesting %s: %s\n", h.Profile, req.Duration, capped, why)
		req.Duration = capped
	}
	if h.MFASerial != "" {
		code, err := a.mfaCode(ctx, MFARequest{Profile: h.Profile, Serial: h.MFASerial, Process: h.MFAProcess})
		if err != nil {
			return creds.Credentials{}, err
		}
		req.TokenCode = code
	}
	cctx, cancel := a.callContext(ctx)
	defer cancel()
	out, err := a.STS.AssumeRole(cctx, caller, req)
	if err != nil {
		what := fmt.Sprintf("profile %q: hop %d/%d: sts AssumeRole %s", h.Profile, i+1, len(plan.Hops), h.RoleARN)
		return creds.Credentials{}, a.describe(err, what)
	}
	return out, nil
}

func (a *Assumer) mfaCode(ctx context.Context, req MFARequest) (string, error) {
	if a.MFA == nil {
		return "", fmt.Errorf("profile %q needs an MFA code for %s: pass --mfa-token CODE or set mfa_process", req.Profile, req.Serial)
	}
	code, err := a.MFA.Code(ctx, req)
	if err != nil {
		return "", err
	}
	if err := profiles.ValidateMFAToken(code); err != nil {
		return "", fmt.Errorf("profile %q: MFA code for %s: %w", req.Profile, req.Serial, err)
	}
	return code, nil
}

func (a *Assumer) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, a.Timeout)
}

func (a *Assumer) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

func (a *Assumer) notices() io.Writer {
	if a.Notices == nil {
		return io.Discard
	}
	return a.Notices
}
