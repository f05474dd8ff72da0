package fakests

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestVerifySessionKnowsWhatItIssued(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	deployARN := "arn:aws:iam::333333333333:role/deploy"
	s.AddRole(Role{ARN: deployARN, Trust: []string{adminARN}})
	akid, secret := s.AddUser(aliceARN)
	alice := newClient(t, s, akid, secret, "", 1)
	ctx := context.Background()

	_, admin := assume(t, alice, assumeIn(adminARN, "s1"))
	_, deploy := assume(t, clientFor(t, s, admin), assumeIn(deployARN, "s2"))
	mfa, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(aliceMFA), TokenCode: aws.String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	fed, err := alice.GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		c    Credentials
		want SessionInfo
	}{
		{"role from long-term keys", admin, SessionInfo{Kind: RoleSession, CallerARN: "arn:aws:sts::222222222222:assumed-role/admin/s1", Account: "222222222222",
			Expiration: t0.Add(time.Hour), FromLongTermKeys: true, Permissions: true}},
		{"chained role", deploy, SessionInfo{Kind: RoleSession, CallerARN: "arn:aws:sts::333333333333:assumed-role/deploy/s2", Account: "333333333333",
			Expiration: t0.Add(time.Hour), Permissions: true}},
		{"mfa session", sdkCreds(mfa.Credentials), SessionInfo{Kind: SessionTokenSession, CallerARN: aliceARN, Account: "111111111111",
			Expiration: t0.Add(12 * time.Hour), MFA: true, Permissions: true}},
		{"federation without a policy", sdkCreds(fed.Credentials), SessionInfo{Kind: FederationSession, CallerARN: "arn:aws:sts::111111111111:federated-user/alice",
			Account: "111111111111", Expiration: t0.Add(12 * time.Hour)}},
	}
	for _, c := range cases {
		got, err := s.VerifySession(c.c.AccessKeyID, c.c.SecretAccessKey, c.c.SessionToken)
		if err != nil || got != c.want {
			t.Errorf("%s:\n got %+v, %v\nwant %+v", c.name, got, err, c.want)
		}
	}

	tampered := []Credentials{
		{admin.AccessKeyID, admin.SecretAccessKey + "x", admin.SessionToken, time.Time{}},
		{admin.AccessKeyID, admin.SecretAccessKey, flipped(admin.SessionToken), time.Time{}},
		{"ASIAAAAAAAAAAAAAAAAA", admin.SecretAccessKey, admin.SessionToken, time.Time{}},
		{akid, secret + "x", "", time.Time{}},
	}
	for i, c := range tampered {
		if _, err := s.VerifySession(c.AccessKeyID, c.SecretAccessKey, c.SessionToken); !errors.Is(err, ErrNotIssued) {
			t.Errorf("tampered %d: %v", i, err)
		}
	}
	if _, err := s.VerifySession(akid, secret, ""); !errors.Is(err, ErrLongTermKeys) {
		t.Errorf("long-term keys: %v", err)
	}
	s.Advance(time.Hour)
	if info, err := s.VerifySession(admin.AccessKeyID, admin.SecretAccessKey, admin.SessionToken); !errors.Is(err, ErrExpired) || info.Kind != RoleSession {
		t.Errorf("at its expiration: %+v %v", info, err)
	}
}

// flipped changes one character of s, always: a fixed replacement would
// be no change when s already holds it.
func flipped(s string) string {
	b := []byte(s)
	if b[10] == 'A' {
		b[10] = 'B'
	} else {
		b[10] = 'A'
	}
	return string(b)
}
