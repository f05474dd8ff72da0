package assume

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// SSO role credentials are cached under their own key like a hop's
// session, and sign the hop after them, which is capped at one hour.
func TestSSORoleCredentialsAreCachedAndSignTheNextHop(t *testing.T) {
	s := fakests.New(t)
	s.AddRole(fakests.Role{ARN: deployRole, Trust: []string{ssoRole}, MaxSessionDuration: 12 * time.Hour})
	config := fmt.Sprintf(`[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile sso]
sso_session = corp
sso_account_id = 888888888888
sso_role_name = Admin

[profile deploy]
role_arn = %s
source_profile = sso
duration_seconds = 7200
`, deployRole)
	cfg, err := profiles.LoadBytes("config", []byte(config), "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: s.URL()})
	if err != nil {
		t.Fatal(err)
	}
	var portalCalls atomic.Int32
	ssoCreds := func(_ context.Context, src profiles.Source) (creds.Credentials, error) {
		portalCalls.Add(1)
		if src.SSOAccountID != "888888888888" || src.SSORoleName != "Admin" || src.SSOSession != "corp" {
			t.Errorf("asked for %+v", src)
		}
		c := s.Issue(ssoRole, true)
		return creds.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expires: c.Expiration}, nil
	}
	store := cache.New(keyring.NewArrayKeyring(nil), cache.Options{Backend: "array"})
	run := func(profile string) creds.Credentials {
		t.Helper()
		plan, err := profiles.Resolve(cfg, profile, profiles.ResolveOptions{DefaultSessionName: "me@host"})
		if err != nil {
			t.Fatal(err)
		}
		a := &Assumer{STS: client, Sources: SourceFetcher{Client: client, SSO: ssoCreds}, Cache: store, Margin: 5 * time.Minute, Timeout: 5 * time.Second}
		c, err := a.Run(context.Background(), plan)
		if err != nil {
			t.Fatalf("%s: %v", profile, err)
		}
		return c
	}
	run("deploy")
	if portalCalls.Load() != 1 || s.Calls("AssumeRole") != 1 {
		t.Fatalf("portal %d, AssumeRole %d", portalCalls.Load(), s.Calls("AssumeRole"))
	}
	if reqs := s.Requests(); reqs[0].DurationSeconds != 3600 {
		t.Errorf("the hop after SSO asked %d s; a temporary caller is capped at 3600", reqs[0].DurationSeconds)
	}
	// The SSO profile itself, then the chain again: all from the cache.
	run("sso")
	run("deploy")
	if portalCalls.Load() != 1 || s.Calls("AssumeRole") != 1 {
		t.Errorf("cache missed: portal %d, AssumeRole %d", portalCalls.Load(), s.Calls("AssumeRole"))
	}
	sessions, err := store.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ss := range sessions {
		if ss.Kind == cache.KindSSORole && ss.Profile == "sso" && ss.Role == "888888888888/Admin" {
			found = true
		}
	}
	if !found {
		t.Errorf("no sso-role session listed: %+v", sessions)
	}
}
