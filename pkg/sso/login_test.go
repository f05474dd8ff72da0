package sso

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPKCELoginCachesTokenAndRegistrationAsTheCLIDoes(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	var prompt BrowserPrompt
	var page string
	tok, err := s.LoginPKCE(context.Background(), func(p BrowserPrompt) {
		prompt = p
		page = browse(t, p.LocalURL)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "Signed in") {
		t.Errorf("the browser ended on %q", page)
	}
	if !strings.HasPrefix(prompt.LocalURL, "http://127.0.0.1:") || strings.Contains(prompt.LocalURL, "code_challenge") {
		t.Errorf("local URL %q must be a bare loopback address", prompt.LocalURL)
	}
	if !strings.HasPrefix(prompt.AuthorizeURL, w.fake.URL()+"/authorize?") || !strings.Contains(prompt.AuthorizeURL, "code_challenge_method=S256") {
		t.Errorf("authorize URL %q", prompt.AuthorizeURL)
	}
	if tok.RefreshToken == "" || tok.AccessToken == "" || tok.ClientSecret == "" {
		t.Fatalf("token %v lacks a refresh token or registration", tok)
	}
	if w.fake.Calls("CreateToken/authorization_code") != 1 || w.fake.Calls("RegisterClient") != 1 {
		t.Errorf("calls: %+v", w.fake.Requests())
	}
	cache := filepath.Join(w.dir, ".aws", "sso", "cache")
	// sha1("corp"), as botocore names it.
	raw, err := os.ReadFile(filepath.Join(cache, "ee0bfd2552fbd840c02cc48b6e823320543c450f.json"))
	if err != nil {
		t.Fatalf("token file: %v", err)
	}
	var file map[string]any
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"} {
		if _, ok := file[k]; !ok {
			t.Errorf("token file lacks %s: %s", k, raw)
		}
	}
	if exp, _ := file["expiresAt"].(string); len(exp) != len("2006-01-02T15:04:05Z") || !strings.HasSuffix(exp, "Z") {
		t.Errorf("expiresAt %q is not in the CLI's format", exp)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 2 {
		t.Errorf("cache holds %d files, want the token and its registration", len(entries))
	}
	var reg registration
	if err := readJSON(s.registrationPath(), &reg); err != nil || !reg.forAuthCode() || reg.ClientID != tok.ClientID {
		t.Errorf("registration beside the token: %+v, %v", reg, err)
	}
	checkPrivate(t, cache)
}

func checkPrivate(t *testing.T, dir string) {
	t.Helper()
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("%s mode %v, want 0700 (%v)", dir, st.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", e.Name(), info.Mode().Perm())
		}
	}
}

func TestPKCEReusesTheCachedRegistration(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	first := w.loginPKCE(s)
	second := w.loginPKCE(s)
	if w.fake.Calls("RegisterClient") != 1 || first.ClientID != second.ClientID {
		t.Errorf("RegisterClient called %d times", w.fake.Calls("RegisterClient"))
	}
	if first.AccessToken == second.AccessToken {
		t.Error("a second sign-in kept the old access token")
	}
}

func TestPKCERefusedInTheBrowserIsOneLine(t *testing.T) {
	w := newWorld(t)
	w.fake.DenyNext()
	s := w.service(w.session(), nil)
	var wg sync.WaitGroup
	_, err := s.LoginPKCE(context.Background(), func(p BrowserPrompt) {
		wg.Add(1)
		go func() { defer wg.Done(); browse(t, p.LocalURL) }()
	})
	wg.Wait()
	if err == nil || !strings.Contains(err.Error(), "refused in the browser") || !strings.Contains(err.Error(), "access_denied") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v", err)
	}
	if _, cerr := s.Cached(); cerr == nil {
		t.Error("a refused sign-in left a token")
	}
}

func TestPKCEWaitsForTheBrowserUntilCancelled(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.LoginPKCE(ctx, func(BrowserPrompt) { cancel() }) // the person closed the browser and pressed Ctrl-C
	if err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v", err)
	}
}

func TestPKCEGivesUpAfterTheLoginTimeout(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	s.cfg.LoginTimeout = time.Millisecond
	_, err := s.LoginPKCE(context.Background(), func(BrowserPrompt) {})
	if err == nil || !strings.Contains(err.Error(), "was the browser closed?") || !strings.Contains(err.Error(), "assume login --sso-session corp") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoopbackIgnoresForgedCallbacks(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	var wg sync.WaitGroup
	_, err := s.LoginPKCE(context.Background(), func(p BrowserPrompt) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := strings.TrimSuffix(p.LocalURL, "/")
			if page := browse(t, base+"/oauth/callback?code=stolen&state=wrong"); !strings.Contains(page, "does not belong") {
				t.Errorf("forged callback page: %q", page)
			}
			browse(t, p.LocalURL) // then the real one
		}()
	})
	wg.Wait()
	if err != nil {
		t.Fatalf("a forged callback broke the sign-in: %v", err)
	}
}

func TestWrongStartURLAndRegionWithoutIdentityCenter(t *testing.T) {
	w := newWorld(t)
	wrongURL := w.session()
	wrongURL.StartURL = "https://typo.awsapps.com/start"
	_, err := w.service(wrongURL, nil).LoginPKCE(context.Background(), func(BrowserPrompt) { t.Error("no prompt expected") })
	if err == nil || !strings.Contains(err.Error(), "InvalidRequestException") || !strings.Contains(err.Error(), "check sso_start_url https://typo.awsapps.com/start") ||
		!strings.Contains(err.Error(), "/home/config:7") {
		t.Errorf("wrong start URL: %v", err)
	}
	wrongRegion := w.session()
	wrongRegion.Region = "eu-west-3"
	s := New(Config{Session: wrongRegion, OIDCEndpoint: w.fake.RegionURL("eu-west-3"), CacheDir: t.TempDir(), Timeout: 5 * time.Second})
	_, err = s.LoginDevice(context.Background(), func(DeviceCode) { t.Error("no prompt expected") })
	if err == nil || !strings.Contains(err.Error(), "sso_region eu-west-3") || !strings.Contains(err.Error(), "does not know that start URL") {
		t.Errorf("region without the instance: %v", err)
	}
}

func TestUnreachableOIDCIsOneLine(t *testing.T) {
	w := newWorld(t)
	s := New(Config{Session: w.session(), OIDCEndpoint: "http://127.0.0.1:1", CacheDir: t.TempDir(), Timeout: 5 * time.Second})
	_, err := s.LoginDevice(context.Background(), func(DeviceCode) {})
	if err == nil || !strings.Contains(err.Error(), "unreachable") || !strings.Contains(err.Error(), "AWS_ENDPOINT_URL_SSO_OIDC") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
}

func TestDeviceLoginPollsWhilePending(t *testing.T) {
	w := newWorld(t)
	s := w.service(w.session(), nil)
	var shown DeviceCode
	tok, err := s.LoginDevice(context.Background(), func(c DeviceCode) {
		shown = c
		go func() {
			// Approve only once the client has been told "pending".
			for w.fake.Calls("CreateToken/device_code") == 0 {
				time.Sleep(10 * time.Millisecond)
			}
			browse(t, c.CompleteURL)
		}()
	})
	if err != nil {
		t.Fatal(err)
	}
	if shown.Code == "" || !strings.Contains(shown.CompleteURL, shown.Code) {
		t.Errorf("shown %+v", shown)
	}
	if tok.RefreshToken == "" {
		t.Error("a named session's device sign-in got no refresh token (scope sso:account:access)")
	}
	pending := 0
	for _, r := range w.fake.Requests() {
		if r.Code == "AuthorizationPendingException" {
			pending++
		}
		if r.Code == "SlowDownException" {
			t.Errorf("polled faster than the interval: %+v", r)
		}
	}
	if pending == 0 {
		t.Error("never saw authorization_pending")
	}
}

func TestDeviceLoginSlowsDownWhenAsked(t *testing.T) {
	w := newWorld(t)
	w.fake.SlowDownNext(1)
	s := w.service(w.session(), nil)
	_, err := s.LoginDevice(context.Background(), func(c DeviceCode) { go browse(t, c.CompleteURL) })
	if err != nil {
		t.Fatal(err)
	}
	slow := 0
	for _, r := range w.fake.Requests() {
		if r.Code == "SlowDownException" {
			slow++
		}
	}
	// The fake answers slow_down again, on its own, to a poll that came
	// before the grown interval: exactly one means the client waited 5 s more.
	if slow != 1 {
		t.Errorf("slow_down answers: %d, want the injected one only", slow)
	}
}

func TestDeviceCodeExpiryAndRefusal(t *testing.T) {
	w := newWorld(t)
	w.fake.SetDeviceCodeLifetime(1500 * time.Millisecond)
	s := w.service(w.session(), nil)
	_, err := s.LoginDevice(context.Background(), func(DeviceCode) {})
	if err == nil || !(strings.Contains(err.Error(), "expired before it was approved") || strings.Contains(err.Error(), "was not approved within")) {
		t.Errorf("expired code: %v", err)
	}
	w.fake.DenyNext()
	_, err = s.LoginDevice(context.Background(), func(c DeviceCode) { go browse(t, c.CompleteURL) })
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("refused code: %v", err)
	}
	var lr *LoginRequiredError
	if errors.As(err, &lr) {
		t.Error("a refusal is not a login-required condition")
	}
}
