package sso

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakesso"
	"github.com/assume-cli/assume/internal/fakests"
)

// world is a fake Identity Center (with the fake STS behind its role
// credentials) and a home whose token cache the services share.
type world struct {
	t    *testing.T
	sts  *fakests.Server
	fake *fakesso.Server
	dir  string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	sts := fakests.New(t)
	fake := fakesso.New(t, fakesso.Options{StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1", Issuer: sts})
	return &world{t: t, sts: sts, fake: fake, dir: t.TempDir()}
}

func (w *world) session() Session {
	return Session{Name: "corp", StartURL: w.fake.StartURL(), Region: w.fake.Region(), At: "/home/config:7"}
}

// service is one process's view: its own clients, the shared cache.
func (w *world) service(sess Session, now func() time.Time) *Service {
	return New(Config{Session: sess, OIDCEndpoint: w.fake.URL(), PortalEndpoint: w.fake.URL(),
		CacheDir: filepath.Join(w.dir, ".aws", "sso", "cache"), LockDir: filepath.Join(w.dir, "locks"),
		Timeout: 10 * time.Second, Now: now})
}

// browse is a scripted browser: it opens url and follows every redirect,
// as a person's browser does when they are already signed in.
func browse(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Errorf("browser: %v", err)
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// loginPKCE signs sess in through the scripted browser.
func (w *world) loginPKCE(s *Service) Token {
	w.t.Helper()
	var wg sync.WaitGroup
	tok, err := s.LoginPKCE(context.Background(), func(p BrowserPrompt) {
		wg.Add(1)
		go func() { defer wg.Done(); browse(w.t, p.LocalURL) }()
	})
	wg.Wait()
	if err != nil {
		w.t.Fatalf("LoginPKCE: %v", err)
	}
	return tok
}

// later is a clock d ahead of the wall clock.
func later(d time.Duration) func() time.Time { return func() time.Time { return time.Now().Add(d) } }
