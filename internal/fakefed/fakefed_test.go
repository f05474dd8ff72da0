package fakefed

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
)

const (
	aliceARN  = "arn:aws:iam::111111111111:user/alice"
	aliceMFA  = "arn:aws:iam::111111111111:mfa/alice"
	adminARN  = "arn:aws:iam::222222222222:role/admin"
	deployARN = "arn:aws:iam::333333333333:role/deploy"
	s3Home    = "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"
)

// sessions are one of each kind of credentials, issued by a fresh fake STS.
type sessions struct {
	sts                                  *fakests.Server
	fed                                  *Server
	longTerm, admin, deploy, mfa, fedTok creds.Credentials
}

func newSessions(t *testing.T) *sessions {
	t.Helper()
	s := fakests.New(t)
	s.SetNow(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
	akid, secret := s.AddUser(aliceARN)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(fakests.Role{ARN: adminARN, Trust: []string{aliceARN}})
	s.AddRole(fakests.Role{ARN: deployARN, Trust: []string{adminARN}})
	ctx := context.Background()
	c, err := assume.NewSDKClient(ctx, assume.ClientOptions{Endpoint: s.URL(), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	ss := &sessions{sts: s, fed: New(t, s), longTerm: creds.Credentials{AccessKeyID: akid, SecretAccessKey: secret}}
	must := func(c creds.Credentials, err error) creds.Credentials {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ss.admin = must(c.AssumeRole(ctx, ss.longTerm, assume.RoleRequest{RoleARN: adminARN, RoleSessionName: "s1"}))
	ss.deploy = must(c.AssumeRole(ctx, ss.admin, assume.RoleRequest{RoleARN: deployARN, RoleSessionName: "s2"}))
	ss.mfa = must(c.GetSessionToken(ctx, ss.longTerm, assume.SessionRequest{SerialNumber: aliceMFA, TokenCode: "123456"}))
	ss.fedTok = must(c.GetFederationToken(ctx, ss.longTerm, assume.FederationRequest{Name: "alice", Policy: `{"Statement":[]}`}))
	return ss
}

func sessionJSON(c creds.Credentials) string {
	b, _ := json.Marshal(map[string]string{"sessionId": c.AccessKeyID, "sessionKey": c.SecretAccessKey, "sessionToken": c.SessionToken})
	return string(b)
}

// getToken asks for a sign-in token by POST and returns the status and the
// token (or the refusal).
func (ss *sessions) getToken(t *testing.T, c creds.Credentials, duration int) (int, string) {
	t.Helper()
	form := url.Values{"Action": {"getSigninToken"}, "Session": {sessionJSON(c)}}
	if duration != 0 {
		form.Set("SessionDuration", strconv.Itoa(duration))
	}
	resp, err := http.PostForm(ss.fed.URL(), form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, strings.TrimSpace(string(body))
	}
	var doc struct{ SigninToken string }
	if err := json.Unmarshal(body, &doc); err != nil || doc.SigninToken == "" {
		t.Fatalf("answer %q: %v", body, err)
	}
	return resp.StatusCode, doc.SigninToken
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (ss *sessions) login(t *testing.T, token, destination string) (int, string) {
	t.Helper()
	q := url.Values{"Action": {"login"}, "Issuer": {"test"}, "Destination": {destination}, "SigninToken": {token}}
	resp, err := noRedirect.Get(ss.fed.URL() + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusFound {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, strings.TrimSpace(string(body))
}

func TestSigninTokenOnlyForSessionsTheConsoleAccepts(t *testing.T) {
	ss := newSessions(t)
	tampered := ss.admin
	tampered.SecretAccessKey = strings.ToLower(tampered.SecretAccessKey)
	cases := []struct {
		name     string
		c        creds.Credentials
		duration int
		refusal  string // "" : a token
	}{
		{"role from long-term keys", ss.admin, 0, ""},
		{"role from long-term keys, 12h console", ss.admin, 43200, ""},
		{"role from long-term keys, 15m console", ss.admin, 900, ""},
		{"SessionDuration below 900", ss.admin, 899, "not 900-43200"},
		{"SessionDuration above 12h", ss.admin, 43201, "not 900-43200"},
		{"chained role", ss.deploy, 0, ""},
		{"chained role with SessionDuration", ss.deploy, 3600, "not a chained one"},
		{"federation token", ss.fedTok, 0, ""},
		{"federation token with SessionDuration", ss.fedTok, 3600, "GetFederationToken"},
		{"MFA session", ss.mfa, 0, "GetSessionToken"},
		{"long-term keys", ss.longTerm, 0, "long-term access keys"},
		{"tampered secret", tampered, 0, "not a session STS issued"},
	}
	for _, c := range cases {
		status, got := ss.getToken(t, c.c, c.duration)
		switch {
		case c.refusal == "" && status != http.StatusOK:
			t.Errorf("%s: refused: %d %s", c.name, status, got)
		case c.refusal != "" && (status != http.StatusBadRequest || !strings.Contains(got, c.refusal)):
			t.Errorf("%s: want 400 %q, got %d %q", c.name, c.refusal, status, got)
		}
	}
	// The same session, once expired on the STS clock, is refused.
	ss.sts.Advance(time.Hour)
	if status, got := ss.getToken(t, ss.admin, 0); status != http.StatusBadRequest || !strings.Contains(got, "expired") {
		t.Errorf("expired session: %d %q", status, got)
	}
}

func TestLoginRedirectsToTheDestinationWhileTheTokenIsValid(t *testing.T) {
	ss := newSessions(t)
	_, token := ss.getToken(t, ss.admin, 7200)
	if status, loc := ss.login(t, token, s3Home); status != http.StatusFound || loc != s3Home {
		t.Fatalf("login: %d %q", status, loc)
	}
	logins := ss.fed.Logins()
	if len(logins) != 1 || logins[0].Destination != s3Home || logins[0].Issuer != "test" ||
		!logins[0].ConsoleEnds.Equal(ss.sts.Now().Add(2*time.Hour)) || logins[0].CallerARN != "arn:aws:sts::222222222222:assumed-role/admin/s1" {
		t.Fatalf("logins %+v", logins)
	}
	// Without SessionDuration the console lasts as long as the credentials.
	_, chained := ss.getToken(t, ss.deploy, 0)
	ss.login(t, chained, s3Home)
	if got := ss.fed.Logins()[1].ConsoleEnds; !got.Equal(ss.deploy.Expires) {
		t.Errorf("chained console ends %s, want the session's %s", got, ss.deploy.Expires)
	}

	for _, bad := range []struct{ token, dest, refusal string }{
		{token + "x", s3Home, "invalid SigninToken"},
		{token, "https://console.aws.amazon.com.evil.example/", "not on the aws console"},
		{token, "http://eu-west-1.console.aws.amazon.com/s3/home", "not an https URL"},
		{token, "https://console.amazonaws.cn/s3/home", "not on the aws console"},
		{token, "https://user@console.aws.amazon.com/", "not an https URL"},
	} {
		if status, got := ss.login(t, bad.token, bad.dest); status != http.StatusBadRequest || !strings.Contains(got, bad.refusal) {
			t.Errorf("login to %q: want 400 %q, got %d %q", bad.dest, bad.refusal, status, got)
		}
	}
	ss.sts.Advance(SigninTokenLifetime)
	if status, got := ss.login(t, token, s3Home); status != http.StatusBadRequest || !strings.Contains(got, "expired") {
		t.Errorf("a token 15 minutes old: %d %q", status, got)
	}
}

func TestRequestsRecordWhereTheCredentialsTravelled(t *testing.T) {
	ss := newSessions(t)
	q := url.Values{"Action": {"getSigninToken"}, "Session": {sessionJSON(ss.admin)}}
	resp, err := http.Get(ss.fed.URL() + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ss.getToken(t, ss.admin, 0)
	reqs := ss.fed.Requests()
	if len(reqs) != 2 || reqs[0].Method != "GET" || !reqs[0].SessionInURL || reqs[0].Status != 200 ||
		reqs[1].Method != "POST" || reqs[1].SessionInURL || reqs[1].Status != 200 {
		t.Fatalf("requests %+v", reqs)
	}
	if len(ss.fed.Tokens()) != 2 {
		t.Errorf("tokens %d", len(ss.fed.Tokens()))
	}
}
