package fakests

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestGetSessionToken(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	s.AddMFADevice(aliceMFA, "123456")
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()

	out, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	c := sdkCreds(out.Credentials)
	if !c.Expiration.Equal(t0.Add(43200*time.Second)) || len(c.AccessKeyID) != 20 || c.AccessKeyID[:4] != "ASIA" || c.SessionToken == "" {
		t.Fatalf("GetSessionToken creds %+v", c)
	}
	id, err := clientFor(t, s, c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != aliceARN {
		t.Fatalf("session token identity %v %v", id, err)
	}
	// Its output cannot call GetSessionToken again.
	_, err = clientFor(t, s, c).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials")

	out, err = alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(129600)})
	if err != nil || !aws.ToTime(out.Credentials.Expiration).Equal(t0.Add(36*time.Hour)) {
		t.Fatalf("129600 s: %v %v", out, err)
	}
	_, err = alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(129601)})
	wantErr(t, err, 400, "ValidationError", "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600")
	_, err = alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(899)})
	wantErr(t, err, 400, "ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")

	mfa := &sts.GetSessionTokenInput{SerialNumber: aws.String(aliceMFA), TokenCode: aws.String("123456")}
	if _, err := alice.GetSessionToken(ctx, mfa); err != nil {
		t.Fatal(err)
	}
	_, err = alice.GetSessionToken(ctx, mfa)
	wantErr(t, err, 403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
	_, err = alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(aliceMFA)})
	wantErr(t, err, 403, "AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")
}

func TestGetSessionTokenRefusedToRoleSessions(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	_, c := assume(t, userClient(t, s, aliceARN), assumeIn(adminARN, "s1"))
	_, err := clientFor(t, s, c).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	wantErr(t, err, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials")
}

func TestIssue(t *testing.T) {
	s := New(t)
	ctx := context.Background()
	s.AddRole(Role{ARN: adminARN, Trust: []string{"arn:aws:iam::222222222222:role/path/ci"}, MaxSessionDuration: 4 * time.Hour})
	for _, tc := range []struct {
		principal string
		temporary bool
		wantARN   string
	}{
		{aliceARN, false, aliceARN},
		{aliceARN, true, aliceARN},
		{"arn:aws:iam::222222222222:role/path/ci", true, "arn:aws:sts::222222222222:assumed-role/ci/fakests-session"},
		{"arn:aws:sts::222222222222:assumed-role/ci/build-7", true, "arn:aws:sts::222222222222:assumed-role/ci/build-7"},
	} {
		c := s.Issue(tc.principal, tc.temporary)
		if (c.SessionToken != "") != tc.temporary {
			t.Fatalf("Issue(%s, %v): token %q", tc.principal, tc.temporary, c.SessionToken)
		}
		id, err := clientFor(t, s, c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil || aws.ToString(id.Arn) != tc.wantARN {
			t.Fatalf("Issue(%s, %v): identity %v %v", tc.principal, tc.temporary, id, err)
		}
	}
	// A minted role session is a chained caller: trusted by role ARN, capped at 1h.
	ci := clientFor(t, s, s.Issue("arn:aws:iam::222222222222:role/path/ci", true))
	in := assumeIn(adminARN, "s1")
	in.DurationSeconds = aws.Int32(7200)
	_, err := ci.AssumeRole(ctx, in)
	wantErr(t, err, 400, "ValidationError", chainingLimitMsg)
	assume(t, ci, assumeIn(adminARN, "s1"))
}
