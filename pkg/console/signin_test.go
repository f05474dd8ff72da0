package console

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakefed"
	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
)

func noRedirects() *http.Client {
	c, err := assume.HTTPClient(func(string) string { return "" })
	if err != nil {
		panic(err)
	}
	return c
}

// roleSession is a role session from long-term keys, issued by sts.
func roleSession(t *testing.T, sts *fakests.Server, chained bool) creds.Credentials {
	t.Helper()
	akid, secret := sts.AddUser("arn:aws:iam::111111111111:user/alice")
	sts.AddRole(fakests.Role{ARN: "arn:aws:iam::222222222222:role/admin", Trust: []string{"arn:aws:iam::111111111111:user/alice"}})
	sts.AddRole(fakests.Role{ARN: "arn:aws:iam::333333333333:role/deploy", Trust: []string{"arn:aws:iam::222222222222:role/admin"}})
	client, err := assume.NewSDKClient(context.Background(), assume.ClientOptions{Endpoint: sts.URL(), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.AssumeRole(context.Background(), creds.Credentials{AccessKeyID: akid, SecretAccessKey: secret}, assume.RoleRequest{RoleARN: "arn:aws:iam::222222222222:role/admin", RoleSessionName: "s1"})
	if err == nil && chained {
		c, err = client.AssumeRole(context.Background(), c, assume.RoleRequest{RoleARN: "arn:aws:iam::333333333333:role/deploy", RoleSessionName: "s2"})
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSigninTokenIsPostedWithTheCredentialsOutOfTheURL(t *testing.T) {
	sts := fakests.New(t)
	fed := fakefed.New(t, sts)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sts.SetNow(func() time.Time { return t0 })
	c := roleSession(t, sts, false)
	ctx := context.Background()
	token, err := Signin{HTTP: noRedirects()}.Token(ctx, Endpoint{URL: fed.URL(), Post: true}, c, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fed.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].SessionInURL || reqs[0].SessionDuration != 7200 {
		t.Fatalf("requests %+v", reqs)
	}
	dest := "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"
	login, err := url.Parse(LoginURL(Endpoint{URL: fed.URL()}, dest, token))
	if err != nil {
		t.Fatal(err)
	}
	q := login.Query()
	if q.Get("Action") != "login" || q.Get("Issuer") != Issuer || q.Get("Destination") != dest || q.Get("SigninToken") != token {
		t.Fatalf("login URL %s", login)
	}
	resp, err := noRedirects().Get(login.String())
	if err == nil {
		resp.Body.Close()
	}
	var ue *url.Error
	if !errors.As(err, &ue) || !errors.Is(err, assume.ErrRedirect) {
		t.Fatalf("the login URL should redirect: %v", err)
	}
	if logins := fed.Logins(); len(logins) != 1 || logins[0].Destination != dest || !logins[0].ConsoleEnds.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("logins %+v", logins)
	}
}

func TestSigninTokenByGETForGovCloud(t *testing.T) {
	sts := fakests.New(t)
	fed := fakefed.New(t, sts)
	c := roleSession(t, sts, true)
	if _, err := (Signin{HTTP: noRedirects()}).Token(context.Background(), Endpoint{URL: fed.URL()}, c, 0); err != nil {
		t.Fatal(err)
	}
	if r := fed.Requests()[0]; r.Method != http.MethodGet || !r.SessionInURL || r.SessionDuration != 0 {
		t.Fatalf("request %+v", r)
	}
}

func TestSigninTokenErrors(t *testing.T) {
	secret := creds.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN"}
	var hits atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/refuse":
			http.Error(w, "<html>Bad request: "+r.FormValue("Session")+"</html>", http.StatusBadRequest)
		case "/huge":
			_, _ = w.Write([]byte(`{"SigninToken":"` + strings.Repeat("a", MaxSigninResponse) + `"}`))
		case "/notoken":
			_, _ = w.Write([]byte(`{"Token":"x"}`))
		case "/redirect":
			http.Redirect(w, r, elsewhere.URL, http.StatusTemporaryRedirect)
		case "/hang":
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	cases := []struct {
		path string
		post bool
		want string
	}{
		{"/refuse", true, "answered 400 Bad Request"},
		{"/refuse", false, "answered 400 Bad Request"},
		{"/huge", true, "more than 65536 bytes"},
		{"/notoken", true, "without a SigninToken"},
		{"/redirect", true, "redirect, which is not followed"},
		{"/redirect", false, "redirect, which is not followed"},
		{"/hang", false, "no answer from the federation endpoint"},
	}
	for _, c := range cases {
		_, err := Signin{HTTP: noRedirects(), Timeout: 50 * time.Millisecond}.Token(ctx, Endpoint{URL: srv.URL + c.path, Post: c.post}, secret, 0)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s (post %t): %v, want %q", c.path, c.post, err, c.want)
			continue
		}
		// Neither the endpoint's page nor a GET's URL is repeated: they hold the credentials.
		for _, s := range []string{secret.SecretAccessKey, secret.SessionToken, "Session="} {
			if strings.Contains(err.Error(), s) || strings.Contains(err.Error(), url.QueryEscape(s)) {
				t.Errorf("%s: the error quotes %q: %v", c.path, s, err)
			}
		}
	}
	var ee *EndpointError
	_, err := Signin{HTTP: noRedirects()}.Token(ctx, Endpoint{URL: srv.URL + "/refuse", Post: true}, secret, 0)
	if !errors.As(err, &ee) || ee.Status != 400 {
		t.Errorf("refusal is not an EndpointError: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("a redirect carried the credentials elsewhere %d times", hits.Load())
	}
	if !errors.Is(func() error {
		_, err := Signin{HTTP: noRedirects(), Timeout: 50 * time.Millisecond}.Token(ctx, Endpoint{URL: srv.URL + "/hang"}, secret, 0)
		return err
	}(), context.DeadlineExceeded) {
		t.Error("a hung endpoint is not a deadline error")
	}
}
