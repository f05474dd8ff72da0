package fakests

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestAssumeRoleWithWebIdentity(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	ci := "arn:aws:iam::222222222222:role/ci"
	s.AddRole(Role{ARN: ci, MaxSessionDuration: 2 * time.Hour})
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	s.AddWebIdentityToken("eyJhbGciOi.good.token", ci)
	// Unsigned: the SDK sends this operation anonymously; any keys will do.
	client := newClient(t, s, "AKIAIGNOREDIGNORED00", "ignored", "", 1)
	ctx := context.Background()
	in := func(role, token string, d int32) *sts.AssumeRoleWithWebIdentityInput {
		return &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(role), RoleSessionName: aws.String("gh-actions"),
			WebIdentityToken: aws.String(token), DurationSeconds: aws.Int32(d)}
	}

	out, err := client.AssumeRoleWithWebIdentity(ctx, in(ci, "eyJhbGciOi.good.token", 7200))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::222222222222:assumed-role/ci/gh-actions" ||
		!aws.ToTime(out.Credentials.Expiration).Equal(t0.Add(2*time.Hour)) || !strings.HasPrefix(aws.ToString(out.Credentials.AccessKeyId), "ASIA") {
		t.Fatalf("web identity result %+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	id, err := clientFor(t, s, sdkCreds(out.Credentials)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != "arn:aws:sts::222222222222:assumed-role/ci/gh-actions" {
		t.Fatalf("identity %v %v", id, err)
	}

	_, err = client.AssumeRoleWithWebIdentity(ctx, in(ci, "eyJhbGciOi.good.token", 7201))
	wantErr(t, err, 400, "ValidationError", maxSessionMsg)
	_, err = client.AssumeRoleWithWebIdentity(ctx, in(ci, "eyJhbGciOi.forged.token", 900))
	wantErr(t, err, 400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
	_, err = client.AssumeRoleWithWebIdentity(ctx, in(adminARN, "eyJhbGciOi.good.token", 900))
	wantErr(t, err, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	_, err = client.AssumeRoleWithWebIdentity(ctx, in(ci, "eyJhbGciOi.good.token", 43201))
	wantErr(t, err, 400, "ValidationError", "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")
	if reqs := s.Requests(); reqs[0].AccessKeyID != "" || reqs[0].Action != "AssumeRoleWithWebIdentity" {
		t.Fatalf("web identity request was signed: %+v", reqs[0])
	}
	if s.RoleCalls(ci) != 4 || s.Calls("AssumeRoleWithWebIdentity") != 5 {
		t.Fatalf("counters %d %d", s.RoleCalls(ci), s.Calls("AssumeRoleWithWebIdentity"))
	}
}
