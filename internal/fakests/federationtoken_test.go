package fakests

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

func fedIn(name string) *sts.GetFederationTokenInput {
	return &sts.GetFederationTokenInput{Name: aws.String(name), Policy: aws.String(allowAll)}
}

func TestGetFederationTokenIssuesAFederatedUserSession(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()

	out, err := alice.GetFederationToken(ctx, fedIn("alice"))
	if err != nil {
		t.Fatal(err)
	}
	fedARN := "arn:aws:sts::111111111111:federated-user/alice"
	if aws.ToString(out.FederatedUser.Arn) != fedARN || aws.ToString(out.FederatedUser.FederatedUserId) != "111111111111:alice" {
		t.Fatalf("federated user %+v", out.FederatedUser)
	}
	c := sdkCreds(out.Credentials)
	if !c.Expiration.Equal(t0.Add(12*time.Hour)) || !strings.HasPrefix(c.AccessKeyID, "ASIA") || c.SessionToken == "" {
		t.Fatalf("default duration is 12h: %+v", c)
	}
	id, err := clientFor(t, s, c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != fedARN || aws.ToString(id.UserId) != "111111111111:alice" {
		t.Fatalf("identity of the federated session: %v %v", id, err)
	}
	if r := s.Requests()[0]; r.Action != "GetFederationToken" || r.Name != "alice" || r.Policy != allowAll {
		t.Fatalf("request record %+v", r)
	}

	// Its output calls no STS action but GetCallerIdentity.
	s.AddRole(Role{ARN: adminARN, Trust: []string{"111111111111"}})
	_, err = clientFor(t, s, c).AssumeRole(ctx, assumeIn(adminARN, "s1"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg(fedARN, adminARN))
	_, err = clientFor(t, s, c).GetFederationToken(ctx, fedIn("again"))
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials")
	_, err = clientFor(t, s, c).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials")
}

func TestGetFederationTokenNeedsLongTermUserKeys(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()

	mfaSession, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(aliceMFA), TokenCode: aws.String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = clientFor(t, s, sdkCreds(mfaSession.Credentials)).GetFederationToken(ctx, fedIn("alice"))
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials")

	_, role := assume(t, alice, assumeIn(adminARN, "s1"))
	_, err = clientFor(t, s, role).GetFederationToken(ctx, fedIn("alice"))
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials")
}

func TestGetFederationTokenParameterRules(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()
	with := func(f func(*sts.GetFederationTokenInput)) *sts.GetFederationTokenInput {
		in := fedIn("alice")
		f(in)
		return in
	}
	out, err := alice.GetFederationToken(ctx, with(func(in *sts.GetFederationTokenInput) { in.DurationSeconds = aws.Int32(129600) }))
	if err != nil || !aws.ToTime(out.Credentials.Expiration).Equal(t0.Add(36*time.Hour)) {
		t.Fatalf("129600 s: %v %v", out, err)
	}
	if _, err := alice.GetFederationToken(ctx, with(func(in *sts.GetFederationTokenInput) { in.Name = aws.String(strings.Repeat("a", 32)) })); err != nil {
		t.Fatalf("a 32-character name: %v", err)
	}
	cases := []struct {
		name    string
		in      *sts.GetFederationTokenInput
		code    string
		message string
	}{
		{"too long", with(func(in *sts.GetFederationTokenInput) { in.DurationSeconds = aws.Int32(129601) }), "ValidationError",
			"1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"},
		{"too short", with(func(in *sts.GetFederationTokenInput) { in.DurationSeconds = aws.Int32(899) }), "ValidationError",
			"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"name of 1", with(func(in *sts.GetFederationTokenInput) { in.Name = aws.String("a") }), "ValidationError",
			"1 validation error detected: Value 'a' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"name of 33", with(func(in *sts.GetFederationTokenInput) { in.Name = aws.String(strings.Repeat("a", 33)) }), "ValidationError",
			"1 validation error detected: Value '" + strings.Repeat("a", 33) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32"},
		{"name with a space", with(func(in *sts.GetFederationTokenInput) { in.Name = aws.String("al ice") }), "ValidationError",
			"1 validation error detected: Value 'al ice' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"},
		{"policy too long", with(func(in *sts.GetFederationTokenInput) {
			in.Policy = aws.String(`{"Statement":[],"x":"` + strings.Repeat("a", 2048) + `"}`)
		}), "ValidationError", ""},
		{"policy not JSON", with(func(in *sts.GetFederationTokenInput) { in.Policy = aws.String("allow everything") }), "MalformedPolicyDocument",
			"The policy is not in the valid JSON format."},
		{"eleven policy arns", with(func(in *sts.GetFederationTokenInput) {
			for i := 0; i < 11; i++ {
				in.PolicyArns = append(in.PolicyArns, types.PolicyDescriptorType{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
			}
		}), "ValidationError", ""},
	}
	for _, c := range cases {
		_, err := alice.GetFederationToken(ctx, c.in)
		if c.message != "" {
			wantErr(t, err, 400, c.code, c.message)
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.code) {
			t.Errorf("%s: want %s, got %v", c.name, c.code, err)
		}
	}
}

func TestGetFederationTokenDeniedByTheUserPolicy(t *testing.T) {
	s := New(t)
	alice := userClient(t, s, aliceARN)
	s.DenyFederationToken(aliceARN)
	_, err := alice.GetFederationToken(context.Background(), fedIn("alice"))
	wantErr(t, err, 403, "AccessDenied",
		"User: "+aliceARN+" is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111111111111:federated-user/alice")
	if _, err := userClient(t, s, bobARN).GetFederationToken(context.Background(), fedIn("bob")); err != nil {
		t.Fatalf("another user is not denied: %v", err)
	}
}
