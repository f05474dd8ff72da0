package sso

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// OAuth grant types, as CreateToken and RegisterClient name them.
const (
	grantAuthCode = "authorization_code"
	grantRefresh  = "refresh_token"
	grantDevice   = "urn:ietf:params:oauth:grant-type:device_code"
)

// Cached returns the token in the cache as it is, without renewing it;
// a missing token is a *LoginRequiredError.
func (s *Service) Cached() (Token, error) {
	var t Token
	err := readJSON(s.tokenPath(), &t)
	switch {
	case notExist(err):
		return Token{}, &LoginRequiredError{Session: s.cfg.Session, Reason: "not signed in"}
	case err != nil:
		return Token{}, fmt.Errorf("%s: reading the sso token cache: %w", s.cfg.Session, err)
	case t.AccessToken == "" || t.ExpiresAt.IsZero():
		return Token{}, &LoginRequiredError{Session: s.cfg.Session, Reason: "the cached sign-in in " + s.tokenPath() + " is incomplete"}
	}
	return t, nil
}

// Token returns an access token with more than the expiry window left
// when it can: one that is nearer its end is renewed first with its
// refresh token, under the session's lock. A token that cannot be
// renewed is still returned while it is usable; after that, only a
// person can help (*LoginRequiredError).
func (s *Service) Token(ctx context.Context) (Token, error) {
	t, err := s.Cached()
	if err != nil || t.ExpiresAt.Sub(s.now()) > expiryWindow {
		return t, err
	}
	if !t.refreshable(s.now()) {
		return s.unrenewed(t, "cannot be renewed (no refresh token, or its registration expired)")
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return Token{}, err
	}
	defer unlock()
	// Another process may have renewed it while this one waited.
	if t, err = s.Cached(); err != nil || t.ExpiresAt.Sub(s.now()) > expiryWindow {
		return t, err
	}
	return s.renewLocked(ctx, t)
}

// ForceRenew renews the token even though it looks valid (the portal
// refused it: it was revoked or the clocks disagree).
func (s *Service) ForceRenew(ctx context.Context, refused Token) (Token, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return Token{}, err
	}
	defer unlock()
	t, err := s.Cached()
	if err != nil {
		return Token{}, err
	}
	if t.AccessToken != refused.AccessToken {
		return t, nil // renewed meanwhile
	}
	if !t.refreshable(s.now()) {
		return Token{}, &LoginRequiredError{Session: s.cfg.Session, Reason: "the portal refused the sign-in (expired or revoked)"}
	}
	t, err = s.renewLocked(ctx, t)
	if err != nil {
		return Token{}, err
	}
	if t.AccessToken == refused.AccessToken {
		return Token{}, &LoginRequiredError{Session: s.cfg.Session, Reason: "the portal refused the sign-in (expired or revoked)"}
	}
	return t, nil
}

// renewLocked calls CreateToken with the refresh-token grant and stores
// the result; the caller holds the lock. The service rotates refresh
// tokens: the new one replaces the old, which stops working.
func (s *Service) renewLocked(ctx context.Context, t Token) (Token, error) {
	cctx, cancel := s.call(ctx)
	start := s.debugNow()
	out, err := s.oidc.CreateToken(cctx, &ssooidc.CreateTokenInput{
		ClientId:     aws.String(t.ClientID),
		ClientSecret: aws.String(t.ClientSecret),
		GrantType:    aws.String(grantRefresh),
		RefreshToken: aws.String(t.RefreshToken),
	})
	cancel()
	s.logCall("CreateToken (refresh_token grant)", start, err)
	if err != nil {
		switch apiCode(err) {
		case "InvalidGrantException", "ExpiredTokenException", "InvalidClientException", "UnauthorizedClientException", "AccessDeniedException":
			// The session ended or was revoked, or botocore renewed and
			// rotated it without our lock: it may have left a new token.
			if again, rerr := s.Cached(); rerr == nil && again.RefreshToken != t.RefreshToken && again.ExpiresAt.Sub(s.now()) > usableMargin {
				return again, nil
			}
			return s.unrenewed(t, "the session has ended or was revoked ("+describe(err)+")")
		}
		if t.ExpiresAt.Sub(s.now()) > usableMargin {
			return t, nil // renewal failed for now; what is left still works
		}
		return Token{}, fmt.Errorf("%s: renewing the sign-in with SSO OIDC%s: %s", s.cfg.Session, s.oidcAt(), describe(err))
	}
	s.secret(aws.ToString(out.AccessToken), aws.ToString(out.RefreshToken))
	renewed := t
	renewed.AccessToken = aws.ToString(out.AccessToken)
	renewed.ExpiresAt = at(s.now().Add(time.Duration(out.ExpiresIn) * time.Second))
	if rt := aws.ToString(out.RefreshToken); rt != "" {
		renewed.RefreshToken = rt
	}
	if renewed.AccessToken == "" {
		return Token{}, fmt.Errorf("%s: SSO OIDC renewed the sign-in without an access token", s.cfg.Session)
	}
	if err := writeJSON(s.tokenPath(), renewed); err != nil {
		return Token{}, fmt.Errorf("%s: %w", s.cfg.Session, err)
	}
	return renewed, nil
}

// unrenewed returns t while it is usable, else the login-required error.
func (s *Service) unrenewed(t Token, why string) (Token, error) {
	if t.ExpiresAt.Sub(s.now()) > usableMargin {
		return t, nil
	}
	verb := "expires"
	if !s.now().Before(t.ExpiresAt.Time) {
		verb = "expired"
	}
	reason := fmt.Sprintf("the sign-in %s at %s and %s", verb, t.ExpiresAt.UTC().Format(time.RFC3339), why)
	return Token{}, &LoginRequiredError{Session: s.cfg.Session, Reason: reason}
}

// oidcAt names a configured OIDC endpoint in errors.
func (s *Service) oidcAt() string {
	if s.cfg.OIDCEndpoint == "" {
		return " in " + s.cfg.Session.Region
	}
	return " at " + s.cfg.OIDCEndpoint
}
