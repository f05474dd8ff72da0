package fakests

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

var tokenShapeRe = regexp.MustCompile(`^[A-Za-z0-9+/]+=*$`)

func TestAssumeRoleResultShape(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	s.AddRole(Role{ARN: "arn:aws:iam::222222222222:role/team/ops/admin", Trust: []string{aliceARN}})
	out, c := assume(t, userClient(t, s, aliceARN), assumeIn("arn:aws:iam::222222222222:role/team/ops/admin", "alice@example.com"))

	if !strings.HasPrefix(c.AccessKeyID, "ASIA") || len(c.AccessKeyID) != 20 || len(c.SecretAccessKey) != 40 {
		t.Fatalf("keys %q %q", c.AccessKeyID, c.SecretAccessKey)
	}
	if n := len(c.SessionToken); n < 400 || n > 1000 || !tokenShapeRe.MatchString(c.SessionToken) ||
		!strings.ContainsAny(c.SessionToken, "/") || !strings.ContainsAny(c.SessionToken, "+") || !strings.HasSuffix(c.SessionToken, "=") {
		t.Fatalf("token shape (%d chars) %q", n, c.SessionToken)
	}
	if !c.Expiration.Equal(t0.Add(time.Hour)) {
		t.Fatalf("default duration: expiration %s, want %s", c.Expiration, t0.Add(time.Hour))
	}
	u := out.AssumedRoleUser
	wantARN := "arn:aws:sts::222222222222:assumed-role/admin/alice@example.com"
	if aws.ToString(u.Arn) != wantARN || !regexp.MustCompile(`^AROA[A-Z2-7]{17}:alice@example\.com$`).MatchString(aws.ToString(u.AssumedRoleId)) {
		t.Fatalf("assumed role user %q %q", aws.ToString(u.Arn), aws.ToString(u.AssumedRoleId))
	}
	id, err := clientFor(t, s, c).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Arn) != wantARN || aws.ToString(id.UserId) != aws.ToString(u.AssumedRoleId) || aws.ToString(id.Account) != "222222222222" {
		t.Fatalf("role session identity %q %q %q", aws.ToString(id.Arn), aws.ToString(id.UserId), aws.ToString(id.Account))
	}
}

func TestAssumeRoleParameterValidation(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, MaxSessionDuration: 12 * time.Hour})
	alice := userClient(t, s, aliceARN)
	long := strings.Repeat("a", 65)
	tags := func(n int) []types.Tag {
		var ts []types.Tag
		for i := 0; i < n; i++ {
			ts = append(ts, types.Tag{Key: aws.String(fmt.Sprint("k", i)), Value: aws.String("v")})
		}
		return ts
	}
	keys := func(n int) []string {
		var ks []string
		for i := 0; i < n; i++ {
			ks = append(ks, fmt.Sprint("k", i))
		}
		return ks
	}
	prefix := "1 validation error detected: "
	cases := []struct {
		name string
		edit func(*sts.AssumeRoleInput)
		msg  string
	}{
		{"session name too short", func(in *sts.AssumeRoleInput) { in.RoleSessionName = aws.String("a") },
			prefix + "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"session name too long", func(in *sts.AssumeRoleInput) { in.RoleSessionName = aws.String(long) },
			prefix + "Value '" + long + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"session name pattern", func(in *sts.AssumeRoleInput) { in.RoleSessionName = aws.String("alice smith") },
			prefix + `Value 'alice smith' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{"external id too short", func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String("x") },
			prefix + "Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"external id too long", func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String(strings.Repeat("x", 1225)) },
			prefix + "Value '" + strings.Repeat("x", 1225) + "' at 'externalId' failed to satisfy constraint: Member must have length less than or equal to 1224"},
		{"external id pattern", func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String("a b") },
			prefix + `Value 'a b' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`},
		{"duration too short", func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(899) },
			prefix + "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"duration too long", func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(43201) },
			prefix + "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"token code not 6 long", func(in *sts.AssumeRoleInput) {
			in.SerialNumber, in.TokenCode = aws.String(aliceMFA), aws.String("12345")
		}, prefix + "Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6"},
		{"token code not digits", func(in *sts.AssumeRoleInput) {
			in.SerialNumber, in.TokenCode = aws.String(aliceMFA), aws.String("12345a")
		}, prefix + `Value '12345a' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\d]*`},
		{"serial too short", func(in *sts.AssumeRoleInput) {
			in.SerialNumber, in.TokenCode = aws.String("GAHT1234"), aws.String("123456")
		}, prefix + "Value 'GAHT1234' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9"},
		{"source identity too short", func(in *sts.AssumeRoleInput) { in.SourceIdentity = aws.String("a") },
			prefix + "Value 'a' at 'sourceIdentity' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"source identity aws: prefix", func(in *sts.AssumeRoleInput) { in.SourceIdentity = aws.String("aws:alice") },
			prefix + `Value 'aws:alice' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{"51 tags", func(in *sts.AssumeRoleInput) { in.Tags = tags(51) }, ""},
		{"51 transitive tag keys", func(in *sts.AssumeRoleInput) { in.Tags, in.TransitiveTagKeys = tags(1), keys(51) }, ""},
		{"two errors", func(in *sts.AssumeRoleInput) {
			in.RoleSessionName, in.DurationSeconds = aws.String("a"), aws.Int32(100)
		}, "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
			"Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"malformed role arn", func(in *sts.AssumeRoleInput) { in.RoleArn = aws.String("arn:aws:iam::222222222222:role:admin") }, invalidARNMsg},
		{"11-digit account", func(in *sts.AssumeRoleInput) { in.RoleArn = aws.String("arn:aws:iam::22222222222:role/admin") }, invalidARNMsg},
		{"not a role", func(in *sts.AssumeRoleInput) { in.RoleArn = aws.String("arn:aws:iam::222222222222:user/admin") }, invalidARNMsg},
		{"role name too long", func(in *sts.AssumeRoleInput) { in.RoleArn = aws.String("arn:aws:iam::222222222222:role/" + long) }, invalidARNMsg},
		{"role arn too short", func(in *sts.AssumeRoleInput) { in.RoleArn = aws.String("arn:aws:iam::1:r/a") },
			prefix + "Value 'arn:aws:iam::1:r/a' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := assumeIn(adminARN, "valid")
			tc.edit(in)
			_, err := alice.AssumeRole(context.Background(), in)
			if tc.msg == "" {
				wantErr(t, err, 400, "ValidationError", errMessage(err))
				if !strings.Contains(errMessage(err), "Member must have length less than or equal to 50") {
					t.Fatalf("want a 50-member limit, got %q", errMessage(err))
				}
				return
			}
			wantErr(t, err, 400, "ValidationError", tc.msg)
		})
	}
	// The limits themselves are allowed.
	in := assumeIn(adminARN, strings.Repeat("a", 64))
	in.ExternalId, in.DurationSeconds, in.Tags, in.TransitiveTagKeys = aws.String("ab"), aws.Int32(43200), tags(50), keys(50)
	in.SourceIdentity = aws.String(strings.Repeat("s", 64))
	assume(t, alice, in)
	assume(t, alice, &sts.AssumeRoleInput{RoleArn: aws.String(adminARN), RoleSessionName: aws.String("ab"), DurationSeconds: aws.Int32(900)})
}

func TestRoleSessionNameIsRequired(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	akid, secret := s.AddUser(aliceARN)
	r := rawCall(t, s, action("AssumeRole", "RoleArn", adminARN), &Credentials{AccessKeyID: akid, SecretAccessKey: secret}, time.Now(), nil)
	want := "<Code>ValidationError</Code><Message>1 validation error detected: Value null at &#39;roleSessionName&#39; failed to satisfy constraint: Member must not be null</Message>"
	if r.status != 400 || !strings.Contains(r.body, want) {
		t.Fatalf("missing RoleSessionName: %d %s", r.status, r.body)
	}
}

func TestSerialNumberAndTokenCodeBothOrNeither(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	alice := userClient(t, s, aliceARN)
	msg := "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
	in := assumeIn(adminARN, "s")
	in.RoleSessionName, in.SerialNumber = aws.String("ss"), aws.String(aliceMFA)
	_, err := alice.AssumeRole(context.Background(), in)
	wantErr(t, err, 403, "AccessDenied", msg)
	in.SerialNumber, in.TokenCode = nil, aws.String("123456")
	_, err = alice.AssumeRole(context.Background(), in)
	wantErr(t, err, 403, "AccessDenied", msg)
}

func TestUnknownRoleAndUntrustedCallerAreDenied(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{bobARN}})
	alice := userClient(t, s, aliceARN)
	_, err := alice.AssumeRole(context.Background(), assumeIn("arn:aws:iam::222222222222:role/nope", "s1"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg(aliceARN, "arn:aws:iam::222222222222:role/nope"))
	_, err = alice.AssumeRole(context.Background(), assumeIn(adminARN, "s1"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg(aliceARN, adminARN))
	assume(t, userClient(t, s, bobARN), assumeIn(adminARN, "s1"))
}

func TestTrustOfWholeAccount(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{"arn:aws:iam::111111111111:root"}})
	s.AddRole(Role{ARN: "arn:aws:iam::222222222222:role/bare", Trust: []string{"111111111111"}})
	assume(t, userClient(t, s, aliceARN), assumeIn(adminARN, "s1"))
	assume(t, userClient(t, s, aliceARN), assumeIn("arn:aws:iam::222222222222:role/bare", "s1"))
	_, err := userClient(t, s, "arn:aws:iam::333333333333:user/eve").AssumeRole(context.Background(), assumeIn(adminARN, "s1"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg("arn:aws:iam::333333333333:user/eve", adminARN))
}

func TestExternalIDMustMatch(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, ExternalID: "secret-ext"})
	alice := userClient(t, s, aliceARN)
	denied := notAuthorizedMsg(aliceARN, adminARN)
	_, err := alice.AssumeRole(context.Background(), assumeIn(adminARN, "s1"))
	wantErr(t, err, 403, "AccessDenied", denied)
	in := assumeIn(adminARN, "s1")
	in.ExternalId = aws.String("other-ext")
	_, err = alice.AssumeRole(context.Background(), in)
	wantErr(t, err, 403, "AccessDenied", denied)
	in.ExternalId = aws.String("secret-ext")
	assume(t, alice, in)
}

func TestRequireMFA(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456", "654321")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, RequireMFA: true})
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()
	withCode := func(serial, code string) *sts.AssumeRoleInput {
		in := assumeIn(adminARN, "mfa")
		in.SerialNumber, in.TokenCode = aws.String(serial), aws.String(code)
		return in
	}
	mfaFailed := "MultiFactorAuthentication failed with invalid MFA one time pass code."

	_, err := alice.AssumeRole(ctx, assumeIn(adminARN, "nomfa"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg(aliceARN, adminARN))
	_, err = alice.AssumeRole(ctx, withCode(aliceMFA, "111111"))
	wantErr(t, err, 403, "AccessDenied", mfaFailed)
	_, err = alice.AssumeRole(ctx, withCode("arn:aws:iam::111111111111:mfa/nobody", "123456"))
	wantErr(t, err, 403, "AccessDenied", mfaFailed)

	assume(t, alice, withCode(aliceMFA, "123456"))
	_, err = alice.AssumeRole(ctx, withCode(aliceMFA, "123456"))
	wantErr(t, err, 403, "AccessDenied", mfaFailed) // replayed code
	assume(t, alice, withCode(aliceMFA, "654321"))
	_, err = alice.AssumeRole(ctx, withCode(aliceMFA, "654321"))
	wantErr(t, err, 403, "AccessDenied", mfaFailed)
}

func TestRequireMFAViaSessionToken(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, RequireMFA: true})
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()

	plain, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = clientFor(t, s, sdkCreds(plain.Credentials)).AssumeRole(ctx, assumeIn(adminARN, "s1"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg(aliceARN, adminARN))

	withMFA, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(aliceMFA), TokenCode: aws.String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	assume(t, clientFor(t, s, sdkCreds(withMFA.Credentials)), assumeIn(adminARN, "s1"))
}

func TestDurationLimits(t *testing.T) {
	s := New(t)
	t0 := fixedClock(s)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}}) // MaxSessionDuration defaults to 1h
	long := "arn:aws:iam::222222222222:role/long"
	s.AddRole(Role{ARN: long, Trust: []string{aliceARN, adminARN}, MaxSessionDuration: 12 * time.Hour})
	alice := userClient(t, s, aliceARN)
	ctx := context.Background()

	in := assumeIn(adminARN, "s1")
	in.DurationSeconds = aws.Int32(3601)
	_, err := alice.AssumeRole(ctx, in)
	wantErr(t, err, 400, "ValidationError", maxSessionMsg)

	in = assumeIn(long, "s1")
	in.DurationSeconds = aws.Int32(43200)
	_, c := assume(t, alice, in)
	if !c.Expiration.Equal(t0.Add(12 * time.Hour)) {
		t.Fatalf("expiration %s, want %s", c.Expiration, t0.Add(12*time.Hour))
	}

	// Chained from a role session: more than an hour is refused, whatever the role allows.
	_, adminCreds := assume(t, alice, assumeIn(adminARN, "s1"))
	admin := clientFor(t, s, adminCreds)
	in = assumeIn(long, "s2")
	in.DurationSeconds = aws.Int32(7200)
	_, err = admin.AssumeRole(ctx, in)
	wantErr(t, err, 400, "ValidationError", chainingLimitMsg)
	if chainingLimitMsg != "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Fatal("chaining message changed")
	}
	in.DurationSeconds = aws.Int32(3600)
	_, c = assume(t, admin, in)
	if !c.Expiration.Equal(t0.Add(time.Hour)) {
		t.Fatalf("chained expiration %s", c.Expiration)
	}

	// GetSessionToken output counts as chained too.
	gst, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	in.DurationSeconds = aws.Int32(3601)
	_, err = clientFor(t, s, sdkCreds(gst.Credentials)).AssumeRole(ctx, in)
	wantErr(t, err, 400, "ValidationError", chainingLimitMsg)
}

func TestChainOfThreeRoles(t *testing.T) {
	s := New(t)
	a := "arn:aws:iam::222222222222:role/a"
	b := "arn:aws:iam::333333333333:role/b"
	c := "arn:aws:iam::444444444444:role/c"
	s.AddRole(Role{ARN: a, Trust: []string{aliceARN}})
	s.AddRole(Role{ARN: b, Trust: []string{a}})
	s.AddRole(Role{ARN: c, Trust: []string{b}})
	ctx := context.Background()

	_, credsA := assume(t, userClient(t, s, aliceARN), assumeIn(a, "hop1"))
	clientA := clientFor(t, s, credsA)
	_, err := clientA.AssumeRole(ctx, assumeIn(c, "skip"))
	wantErr(t, err, 403, "AccessDenied", notAuthorizedMsg("arn:aws:sts::222222222222:assumed-role/a/hop1", c))
	_, credsB := assume(t, clientA, assumeIn(b, "hop2"))
	out, credsC := assume(t, clientFor(t, s, credsB), assumeIn(c, "hop3"))
	if got := aws.ToString(out.AssumedRoleUser.Arn); got != "arn:aws:sts::444444444444:assumed-role/c/hop3" {
		t.Fatalf("hop3 arn %q", got)
	}
	id, err := clientFor(t, s, credsC).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Account) != "444444444444" {
		t.Fatalf("hop3 identity %v %v", id, err)
	}
	if n := s.Calls("AssumeRole"); n != 4 {
		t.Fatalf("Calls(AssumeRole) = %d, want 4", n)
	}
	if s.RoleCalls(c) != 2 || s.RoleCalls(b) != 1 {
		t.Fatalf("RoleCalls c=%d b=%d", s.RoleCalls(c), s.RoleCalls(b))
	}
}

func TestSourceIdentityPersistsAlongChain(t *testing.T) {
	s := New(t)
	b := "arn:aws:iam::333333333333:role/b"
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	s.AddRole(Role{ARN: b, Trust: []string{adminARN}})
	ctx := context.Background()
	in := assumeIn(adminARN, "hop1")
	in.SourceIdentity = aws.String("alice")
	out, creds := assume(t, userClient(t, s, aliceARN), in)
	if aws.ToString(out.SourceIdentity) != "alice" {
		t.Fatalf("SourceIdentity %q", aws.ToString(out.SourceIdentity))
	}
	admin := clientFor(t, s, creds)
	out, _ = assume(t, admin, assumeIn(b, "hop2"))
	if aws.ToString(out.SourceIdentity) != "alice" {
		t.Fatalf("inherited SourceIdentity %q", aws.ToString(out.SourceIdentity))
	}
	in = assumeIn(b, "hop2")
	in.SourceIdentity = aws.String("mallory")
	_, err := admin.AssumeRole(ctx, in)
	wantErr(t, err, 403, "AccessDenied", "User: arn:aws:sts::222222222222:assumed-role/admin/hop1 is not authorized to perform: sts:SetSourceIdentity on resource: "+b)
	in.SourceIdentity = aws.String("alice")
	assume(t, admin, in)
}
