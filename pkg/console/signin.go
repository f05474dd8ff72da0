package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// Doer sends one HTTP request; *http.Client is one.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// MaxSigninResponse bounds the federation endpoint's answer: a sign-in
// token is a few kilobytes, so anything much larger is not one.
const MaxSigninResponse = 64 << 10

// DefaultSigninTimeout bounds a getSigninToken request when none is given.
const DefaultSigninTimeout = 30 * time.Second

// Issuer names assume in the login URL (the page AWS offers when the
// console session ends).
const Issuer = "assume"

// Signin asks a federation endpoint for sign-in tokens.
type Signin struct {
	HTTP        Doer
	Timeout     time.Duration // per request; 0: DefaultSigninTimeout
	MaxResponse int64         // 0: MaxSigninResponse
}

// EndpointError is the federation endpoint refusing a request. Its body is
// not kept: it is an HTML page, and what it says is not ours to repeat.
type EndpointError struct {
	URL    string
	Status int
}

func (e *EndpointError) Error() string {
	return fmt.Sprintf("the federation endpoint %s answered %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Token exchanges temporary credentials for a sign-in token, asking for a
// console session of sessionDuration (0: omitted).
func (s Signin) Token(ctx context.Context, ep Endpoint, c creds.Credentials, sessionDuration time.Duration) (string, error) {
	session, err := json.Marshal(map[string]string{"sessionId": c.AccessKeyID, "sessionKey": c.SecretAccessKey, "sessionToken": c.SessionToken})
	if err != nil {
		return "", err
	}
	form := url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}
	if sessionDuration > 0 {
		form.Set("SessionDuration", strconv.Itoa(int(sessionDuration/time.Second)))
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultSigninTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var req *http.Request
	if ep.Post {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		}
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, ep.URL+"?"+form.Encode(), nil)
	}
	if err != nil {
		return "", fmt.Errorf("federation endpoint %s: %w", ep.URL, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.HTTP.Do(req)
	if err != nil {
		// A *url.Error quotes the request URL, which holds the credentials
		// of a GET: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return "", fmt.Errorf("no answer from the federation endpoint %s within %s: raise --timeout or check the network: %w", ep.URL, timeout, err)
		}
		return "", fmt.Errorf("calling the federation endpoint %s: %w", ep.URL, err)
	}
	defer resp.Body.Close()
	limit := s.MaxResponse
	if limit <= 0 {
		limit = MaxSigninResponse
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return "", fmt.Errorf("reading the federation endpoint's answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", &EndpointError{URL: ep.URL, Status: resp.StatusCode}
	}
	if int64(len(body)) > limit {
		return "", fmt.Errorf("the federation endpoint %s answered more than %d bytes: not a sign-in token", ep.URL, limit)
	}
	var doc struct {
		SigninToken string `json:"SigninToken"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || !printable(doc.SigninToken) {
		return "", fmt.Errorf("the federation endpoint %s answered without a SigninToken", ep.URL)
	}
	return doc.SigninToken, nil
}

func printable(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// LoginURL is the URL that signs the browser in with token and lands on
// destination. It is a bearer credential for 15 minutes.
func LoginURL(ep Endpoint, destination, token string) string {
	q := url.Values{"Action": {"login"}, "Issuer": {Issuer}, "Destination": {destination}, "SigninToken": {token}}
	return ep.URL + "?" + q.Encode()
}
