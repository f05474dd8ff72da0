package sso

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// BrowserPrompt is what a browser sign-in shows the person.
type BrowserPrompt struct {
	// AuthorizeURL is the sign-in page, to print for a person to open.
	AuthorizeURL string
	// LocalURL redirects to AuthorizeURL: start the browser with it, so
	// the authorization URL is on no command line.
	LocalURL string
}

// LoginPKCE signs the session in with the authorization code grant and
// PKCE, redirecting the browser to a server on 127.0.0.1: show tells the
// person (and the browser) where to go; the sign-in then waits for the
// redirect, ctx's end or the login timeout. The token is cached and
// returned.
func (s *Service) LoginPKCE(ctx context.Context, show func(BrowserPrompt)) (Token, error) {
	sess := s.cfg.Session
	reg, err := s.registration(ctx, true)
	if err != nil {
		return Token{}, err
	}
	proof, err := newPKCE()
	if err != nil {
		return Token{}, err
	}
	state, err := randomState()
	if err != nil {
		return Token{}, err
	}
	s.secret(proof.verifier)
	base, err := s.authorizeBase(ctx)
	if err != nil {
		return Token{}, fmt.Errorf("%s: no SSO OIDC endpoint for region %s%s: %w", sess, sess.Region, sess.where(), err)
	}
	lb, err := listenLoopback()
	if err != nil {
		return Token{}, fmt.Errorf("%s: %w", sess, err)
	}
	defer lb.close()
	scopes := reg.Scopes
	if len(scopes) == 0 {
		scopes = []string{defaultScope}
	}
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {reg.ClientID},
		"redirect_uri":          {lb.redirectURI()},
		"state":                 {state},
		"code_challenge_method": {"S256"},
		"code_challenge":        {proof.challenge},
		"scopes":                {strings.Join(scopes, " ")},
	}
	authorize := strings.TrimRight(base, "/") + "/authorize?" + q.Encode()
	lb.serve(authorize, state)
	show(BrowserPrompt{AuthorizeURL: authorize, LocalURL: lb.localURL()})

	timer := time.NewTimer(s.cfg.LoginTimeout)
	defer timer.Stop()
	var cb callback
	select {
	case cb = <-lb.done:
	case <-ctx.Done():
		return Token{}, fmt.Errorf("%s: sign-in cancelled", sess)
	case <-timer.C:
		return Token{}, fmt.Errorf("%s: no sign-in within %s (was the browser closed?); run `%s` again, or add --no-browser for a device code",
			sess, s.cfg.LoginTimeout, sess.LoginCommand())
	}
	if cb.errMsg != "" {
		return Token{}, fmt.Errorf("%s: the sign-in was refused in the browser (%s)", sess, oneLine(cb.errMsg))
	}
	s.secret(cb.code)
	cctx, cancel := s.call(ctx)
	start := s.debugNow()
	out, err := s.oidc.CreateToken(cctx, &ssooidc.CreateTokenInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		GrantType:    aws.String(grantAuthCode),
		Code:         aws.String(cb.code),
		CodeVerifier: aws.String(proof.verifier),
		RedirectUri:  aws.String(lb.redirectURI()),
	})
	cancel()
	s.logCall("CreateToken (authorization_code grant)", start, err)
	if err != nil {
		return Token{}, s.oidcError("exchanging the authorization code", err)
	}
	return s.store(ctx, reg, out)
}
