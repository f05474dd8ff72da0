package sso

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// DeviceCode is what a person needs to approve a device sign-in.
type DeviceCode struct {
	URL         string // where to go
	Code        string // the code to confirm there
	CompleteURL string // the same page with the code filled in
	Expires     time.Time
}

// Polling, as RFC 8628 sets it: every interval (5 s unless the service
// says), 5 s more after each slow_down.
const (
	defaultPollInterval = 5 * time.Second
	slowDownStep        = 5 * time.Second
)

// LoginDevice signs the session in with the device authorization grant:
// show tells the person where to go and which code to confirm, then the
// token endpoint is polled until the code is approved, refused or expires.
// The token is cached and returned.
func (s *Service) LoginDevice(ctx context.Context, show func(DeviceCode)) (Token, error) {
	sess := s.cfg.Session
	reg, err := s.registration(ctx, false)
	if err != nil {
		return Token{}, err
	}
	cctx, cancel := s.call(ctx)
	start := s.debugNow()
	auth, err := s.oidc.StartDeviceAuthorization(cctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		StartUrl:     aws.String(sess.StartURL),
	})
	cancel()
	s.logCall("StartDeviceAuthorization", start, err)
	if err != nil {
		return Token{}, s.oidcError("starting a device sign-in", err)
	}
	s.secret(aws.ToString(auth.DeviceCode))
	interval := time.Duration(auth.Interval) * time.Second
	if interval <= 0 {
		interval = defaultPollInterval
	}
	life := time.Duration(auth.ExpiresIn) * time.Second
	if life <= 0 || life > s.cfg.LoginTimeout {
		life = s.cfg.LoginTimeout
	}
	code := DeviceCode{URL: aws.ToString(auth.VerificationUri), Code: aws.ToString(auth.UserCode),
		CompleteURL: aws.ToString(auth.VerificationUriComplete), Expires: s.now().Add(life)}
	show(code)
	wait, cancelWait := context.WithTimeout(ctx, life)
	defer cancelWait()
	for {
		select {
		case <-wait.Done():
			if ctx.Err() != nil {
				return Token{}, fmt.Errorf("%s: sign-in cancelled", sess)
			}
			return Token{}, fmt.Errorf("%s: the code %s was not approved within %s; run `%s --no-browser` again", sess, code.Code, life.Round(time.Second), sess.LoginCommand())
		case <-time.After(interval):
		}
		cctx, cancel := s.call(ctx)
		start := s.debugNow()
		out, err := s.oidc.CreateToken(cctx, &ssooidc.CreateTokenInput{
			ClientId:     aws.String(reg.ClientID),
			ClientSecret: aws.String(reg.ClientSecret),
			GrantType:    aws.String(grantDevice),
			DeviceCode:   auth.DeviceCode,
		})
		cancel()
		switch apiCode(err) {
		case "AuthorizationPendingException":
			continue
		case "SlowDownException":
			interval += slowDownStep
			s.logCall(fmt.Sprintf("CreateToken (device grant): slow down, polling every %s", interval), start, nil)
			continue
		}
		s.logCall("CreateToken (device grant)", start, err)
		switch {
		case err == nil:
			return s.store(ctx, reg, out)
		case apiCode(err) == "ExpiredTokenException":
			return Token{}, fmt.Errorf("%s: the code %s expired before it was approved; run `%s --no-browser` again", sess, code.Code, sess.LoginCommand())
		case apiCode(err) == "AccessDeniedException":
			return Token{}, fmt.Errorf("%s: the sign-in was refused in the browser (%s)", sess, describe(err))
		case errors.Is(err, context.Canceled) && ctx.Err() != nil:
			return Token{}, fmt.Errorf("%s: sign-in cancelled", sess)
		}
		return Token{}, s.oidcError("waiting for the device sign-in", err)
	}
}

// store caches a new sign-in with its registration, as the CLI does, and
// returns it. It takes the lock so a renewal in flight cannot overwrite it.
func (s *Service) store(ctx context.Context, reg registration, out *ssooidc.CreateTokenOutput) (Token, error) {
	s.secret(aws.ToString(out.AccessToken), aws.ToString(out.RefreshToken))
	t := Token{
		StartURL:              s.cfg.Session.StartURL,
		Region:                s.cfg.Session.Region,
		AccessToken:           aws.ToString(out.AccessToken),
		ExpiresAt:             at(s.now().Add(time.Duration(out.ExpiresIn) * time.Second)),
		ClientID:              reg.ClientID,
		ClientSecret:          reg.ClientSecret,
		RegistrationExpiresAt: reg.ExpiresAt,
		RefreshToken:          aws.ToString(out.RefreshToken),
	}
	if t.AccessToken == "" {
		return Token{}, fmt.Errorf("%s: SSO OIDC answered without an access token", s.cfg.Session)
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return Token{}, err
	}
	defer unlock()
	if err := writeJSON(s.tokenPath(), t); err != nil {
		return Token{}, fmt.Errorf("%s: %w", s.cfg.Session, err)
	}
	return t, nil
}
