package sso

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTokenIsRenewedSilentlyAndRefreshTokensRotate(t *testing.T) {
	w := newWorld(t)
	first := w.loginPKCE(w.service(w.session(), nil))
	// 50 minutes on: 10 minutes left, inside the 15-minute window.
	w.fake.Advance(50 * time.Minute)
	s := w.service(w.session(), later(50*time.Minute))
	renewed, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if renewed.AccessToken == first.AccessToken || renewed.RefreshToken == first.RefreshToken {
		t.Fatal("the token was not renewed, or its refresh token did not rotate")
	}
	if w.fake.IsCurrentRefreshToken(first.RefreshToken) || !w.fake.IsCurrentRefreshToken(renewed.RefreshToken) {
		t.Error("the service should hold only the new refresh token")
	}
	cached, _ := s.Cached()
	if cached.AccessToken != renewed.AccessToken || cached.RefreshToken != renewed.RefreshToken {
		t.Error("the renewed token was not written back to the cache")
	}
	// Fresh again: no further call.
	if _, err := s.Token(context.Background()); err != nil || w.fake.Calls("CreateToken/refresh_token") != 1 {
		t.Errorf("refresh calls = %d, %v", w.fake.Calls("CreateToken/refresh_token"), err)
	}
}

func TestParallelProcessesRenewOnce(t *testing.T) {
	w := newWorld(t)
	w.loginPKCE(w.service(w.session(), nil))
	w.fake.Advance(55 * time.Minute)
	var wg sync.WaitGroup
	got := make([]string, 8)
	errs := make([]error, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Separate services: separate processes sharing the cache and lock.
			tok, err := w.service(w.session(), later(55*time.Minute)).Token(context.Background())
			got[i], errs[i] = tok.AccessToken, err
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != got[0] {
			t.Fatalf("caller %d: %q, %v (first %q)", i, got[i], errs[i], got[0])
		}
	}
	if n := w.fake.Calls("CreateToken/refresh_token"); n != 1 {
		t.Errorf("%d renewals for 8 parallel callers, want 1", n)
	}
}

func TestNoRefreshTokenLeftNeedsAPerson(t *testing.T) {
	w := newWorld(t)
	legacy := Session{StartURL: w.fake.StartURL(), Region: w.fake.Region(), Profile: "old"}
	s := w.service(legacy, nil)
	tok, err := s.LoginDevice(context.Background(), func(c DeviceCode) { go browse(t, c.CompleteURL) })
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != "" {
		t.Fatal("a legacy registration has no scope, so no refresh token")
	}
	_, err = w.service(legacy, later(2*time.Hour)).Token(context.Background())
	var lr *LoginRequiredError
	if !errors.As(err, &lr) || !strings.Contains(err.Error(), "assume login old") || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("err = %v", err)
	}
	if w.fake.Calls("CreateToken/refresh_token") != 0 {
		t.Error("tried to renew without a refresh token")
	}
}

func TestRevokedSessionNeedsAPerson(t *testing.T) {
	w := newWorld(t)
	w.loginPKCE(w.service(w.session(), nil))
	w.fake.RevokeSessions()
	// Under a minute left: too little to hand out without renewal.
	_, err := w.service(w.session(), later(59*time.Minute+30*time.Second)).Token(context.Background())
	var lr *LoginRequiredError
	if !errors.As(err, &lr) || !strings.Contains(err.Error(), "assume login --sso-session corp") || !strings.Contains(err.Error(), "InvalidGrantException") {
		t.Fatalf("err = %v", err)
	}
}

func TestNotSignedIn(t *testing.T) {
	w := newWorld(t)
	_, err := w.service(w.session(), nil).RoleCredentials(context.Background(), "111111111111", "Admin")
	var lr *LoginRequiredError
	if !errors.As(err, &lr) || err.Error() != "sso-session \"corp\": not signed in; sign in with `assume login --sso-session corp`" {
		t.Fatalf("err = %v", err)
	}
}

func TestATokenStillValidIsUsedWhenRenewalFails(t *testing.T) {
	w := newWorld(t)
	tok := w.loginPKCE(w.service(w.session(), nil))
	// The OIDC endpoint is down, 10 minutes remain: keep using the token.
	s := New(Config{Session: w.session(), OIDCEndpoint: "http://127.0.0.1:1", CacheDir: w.service(w.session(), nil).cfg.CacheDir,
		Timeout: 2 * time.Second, Now: later(50 * time.Minute)})
	got, err := s.Token(context.Background())
	if err != nil || got.AccessToken != tok.AccessToken {
		t.Fatalf("got %v, %v", got, err)
	}
	// With under a minute left the failure is reported, naming the endpoint.
	s.cfg.Now = later(59*time.Minute + 30*time.Second)
	if _, err := s.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "renewing the sign-in") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("err = %v", err)
	}
}
