package credserver

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

const testToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func sessionCreds(akid string, expires time.Time) creds.Credentials {
	return creds.Credentials{AccessKeyID: akid, SecretAccessKey: "secret-" + akid, SessionToken: "token-" + akid, Expires: expires}
}

// startTest serves src on a real loopback listener, as assume does.
func startTest(t *testing.T, src Source, initial creds.Credentials) *Server {
	t.Helper()
	l, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	s := Start(l, Options{Token: testToken, Source: src, Initial: initial, Margin: 15 * time.Minute})
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestHandlerRefusesEverythingButAnAuthorizedGET(t *testing.T) {
	good := sessionCreds("ASIAGOOD", time.Now().Add(time.Hour))
	failing := func(context.Context) (creds.Credentials, error) {
		return creds.Credentials{}, errors.New(`profile "prod": hop 2/3: sts AssumeRole: AccessDenied`)
	}
	s := startTest(t, failing, good)
	host := s.Addr()
	cases := []struct {
		name   string
		method string
		target string // path and query
		host   string
		auth   []string
		body   string
		status int
	}{
		{"the credentials", "GET", Path, host, []string{testToken}, "", 200},
		{"no token", "GET", Path, host, nil, "", 401},
		{"empty token", "GET", Path, host, []string{""}, "", 401},
		{"wrong token", "GET", Path, host, []string{strings.Repeat("0", 64)}, "", 401},
		{"token prefix", "GET", Path, host, []string{testToken[:63]}, "", 401},
		{"token with more", "GET", Path, host, []string{testToken + "0"}, "", 401},
		{"bearer scheme", "GET", Path, host, []string{"Bearer " + testToken}, "", 401},
		{"two authorization headers", "GET", Path, host, []string{testToken, testToken}, "", 401},
		{"no token, rebound host", "GET", Path, "attacker.example:80", nil, "", 401},
		{"no token, other path", "GET", "/", host, nil, "", 401},
		{"no token, preflight", "OPTIONS", Path, host, nil, "", 401},
		{"rebound host", "GET", Path, "attacker.example:" + strings.Split(host, ":")[1], []string{testToken}, "", 403},
		{"localhost name", "GET", Path, "localhost:" + strings.Split(host, ":")[1], []string{testToken}, "", 403},
		{"other port", "GET", Path, "127.0.0.1:1", []string{testToken}, "", 403},
		{"host without port", "GET", Path, "127.0.0.1", []string{testToken}, "", 403},
		{"root path", "GET", "/", host, []string{testToken}, "", 404},
		{"trailing slash", "GET", Path + "/", host, []string{testToken}, "", 404},
		{"query", "GET", Path + "?role=x", host, []string{testToken}, "", 404},
		{"post", "POST", Path, host, []string{testToken}, "", 405},
		{"put with body", "PUT", Path, host, []string{testToken}, "x", 405},
		{"preflight with token", "OPTIONS", Path, host, []string{testToken}, "", 405},
		{"get with body", "GET", Path, host, []string{testToken}, "{}", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequest(tc.method, "http://"+host+tc.target, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tc.host
			for _, a := range tc.auth {
				req.Header.Add("Authorization", a)
			}
			req.Header.Set("Origin", "http://attacker.example")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d (body %q)", resp.StatusCode, tc.status, got)
			}
			for k := range resp.Header {
				if strings.HasPrefix(strings.ToLower(k), "access-control-") {
					t.Errorf("CORS header %s sent", k)
				}
			}
			if tc.status != 200 {
				if len(got) != 0 {
					t.Errorf("a refusal has a body: %q", got)
				}
				if strings.Contains(string(got), "secret-") || resp.Header.Get("Date") != "" {
					t.Errorf("a refusal says more than its status: %v %q", resp.Header, got)
				}
				return
			}
			var doc map[string]string
			if err := json.Unmarshal(got, &doc); err != nil {
				t.Fatalf("not JSON: %q", got)
			}
			want := map[string]string{"AccessKeyId": "ASIAGOOD", "SecretAccessKey": "secret-ASIAGOOD", "Token": "token-ASIAGOOD",
				"Expiration": good.Expires.UTC().Format(time.RFC3339)}
			if len(doc) != len(want) {
				t.Errorf("fields %v, want exactly %v", doc, want)
			}
			for k, v := range want {
				if doc[k] != v {
					t.Errorf("%s = %q, want %q", k, doc[k], v)
				}
			}
			if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", resp.Header)
			}
		})
	}
}

func TestHandlerReportsAFailedRenewalAsTheSDKsParseIt(t *testing.T) {
	s := startTest(t, func(context.Context) (creds.Credentials, error) {
		return creds.Credentials{}, errors.New(`profile "prod": needs an MFA code`)
	}, creds.Credentials{})
	req, _ := http.NewRequest("GET", s.URL(), nil)
	req.Header.Set("Authorization", testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct{ Code, Message string }
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != 500 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	if doc.Code == "" || !strings.Contains(doc.Message, `profile "prod"`) {
		t.Errorf("error document %+v", doc)
	}
}

func TestCloseClosesThePort(t *testing.T) {
	s := startTest(t, nil, sessionCreds("ASIAX", time.Now().Add(time.Hour)))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(s.URL()); err == nil {
		t.Fatal("the port still answers after Close")
	}
	if err := s.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
}

func TestListenIsLoopbackOnly(t *testing.T) {
	l, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !strings.HasPrefix(l.Addr().String(), "127.0.0.1:") {
		t.Fatalf("listening on %s", l.Addr())
	}
	if _, err := Listen(70000); err == nil {
		t.Fatal("port 70000 accepted")
	}
}
