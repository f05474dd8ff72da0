package assume

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// endless answers 200 with prefix, then the same byte without end, until
// the client hangs up.
func endless(t *testing.T, contentType, prefix string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		if _, err := fmt.Fprint(w, prefix); err != nil {
			return
		}
		chunk := []byte(strings.Repeat("A", 32<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

const endlessXML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><SessionToken>`

// wantTooLarge asserts err is the body cap naming srv's host.
func wantTooLarge(t *testing.T, err error, srv *httptest.Server) {
	t.Helper()
	var tooLarge *ResponseTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("err = %v, want the response size cap", err)
	}
	if host := strings.TrimPrefix(srv.URL, "http://"); !strings.Contains(err.Error(), host) {
		t.Fatalf("err = %v, want it to name %s", err, host)
	}
}

func TestEndlessAnswersAreCutOnEveryClient(t *testing.T) {
	// Without the cap each call would read until this deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	t.Run("sts", func(t *testing.T) {
		srv := endless(t, "text/xml", endlessXML)
		client, err := NewSDKClient(ctx, ClientOptions{Endpoint: srv.URL, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = client.AssumeRole(ctx, creds.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "x"}, RoleRequest{RoleARN: roleA, RoleSessionName: "s"})
		wantTooLarge(t, err, srv)
	})
	t.Run("web identity", func(t *testing.T) {
		srv := endless(t, "text/xml", `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><SessionToken>`)
		token := filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(token, []byte("jwt"), 0o600); err != nil {
			t.Fatal(err)
		}
		client, err := NewSDKClient(ctx, ClientOptions{Endpoint: srv.URL, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		f := SourceFetcher{Client: client}
		_, err = f.Fetch(ctx, profiles.Source{Kind: profiles.SourceWebIdentity, Profile: "ci", RoleARN: ciRole, WebIdentityTokenFile: token, RoleSessionName: "ci"})
		wantTooLarge(t, err, srv)
	})
	t.Run("container", func(t *testing.T) {
		srv := endless(t, "application/json", `{"AccessKeyId":"`)
		client, err := NewSDKClient(ctx, ClientOptions{MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL + "/creds"}
		f := SourceFetcher{Client: client, Getenv: func(k string) string { return env[k] }}
		_, err = f.Fetch(ctx, profiles.Source{Kind: profiles.SourceECS, Profile: "task"})
		wantTooLarge(t, err, srv)
	})
	// SSO's portal and OIDC clients are pkg/sso's, with their own cap
	// (pkg/sso TestResponsesAreCapped).
}

func TestOversizedValuesAreRefused(t *testing.T) {
	w := newWorld(t, "")
	w.sts.SetTokenLength(maxSessionTokenBytes+1, maxSessionTokenBytes+1)
	_, err := w.run(t, "a", nil)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("SessionToken of %d bytes", maxSessionTokenBytes+1)) {
		t.Fatalf("err = %v, want the token refused by size", err)
	}

	big := strings.Repeat("x", maxSecretKeyBytes+1)
	proc := `printf '{"Version":1,"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":"` + big + `"}'`
	cfg, err := profiles.LoadBytes("config", []byte("[profile src]\ncredential_process = "+proc+"\n"), "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	_, err = w.run(t, "src", nil)
	if err == nil || !strings.Contains(err.Error(), "SecretAccessKey of 1025 bytes") || strings.Contains(err.Error(), big) {
		t.Fatalf("err = %v, want the secret refused by size, unquoted", err)
	}
}
