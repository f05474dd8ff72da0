package sso

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// defaultScope is what a named session registers for when
// sso_registration_scopes is not set: it is the scope that earns a
// refresh token (the AWS CLI v2 defaults to it for the browser flow;
// assume does for both flows).
const defaultScope = "sso:account:access"

// loopbackRedirect is the redirect URI a browser-flow client registers:
// loopback redirects may use any port (RFC 8252), so it has none.
const loopbackRedirect = "http://127.0.0.1/oauth/callback"

// registration returns a cached client registration for the flow, or
// registers a new client and caches it beside the token, as the CLI does
// (a registration of the other flow is replaced).
func (s *Service) registration(ctx context.Context, authCode bool) (registration, error) {
	path := s.registrationPath()
	var r registration
	if err := readJSON(path, &r); err == nil && r.usable(s.now()) && r.forAuthCode() == authCode {
		return r, nil
	}
	sess := s.cfg.Session
	in := &ssooidc.RegisterClientInput{
		ClientName: aws.String(clientName(sess, s.now())),
		ClientType: aws.String("public"),
		Scopes:     sess.Scopes,
	}
	if len(in.Scopes) == 0 && !sess.Legacy() {
		in.Scopes = []string{defaultScope}
	}
	if authCode {
		in.GrantTypes = []string{grantAuthCode, grantRefresh}
		in.RedirectUris = []string{loopbackRedirect}
		in.IssuerUrl = aws.String(sess.StartURL)
	}
	cctx, cancel := s.call(ctx)
	start := s.debugNow()
	out, err := s.oidc.RegisterClient(cctx, in)
	cancel()
	s.logCall("RegisterClient", start, err)
	if err != nil {
		return registration{}, s.oidcError("registering a client", err)
	}
	s.secret(aws.ToString(out.ClientSecret))
	r = registration{
		ClientID:     aws.ToString(out.ClientId),
		ClientSecret: aws.ToString(out.ClientSecret),
		ExpiresAt:    at(time.Unix(out.ClientSecretExpiresAt, 0)),
		Scopes:       in.Scopes,
		GrantTypes:   in.GrantTypes,
	}
	if r.ClientID == "" || r.ClientSecret == "" {
		return registration{}, fmt.Errorf("%s: SSO OIDC registered a client without an id or secret", sess)
	}
	if err := writeJSON(path, r); err != nil {
		return registration{}, fmt.Errorf("%s: %w", sess, err)
	}
	return r, nil
}

// clientName is how the client shows in the session's list of devices.
func clientName(s Session, now time.Time) string {
	if s.Legacy() {
		return fmt.Sprintf("assume-client-%d", now.Unix())
	}
	return "assume-client-" + s.Name
}

// oidcError renders a failed OIDC call with what to check.
func (s *Service) oidcError(doing string, err error) error {
	sess := s.cfg.Session
	hint := ""
	switch apiCode(err) {
	case "InvalidRequestException", "InvalidClientMetadataException", "InvalidRequestRegionException", "UnauthorizedClientException":
		hint = fmt.Sprintf("; check sso_start_url %s and sso_region %s%s: IAM Identity Center in %s does not know that start URL",
			sess.StartURL, sess.Region, sess.where(), sess.Region)
	case "":
		hint = fmt.Sprintf("; check sso_region %s%s, the network and AWS_ENDPOINT_URL_SSO_OIDC", sess.Region, sess.where())
	}
	return fmt.Errorf("%s: %s with SSO OIDC%s: %s%s", sess, doing, s.oidcAt(), describe(err), hint)
}
