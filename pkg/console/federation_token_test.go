package console

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakefed"
	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
)

func TestFederationTokenRequest(t *testing.T) {
	req, err := FederationTokenRequest("alice", 0)
	if err != nil || req.Name != "alice" || req.Policy != FederationPolicy || req.Duration != time.Hour {
		t.Fatalf("default: %+v %v", req, err)
	}
	if req, err := FederationTokenRequest("alice", 36*time.Hour); err != nil || req.Duration != 36*time.Hour {
		t.Errorf("36h: %+v %v", req, err)
	}
	for _, d := range []time.Duration{14 * time.Minute, 37 * time.Hour} {
		if _, err := FederationTokenRequest("alice", d); err == nil || !strings.Contains(err.Error(), "15m0s..36h0m0s") {
			t.Errorf("%s: %v", d, err)
		}
	}
	for user, want := range map[string]string{
		"alice":                           "alice",
		"first.last@corp.example":         "first.last@corp.example",
		"Jürgen Müller":                   "J-rgen-M-ller",
		"":                                "assume-session",
		strings.Repeat("a", 40):           strings.Repeat("a", 32),
		strings.Repeat("a", 31) + " tail": strings.Repeat("a", 31),
		"x":                               "assume-x",
	} {
		if got := FederatedName(user); got != want {
			t.Errorf("FederatedName(%q) = %q, want %q", user, got, want)
		}
	}
}

// The GetFederationToken path against the strict fakes: long-term keys
// get a federated session that the federation endpoint signs in, with the
// user's permissions (a session policy was sent).
func TestFederationTokenSessionSignsIn(t *testing.T) {
	sts := fakests.New(t)
	fed := fakefed.New(t, sts)
	akid, secret := sts.AddUser("arn:aws:iam::111111111111:user/alice")
	client, err := assume.NewSDKClient(context.Background(), assume.ClientOptions{Endpoint: sts.URL(), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keys := creds.Credentials{AccessKeyID: akid, SecretAccessKey: secret}
	req, _ := FederationTokenRequest("alice", 2*time.Hour)
	session, err := client.GetFederationToken(ctx, keys, req)
	if err != nil {
		t.Fatal(err)
	}
	info, err := sts.VerifySession(session.AccessKeyID, session.SecretAccessKey, session.SessionToken)
	if err != nil || info.Kind != fakests.FederationSession || !info.Permissions || info.CallerARN != "arn:aws:sts::111111111111:federated-user/alice" ||
		!info.Expiration.Equal(session.Expires) || session.Expires.Sub(sts.Now()) > 2*time.Hour {
		t.Fatalf("federated session %+v %v (expires %s)", info, err, session.Expires)
	}
	ep := Endpoint{URL: fed.URL(), Post: true}
	if _, err := (Signin{HTTP: noRedirects()}).Token(ctx, ep, session, SessionDuration(planWith("", ""), FederationToken)); err != nil {
		t.Fatalf("the federation endpoint refused the federated session: %v", err)
	}
	// The long-term keys themselves cannot sign in.
	if _, err := (Signin{HTTP: noRedirects()}).Token(ctx, ep, keys, 0); err == nil {
		t.Fatal("long-term keys signed in")
	}

	sts.DenyFederationToken("arn:aws:iam::111111111111:user/alice")
	_, err = client.GetFederationToken(ctx, keys, req)
	msg := FederationTokenError("alice-keys", err).Error()
	for _, want := range []string{`profile "alice-keys" assumes no role`, "AccessDenied", "not authorized to perform: sts:GetFederationToken", "allow it, or give the profile a role_arn"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") || strings.Contains(msg, secret) {
		t.Errorf("not one clean line: %q", msg)
	}
	var apiErr interface{ ErrorCode() string }
	if !errors.As(FederationTokenError("p", err), &apiErr) {
		t.Error("the SDK error does not unwrap")
	}
}
