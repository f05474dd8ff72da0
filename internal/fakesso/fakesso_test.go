package fakesso

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	portalapi "github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/smithy-go"

	"github.com/assume-cli/assume/internal/fakests"
)

func clients(s *Server) (*ssooidc.Client, *portalapi.Client) {
	cfg := aws.Config{Region: s.Region(), Retryer: func() aws.Retryer { return aws.NopRetryer{} }}
	return ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.BaseEndpoint = aws.String(s.URL()) }),
		portalapi.NewFromConfig(cfg, func(o *portalapi.Options) { o.BaseEndpoint = aws.String(s.URL()) })
}

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// authorizeCode runs the browser step by hand and returns the code.
func authorizeCode(t *testing.T, s *Server, clientID, redirect, challenge string) string {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect}, "state": {"st"},
		"code_challenge_method": {"S256"}, "code_challenge": {challenge}, "scopes": {"sso:account:access"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(s.URL() + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("state") != "st" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func challengeOf(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestPKCEAWrongVerifierIsRefusedAndRefreshTokensRotate(t *testing.T) {
	s := New(t, Options{Issuer: fakests.New(t)})
	oidc, portal := clients(s)
	ctx := context.Background()
	reg, err := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("t"), ClientType: aws.String("public"),
		GrantTypes: []string{"authorization_code", "refresh_token"}, RedirectUris: []string{"http://127.0.0.1/oauth/callback"},
		IssuerUrl: aws.String(s.StartURL()), Scopes: []string{"sso:account:access"}})
	if err != nil {
		t.Fatal(err)
	}
	verifier := strings.Repeat("v", 64)
	redirect := "http://127.0.0.1:4242/oauth/callback"
	c := authorizeCode(t, s, *reg.ClientId, redirect, challengeOf(verifier))
	in := func(v string) *ssooidc.CreateTokenInput {
		return &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String("authorization_code"),
			Code: aws.String(c), CodeVerifier: aws.String(v), RedirectUri: aws.String(redirect)}
	}
	if _, err := oidc.CreateToken(ctx, in(strings.Repeat("w", 64))); code(err) != "InvalidGrantException" {
		t.Fatalf("wrong verifier: %v", err)
	}
	tok, err := oidc.CreateToken(ctx, in(verifier))
	if err != nil || aws.ToString(tok.RefreshToken) == "" {
		t.Fatalf("right verifier: %v", err)
	}
	if _, err := oidc.CreateToken(ctx, in(verifier)); code(err) != "InvalidGrantException" {
		t.Errorf("a code must work once: %v", err)
	}
	refresh := func(rt *string) (*ssooidc.CreateTokenOutput, error) {
		return oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("refresh_token"), RefreshToken: rt})
	}
	next, err := refresh(tok.RefreshToken)
	if err != nil || aws.ToString(next.RefreshToken) == aws.ToString(tok.RefreshToken) {
		t.Fatalf("refresh: %v", err)
	}
	if _, err := refresh(tok.RefreshToken); code(err) != "InvalidGrantException" {
		t.Errorf("a used refresh token must be refused: %v", err)
	}
	// The old access token still works until it expires; then only the new one.
	s.AddAccount("111111111111", "a", "R")
	s.Advance(time.Hour)
	if _, err := portal.ListAccounts(ctx, &portalapi.ListAccountsInput{AccessToken: tok.AccessToken}); code(err) != "UnauthorizedException" {
		t.Errorf("expired access token: %v", err)
	}
	wrongSecret := *reg.ClientSecret + "x"
	if _, err := oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: &wrongSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: next.RefreshToken}); code(err) != "InvalidClientException" {
		t.Errorf("wrong client secret: %v", err)
	}
}

func TestAuthorizeChecksTheRequest(t *testing.T) {
	s := New(t, Options{})
	oidc, _ := clients(s)
	reg, err := oidc.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{ClientName: aws.String("t"), ClientType: aws.String("public"),
		GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"http://127.0.0.1/oauth/callback"}, IssuerUrl: aws.String(s.StartURL())})
	if err != nil {
		t.Fatal(err)
	}
	ok := url.Values{"response_type": {"code"}, "client_id": {*reg.ClientId}, "redirect_uri": {"http://127.0.0.1:9/oauth/callback"},
		"state": {"s"}, "code_challenge_method": {"S256"}, "code_challenge": {challengeOf(strings.Repeat("x", 50))}}
	for name, change := range map[string][2]string{
		"plain method":   {"code_challenge_method", "plain"},
		"other redirect": {"redirect_uri", "http://evil.example/oauth/callback"},
		"other path":     {"redirect_uri", "http://127.0.0.1:9/elsewhere"},
		"no state":       {"state", ""},
		"token response": {"response_type", "token"},
		"unknown client": {"client_id", "nobody"},
	} {
		q := url.Values{}
		for k, v := range ok {
			q[k] = v
		}
		q.Set(change[0], change[1])
		resp, err := http.Get(s.URL() + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
	}
	if _, err := oidc.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{ClientName: aws.String("t"), ClientType: aws.String("public"),
		GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"http://127.0.0.1/cb"}, IssuerUrl: aws.String("https://other/start")}); code(err) != "InvalidRequestException" {
		t.Errorf("another start URL: %v", err)
	}
}

func TestPortalPaginatesAndThrottles(t *testing.T) {
	s := New(t, Options{Issuer: fakests.New(t)})
	s.SetPageSize(2)
	for _, id := range []string{"333333333333", "111111111111", "222222222222"} {
		s.AddAccount(id, "n"+id[:1], "A", "B", "C")
	}
	oidc, portal := clients(s)
	ctx := context.Background()
	reg, _ := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("t"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"}})
	dev, err := oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(s.StartURL())})
	if err != nil {
		t.Fatal(err)
	}
	poll := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: dev.DeviceCode}
	if _, err := oidc.CreateToken(ctx, poll); code(err) != "AuthorizationPendingException" {
		t.Fatalf("before approval: %v", err)
	}
	if _, err := oidc.CreateToken(ctx, poll); code(err) != "SlowDownException" {
		t.Fatalf("polling at once: %v", err)
	}
	s.ApproveDevice(*dev.UserCode)
	s.Advance(7 * time.Second) // the interval grew by 5 s
	tok, err := oidc.CreateToken(ctx, poll)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var next *string
	for {
		page, err := portal.ListAccounts(ctx, &portalapi.ListAccountsInput{AccessToken: tok.AccessToken, NextToken: next, MaxResults: aws.Int32(100)})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.AccountList) > 2 {
			t.Fatalf("page of %d, capped at 2", len(page.AccountList))
		}
		for _, a := range page.AccountList {
			ids = append(ids, *a.AccountId)
		}
		if next = page.NextToken; next == nil {
			break
		}
	}
	if strings.Join(ids, ",") != "111111111111,222222222222,333333333333" {
		t.Errorf("accounts %v", ids)
	}
	s.SetThrottle(1)
	if _, err := portal.ListAccountRoles(ctx, &portalapi.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: aws.String("111111111111")}); code(err) != "TooManyRequestsException" {
		t.Errorf("throttled: %v", err)
	}
	s.SetThrottle(0)
	if _, err := portal.GetRoleCredentials(ctx, &portalapi.GetRoleCredentialsInput{AccessToken: tok.AccessToken, AccountId: aws.String("111111111111"), RoleName: aws.String("Z")}); code(err) != "ForbiddenException" {
		t.Errorf("unassigned role: %v", err)
	}
}
