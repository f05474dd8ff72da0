package session

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/pkg/assume"
)

// A long-lived session (the credentials server) renews many times: the
// code given with --mfa-token is sent once, later renewals ask again.
func TestGivenMFACodeIsSentOncePerSession(t *testing.T) {
	s := fakests.New(t)
	akid, secret := s.AddUser("arn:aws:iam::111111111111:user/alice")
	s.AddMFADevice("arn:aws:iam::111111111111:mfa/alice", "111111", "222222")
	s.AddRole(fakests.Role{ARN: "arn:aws:iam::222222222222:role/mfa", Trust: []string{"arn:aws:iam::111111111111:user/alice"}, RequireMFA: true})
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := map[string]string{
		"HOME":                        dir,
		"AWS_CONFIG_FILE":             write("config", "[profile mfa]\nrole_arn = arn:aws:iam::222222222222:role/mfa\nsource_profile = alice\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nregion = eu-west-1\n"),
		"AWS_SHARED_CREDENTIALS_FILE": write("credentials", "[alice]\naws_access_key_id = "+akid+"\naws_secret_access_key = "+secret+"\n"),
		"AWS_ENDPOINT_URL_STS":        s.URL(),
	}
	var prompted []string
	sess := New(Options{MFAToken: "111111", NoCache: true}, Deps{
		Host: host.FromMap(env),
		PromptMFA: func(ctx context.Context, req assume.MFARequest) (string, error) {
			prompted = append(prompted, req.Serial)
			return "222222", nil
		},
	})
	for i := 0; i < 2; i++ {
		if _, err := sess.Credentials(context.Background(), "mfa"); err != nil {
			t.Fatalf("renewal %d: %v", i+1, err)
		}
	}
	if len(prompted) != 1 {
		t.Fatalf("prompted %d times, want once (the second renewal, after --mfa-token was spent)", len(prompted))
	}
	// Each renewal's code goes to its MFA session (GetSessionToken),
	// which then signs the role call.
	var codes []string
	for _, r := range s.Requests() {
		if r.TokenCode != "" {
			codes = append(codes, r.Action+":"+r.TokenCode)
		}
	}
	if len(codes) != 2 || codes[0] != "GetSessionToken:111111" || codes[1] != "GetSessionToken:222222" {
		t.Fatalf("codes sent: %q", codes)
	}
}
