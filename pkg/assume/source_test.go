package assume

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/sso"
)

const (
	ciRole     = "arn:aws:iam::666666666666:role/ci"
	deployRole = "arn:aws:iam::777777777777:role/deploy"
	ssoRole    = "arn:aws:iam::888888888888:role/AWSReservedSSO_Admin_abc"
)

// runProfile resolves and runs profile from config text against s.
func runProfile(t *testing.T, s *fakests.Server, config, profile string) (*Assumer, error) {
	t.Helper()
	return runProfileWith(t, s, config, profile, nil)
}

// runProfileWith is runProfile with an SSO source.
func runProfileWith(t *testing.T, s *fakests.Server, config, profile string, ssoCreds SSORoleCredentials) (*Assumer, error) {
	t.Helper()
	cfg, err := profiles.LoadBytes("config", []byte(config), "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := profiles.Resolve(cfg, profile, profiles.ResolveOptions{DefaultSessionName: "ci@runner"})
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: s.URL(), Region: "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	a := &Assumer{STS: client, Sources: SourceFetcher{Client: client, Getenv: os.Getenv, SSO: ssoCreds}, Timeout: 5 * time.Second}
	c, err := a.Run(context.Background(), plan)
	if err != nil {
		return a, err
	}
	id, err := client.GetCallerIdentity(context.Background(), c)
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if !strings.Contains(id.Arn, "assumed-role/deploy/") {
		t.Fatalf("final identity %q, want the deploy role", id.Arn)
	}
	return a, nil
}

func TestWebIdentitySourceThenRoleHop(t *testing.T) {
	s := fakests.New(t)
	s.AddRole(fakests.Role{ARN: ciRole, Trust: []string{"666666666666"}})
	s.AddRole(fakests.Role{ARN: deployRole, Trust: []string{ciRole}})
	token := "eyJhbGciOiJSUzI1NiJ9.ci-token.sig"
	s.AddWebIdentityToken(token, ciRole)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf("[profile ci]\nrole_arn = %s\nweb_identity_token_file = %s\n\n[profile deploy]\nrole_arn = %s\nsource_profile = ci\n", ciRole, tokenFile, deployRole)
	if _, err := runProfile(t, s, config, "deploy"); err != nil {
		t.Fatal(err)
	}
	if s.Calls("AssumeRoleWithWebIdentity") != 1 || s.Calls("AssumeRole") != 1 {
		t.Fatalf("calls: web identity %d, assume role %d", s.Calls("AssumeRoleWithWebIdentity"), s.Calls("AssumeRole"))
	}
}

// fakeSSOPortal answers GetRoleCredentials for one bearer token with
// credentials minted by the fake STS for the SSO role.
func fakeSSOPortal(t *testing.T, token string, issue func() fakests.Credentials) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/federation/credentials" || r.Header.Get("x-amz-sso_bearer_token") != token {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message":"Session token not found or invalid"}`)
			return
		}
		if r.URL.Query().Get("account_id") != "888888888888" || r.URL.Query().Get("role_name") != "Admin" {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"No access"}`)
			return
		}
		c := issue()
		_ = json.NewEncoder(w).Encode(map[string]any{"roleCredentials": map[string]any{
			"accessKeyId": c.AccessKeyID, "secretAccessKey": c.SecretAccessKey, "sessionToken": c.SessionToken,
			"expiration": c.Expiration.UnixMilli(),
		}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSSOSessionSourceReusesTheAWSCLITokenCache(t *testing.T) {
	s := fakests.New(t)
	s.AddRole(fakests.Role{ARN: ssoRole, Trust: []string{"888888888888"}})
	s.AddRole(fakests.Role{ARN: deployRole, Trust: []string{ssoRole}})
	portal := fakeSSOPortal(t, "sso-access-token", func() fakests.Credentials { return s.Issue(ssoRole, true) })
	home := t.TempDir()
	// What `aws sso login --sso-session corp` leaves behind.
	sum := sha1.Sum([]byte("corp"))
	cacheDir := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cacheDir, 0o700); err != nil {
		t.Fatal(err)
	}
	tok := fmt.Sprintf(`{"accessToken":"sso-access-token","expiresAt":"%s","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start","clientId":"c","clientSecret":"s","refreshToken":"r","registrationExpiresAt":"%s"}`,
		time.Now().Add(time.Hour).UTC().Format(time.RFC3339), time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(cacheDir, hex.EncodeToString(sum[:])+".json"), []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
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
	ssoCreds := func(ctx context.Context, src profiles.Source) (creds.Credentials, error) {
		svc := sso.New(sso.Config{Session: sso.Session{Name: src.SSOSession, StartURL: src.SSOStartURL, Region: src.SSORegion},
			PortalEndpoint: portal.URL, CacheDir: cacheDir})
		return svc.RoleCredentials(ctx, src.SSOAccountID, src.SSORoleName)
	}
	if _, err := runProfileWith(t, s, config, "deploy", ssoCreds); err != nil {
		t.Fatal(err)
	}
	if reqs := s.Requests(); len(reqs) == 0 || reqs[0].DurationSeconds != 3600 {
		t.Fatalf("hop from an SSO session must be capped at 3600s: %+v", reqs)
	}
}

func TestEnvironmentSourceRequiresKeys(t *testing.T) {
	f := SourceFetcher{Getenv: func(string) string { return "" }}
	_, err := f.Fetch(context.Background(), profiles.Source{Kind: profiles.SourceEnvironment, Profile: "envy"})
	if err == nil || !strings.Contains(err.Error(), `profile "envy"`) || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Fatalf("err = %v", err)
	}
}
