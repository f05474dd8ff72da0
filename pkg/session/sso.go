package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/sso"
)

// SSOLoginFunc signs a person in when a run found no usable sign-in:
// it asks first, and reports whether they signed in.
type SSOLoginFunc func(ctx context.Context, svc *sso.Service, why *sso.LoginRequiredError) (bool, error)

// SSO is IAM Identity Center for one sign-in, reached with profile's
// settings: the SSO OIDC and portal endpoints follow the SDKs'
// precedence for that profile ("" reads the environment only), the HTTP
// client is the STS client's (CA bundle, --debug), the token cache is
// the AWS CLI v2's.
func (s *Session) SSO(ctx context.Context, profile string, target sso.Session) (*sso.Service, error) {
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	h := s.deps.Host
	oidcEndpoint, err := cfg.ServiceEndpoint(profile, "SSO OIDC", h.Getenv)
	if err != nil {
		return nil, err
	}
	portalEndpoint, err := cfg.ServiceEndpoint(profile, "SSO", h.Getenv)
	if err != nil {
		return nil, err
	}
	client, err := s.sdkClient(ctx, s.clientOptions(target.Region, ""))
	if err != nil {
		return nil, err
	}
	if d := s.deps.Debug; d.On() {
		d.Printf("sso: %s, region %s, oidc endpoint %q, portal endpoint %q, token cache %s", target, target.Region, oidcEndpoint, portalEndpoint, h.SSOCacheDir())
	}
	return sso.New(sso.Config{
		Session:        target,
		OIDCEndpoint:   oidcEndpoint,
		PortalEndpoint: portalEndpoint,
		UseFIPS:        h.IsTrue("AWS_USE_FIPS_ENDPOINT"),
		UseDualStack:   h.IsTrue("AWS_USE_DUALSTACK_ENDPOINT"),
		HTTPClient:     client.Config().HTTPClient,
		CacheDir:       h.SSOCacheDir(),
		LockDir:        h.LockDir(),
		LockFallback:   h.CacheLockDir(),
		Timeout:        s.opts.Timeout,
		Now:            h.Now,
		Debug:          s.deps.Debug,
	}), nil
}

// SSOTarget is the sign-in an sso source uses: its [sso-session] in full
// (sso_registration_scopes included), or the legacy profile keys.
func (s *Session) SSOTarget(src profiles.Source) (sso.Session, error) {
	if src.SSOSession == "" {
		return sso.Session{StartURL: src.SSOStartURL, Region: src.SSORegion, At: src.At.String(), Profile: src.Profile}, nil
	}
	cfg, err := s.Config()
	if err != nil {
		return sso.Session{}, err
	}
	sec, err := cfg.SSOSession(src.SSOSession)
	if err != nil {
		return sso.Session{}, err
	}
	return SSOFromConfig(sec), nil
}

// SSOFromConfig is an [sso-session] section as pkg/sso takes it.
func SSOFromConfig(sec profiles.SSOSession) sso.Session {
	return sso.Session{Name: sec.Name, StartURL: sec.StartURL, Region: sec.Region, Scopes: sec.Scopes, At: sec.StartURLAt.String()}
}

// ssoRoleCredentials is the plan's SSO source: GetRoleCredentials with
// the session's sign-in, the endpoints those of the profile asked for
// (as the SDKs use one profile's settings for a whole chain).
func (s *Session) ssoRoleCredentials(plan *profiles.Plan) assume.SSORoleCredentials {
	return func(ctx context.Context, src profiles.Source) (creds.Credentials, error) {
		target, err := s.SSOTarget(src)
		if err != nil {
			return creds.Credentials{}, err
		}
		svc, err := s.SSO(ctx, plan.Profile, target)
		if err != nil {
			return creds.Credentials{}, err
		}
		return svc.RoleCredentials(ctx, src.SSOAccountID, src.SSORoleName)
	}
}

// afterSSOLogin handles a run that found no usable sign-in: a person at a
// terminal is offered to sign in, then the plan runs again; anyone else
// (credential_process, no terminal) gets one line saying what to run.
func (s *Session) afterSSOLogin(ctx context.Context, a *assume.Assumer, plan *profiles.Plan, runErr error) (creds.Credentials, error) {
	var need *sso.LoginRequiredError
	if !errors.As(runErr, &need) {
		return creds.Credentials{}, runErr
	}
	short := fmt.Errorf("profile %q: %w", plan.Profile, need)
	if s.deps.SSOLogin == nil || s.opts.ForSDK || s.deps.HasConsole == nil || !s.deps.HasConsole() {
		return creds.Credentials{}, short
	}
	target, err := s.SSOTarget(plan.Source)
	if err != nil {
		return creds.Credentials{}, err
	}
	svc, err := s.SSO(ctx, plan.Profile, target)
	if err != nil {
		return creds.Credentials{}, err
	}
	signedIn, err := s.deps.SSOLogin(ctx, svc, need)
	switch {
	case err != nil:
		return creds.Credentials{}, err
	case !signedIn:
		return creds.Credentials{}, short
	}
	return a.Run(ctx, plan)
}
