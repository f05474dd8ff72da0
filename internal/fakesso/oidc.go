package fakesso

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	grantAuthCode = "authorization_code"
	grantRefresh  = "refresh_token"
	grantDevice   = "urn:ietf:params:oauth:grant-type:device_code"
	refreshScope  = "sso:account:access"
	codeLifetime  = 10 * time.Minute
	clientLife    = 90 * 24 * time.Hour
)

func invalidRequest(desc string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidRequestException", "invalid_request", desc}
}

func invalidGrant(desc string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidGrantException", "invalid_grant", desc}
}

func (s *Server) registerClient(b map[string]any, region string) (any, *apiError) {
	name, typ, grants, redirects := str(b, "clientName"), str(b, "clientType"), strs(b, "grantTypes"), strs(b, "redirectUris")
	switch {
	case name == "":
		return nil, invalidRequest("clientName is required")
	case typ != "public":
		return nil, invalidRequest("clientType must be public")
	}
	for _, g := range grants {
		if g != grantAuthCode && g != grantRefresh && g != grantDevice {
			return nil, &apiError{400, "InvalidClientMetadataException", "invalid_client_metadata", "unsupported grant type " + g}
		}
	}
	issuer := str(b, "issuerUrl")
	if contains(grants, grantAuthCode) {
		if len(redirects) == 0 {
			return nil, &apiError{400, "InvalidRedirectUriException", "invalid_redirect_uri", "redirectUris are required for authorization_code"}
		}
		for _, r := range redirects {
			if u, err := url.Parse(r); err != nil || u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
				return nil, &apiError{400, "InvalidRedirectUriException", "invalid_redirect_uri", "redirect URIs must be loopback http: " + r}
			}
		}
		if issuer == "" || issuer != s.opts.StartURL || region != s.opts.Region {
			return nil, invalidRequest("Invalid issuer URL")
		}
	}
	c := &client{id: random("client-", 12), secret: random("secret-", 32), name: name, scopes: strs(b, "scopes"), grants: grants,
		redirects: redirects, issuer: issuer, expires: s.nowLocked().Add(clientLife)}
	s.clients[c.id] = c
	return map[string]any{
		"clientId": c.id, "clientSecret": c.secret,
		"clientIdIssuedAt": s.nowLocked().Unix(), "clientSecretExpiresAt": c.expires.Unix(),
	}, nil
}

// clientLocked authenticates a client by id and secret.
func (s *Server) clientLocked(b map[string]any) (*client, *apiError) {
	c := s.clients[str(b, "clientId")]
	if c == nil || subtle.ConstantTimeCompare([]byte(c.secret), []byte(str(b, "clientSecret"))) != 1 || !s.nowLocked().Before(c.expires) {
		return nil, &apiError{http.StatusUnauthorized, "InvalidClientException", "invalid_client", "Invalid client"}
	}
	return c, nil
}

func (s *Server) startDevice(b map[string]any, region string) (any, *apiError) {
	c, e := s.clientLocked(b)
	if e != nil {
		return nil, e
	}
	if str(b, "startUrl") != s.opts.StartURL || region != s.opts.Region {
		return nil, invalidRequest("Invalid start url")
	}
	d := &device{client: c.id, userCode: userCode(), expires: s.nowLocked().Add(s.deviceLife), interval: s.interval}
	code := random("device-", 24)
	s.devices[code] = d
	s.userCodes[d.userCode] = code
	base := s.srv.URL + "/device"
	return map[string]any{
		"deviceCode": code, "userCode": d.userCode,
		"verificationUri": base, "verificationUriComplete": base + "?user_code=" + url.QueryEscape(d.userCode),
		"expiresIn": int(s.deviceLife / time.Second), "interval": max(int(s.interval/time.Second), 1),
	}, nil
}

// approveLocked is the person confirming a device code in the browser.
func (s *Server) approveLocked(userCode string) bool {
	d := s.devices[s.userCodes[userCode]]
	if d == nil || !s.nowLocked().Before(d.expires) {
		return false
	}
	if s.denyNext {
		s.denyNext, d.denied = false, true
		return false
	}
	d.approved = true
	return true
}

// deviceApproval is the verification page a browser opens.
func (s *Server) deviceApproval(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ok := s.approveLocked(r.URL.Query().Get("user_code"))
	s.record("device", http.StatusOK, "")
	s.mu.Unlock()
	msg := "Request approved."
	if !ok {
		msg = "Request not approved."
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<p>%s</p>\n", html.EscapeString(msg))
}

// authorize is the browser's sign-in page: it checks the request, lets
// the user approve (or refuse) and redirects with a code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, region string) {
	q := r.URL.Query()
	s.mu.Lock()
	redirect, errText := s.authorizeLocked(q, region)
	status := http.StatusFound
	if errText != "" {
		status = http.StatusBadRequest
	}
	s.record("authorize", status, errText)
	s.mu.Unlock()
	if errText != "" {
		http.Error(w, errText, http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, redirect, http.StatusFound)
}

func (s *Server) authorizeLocked(q url.Values, region string) (redirect, errText string) {
	c := s.clients[q.Get("client_id")]
	switch {
	case region != s.opts.Region:
		return "", "no Identity Center instance in " + region
	case c == nil || !contains(c.grants, grantAuthCode):
		return "", "unknown client"
	case q.Get("response_type") != "code":
		return "", "response_type must be code"
	case q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43:
		return "", "an S256 code_challenge is required"
	case q.Get("state") == "":
		return "", "state is required"
	}
	for _, sc := range strings.Fields(q.Get("scopes")) {
		if len(c.scopes) > 0 && !contains(c.scopes, sc) {
			return "", "scope " + sc + " was not registered"
		}
	}
	redirectURI := q.Get("redirect_uri")
	if !redirectMatches(c.redirects, redirectURI) {
		return "", "redirect_uri is not registered"
	}
	u, _ := url.Parse(redirectURI)
	v := u.Query()
	v.Set("state", q.Get("state"))
	if s.denyNext {
		s.denyNext = false
		v.Set("error", "access_denied")
		v.Set("error_description", "The user denied the request")
	} else {
		code := random("code-", 24)
		s.codes[code] = &authCode{client: c.id, redirect: redirectURI, challenge: q.Get("code_challenge"),
			expires: s.nowLocked().Add(codeLifetime)}
		v.Set("code", code)
	}
	u.RawQuery = v.Encode()
	return u.String(), ""
}

// redirectMatches compares scheme, host and path; loopback ports may
// differ (RFC 8252 §7.3).
func redirectMatches(registered []string, got string) bool {
	g, err := url.Parse(got)
	if err != nil {
		return false
	}
	for _, r := range registered {
		if u, err := url.Parse(r); err == nil && u.Scheme == g.Scheme && u.Hostname() == g.Hostname() && u.Path == g.Path {
			return true
		}
	}
	return false
}

func (s *Server) createToken(b map[string]any, region string) (any, *apiError) {
	if region != s.opts.Region {
		return nil, invalidRequest("no Identity Center instance in " + region)
	}
	c, e := s.clientLocked(b)
	if e != nil {
		return nil, e
	}
	now := s.nowLocked()
	switch g := str(b, "grantType"); g {
	case grantAuthCode:
		if !contains(c.grants, grantAuthCode) {
			return nil, &apiError{400, "UnauthorizedClientException", "unauthorized_client", "client not registered for authorization_code"}
		}
		code := s.codes[str(b, "code")]
		switch {
		case code == nil || code.used || !now.Before(code.expires) || code.client != c.id:
			return nil, invalidGrant("Invalid authorization code")
		case code.redirect != str(b, "redirectUri"):
			return nil, invalidGrant("redirectUri does not match the authorization request")
		case !verifierMatches(str(b, "codeVerifier"), code.challenge):
			return nil, invalidGrant("code_verifier does not match the code_challenge")
		}
		code.used = true
		return s.issueLocked(c, s.newSessionLocked(), contains(c.grants, grantRefresh)), nil
	case grantDevice:
		d := s.devices[str(b, "deviceCode")]
		switch {
		case d == nil || d.client != c.id || d.redeemed:
			return nil, invalidGrant("Invalid device code")
		case !now.Before(d.expires):
			return nil, &apiError{400, "ExpiredTokenException", "expired_token", "Device code has expired"}
		case d.denied:
			return nil, &apiError{400, "AccessDeniedException", "access_denied", "The user denied the request"}
		}
		early := !d.lastPoll.IsZero() && now.Before(d.lastPoll.Add(d.interval))
		d.lastPoll = now
		if early || s.slowDowns > 0 {
			if !early {
				s.slowDowns--
			}
			d.interval += 5 * time.Second
			return nil, &apiError{400, "SlowDownException", "slow_down", "Client is polling too fast"}
		}
		if !d.approved {
			return nil, &apiError{400, "AuthorizationPendingException", "authorization_pending", "Authorization is still pending"}
		}
		d.redeemed = true
		return s.issueLocked(c, s.newSessionLocked(), true), nil
	case grantRefresh:
		if len(c.grants) > 0 && !contains(c.grants, grantRefresh) {
			return nil, &apiError{400, "UnauthorizedClientException", "unauthorized_client", "client not registered for refresh_token"}
		}
		tok := str(b, "refreshToken")
		g := s.refresh[tok]
		if g == nil || g.client != c.id {
			return nil, invalidGrant("Invalid refresh token provided")
		}
		si := s.sessions[g.session]
		if si.revoked || !now.Before(si.expires) {
			delete(s.refresh, tok)
			return nil, invalidGrant("The session has expired or was revoked")
		}
		delete(s.refresh, tok) // rotation: a refresh token works once
		return s.issueLocked(c, g.session, true), nil
	default:
		return nil, &apiError{400, "UnsupportedGrantTypeException", "unsupported_grant_type", "unsupported grant type " + g}
	}
}

func verifierMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func (s *Server) newSessionLocked() string {
	id := random("session-", 8)
	s.sessions[id] = &signIn{user: s.opts.User, expires: s.nowLocked().Add(s.sessionTTL)}
	return id
}

// issueLocked mints an access token for the session and, when the client
// may have one, a refresh token.
func (s *Server) issueLocked(c *client, session string, mayRefresh bool) map[string]any {
	now := s.nowLocked()
	exp := now.Add(s.accessTTL)
	if end := s.sessions[session].expires; end.Before(exp) {
		exp = end
	}
	access := random("access-", 32)
	s.access[access] = &grant{session: session, client: c.id, expires: exp}
	out := map[string]any{"accessToken": access, "tokenType": "Bearer", "expiresIn": int(exp.Sub(now).Round(time.Second) / time.Second)}
	if mayRefresh && contains(c.scopes, refreshScope) {
		rt := random("refresh-", 32)
		s.refresh[rt] = &grant{session: session, client: c.id}
		out["refreshToken"] = rt
	}
	return out
}

// checkAccessLocked returns the user of a valid access token.
func (s *Server) checkAccessLocked(tok string) (string, bool) {
	g := s.access[tok]
	if g == nil {
		return "", false
	}
	si := s.sessions[g.session]
	now := s.nowLocked()
	if si.revoked || !now.Before(si.expires) || !now.Before(g.expires) {
		return "", false
	}
	return si.user, true
}
