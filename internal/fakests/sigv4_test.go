package fakests

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestGetCallerIdentityLongTermUser(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	if !strings.HasPrefix(akid, "AKIA") || len(akid) != 20 || len(secret) != 40 {
		t.Fatalf("bad long-term keys %q %q", akid, secret)
	}
	out, err := newClient(t, s, akid, secret, "", 1).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != aliceARN || aws.ToString(out.Account) != "111111111111" || !strings.HasPrefix(aws.ToString(out.UserId), "AIDA") {
		t.Fatalf("identity %q %q %q", aws.ToString(out.Arn), aws.ToString(out.Account), aws.ToString(out.UserId))
	}
}

func TestWrongSecretIsRejected(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	wrong := secret[:39] + "A"
	if secret[39] == 'A' {
		wrong = secret[:39] + "B"
	}
	_, err := newClient(t, s, akid, wrong, "", 1).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantErr(t, err, 403, "SignatureDoesNotMatch", badSignatureMsg)
}

func TestUnknownAccessKeyIsRejected(t *testing.T) {
	s := New(t)
	s.AddUser(aliceARN)
	_, err := newClient(t, s, "AKIAAAAAAAAAAAAAAAAA", "x", "", 1).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantErr(t, err, 403, "InvalidClientTokenId", "The security token included in the request is invalid.")
}

func TestTamperedBodyIsRejected(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	akid, secret := s.AddUser(aliceARN)
	c := &Credentials{AccessKeyID: akid, SecretAccessKey: secret}
	form := action("AssumeRole", "RoleArn", adminARN, "RoleSessionName", "ok", "DurationSeconds", "900")
	if r := rawCall(t, s, form, c, time.Now(), nil); r.status != 200 {
		t.Fatalf("untampered: %d %s", r.status, r.body)
	}
	r := rawCall(t, s, form, c, time.Now(), func(req *http.Request) {
		body := strings.Replace(form.Encode(), "DurationSeconds=900", "DurationSeconds=901", 1)
		req.Body = io.NopCloser(strings.NewReader(body))
	})
	if r.status != 403 || !strings.Contains(r.body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("tampered body accepted: %d %s", r.status, r.body)
	}
	r = rawCall(t, s, form, c, time.Now(), func(req *http.Request) {
		req.Header.Set("Content-Type", "text/plain")
	})
	if r.status != 403 || !strings.Contains(r.body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("tampered signed header accepted: %d %s", r.status, r.body)
	}
}

func TestUnsignedRequestIsRejected(t *testing.T) {
	s := New(t)
	r := rawCall(t, s, action("GetCallerIdentity"), nil, time.Time{}, nil)
	if r.status != 403 || !strings.Contains(r.body, "<Code>MissingAuthenticationToken</Code>") {
		t.Fatalf("unsigned request: %d %s", r.status, r.body)
	}
}

func TestSigningScopeAndClockSkew(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	c := &Credentials{AccessKeyID: akid, SecretAccessKey: secret}
	r := rawCall(t, s, action("GetCallerIdentity"), c, time.Now().Add(-20*time.Minute), nil)
	if r.status != 403 || !strings.Contains(r.body, "<Code>SignatureDoesNotMatch</Code><Message>Signature expired: ") {
		t.Fatalf("stale signature: %d %s", r.status, r.body)
	}
	r = rawCall(t, s, action("GetCallerIdentity"), c, time.Now().Add(20*time.Minute), nil)
	if r.status != 403 || !strings.Contains(r.body, "Signature not yet current: ") {
		t.Fatalf("future signature: %d %s", r.status, r.body)
	}
	r = rawCall(t, s, action("GetCallerIdentity"), c, time.Now(), func(req *http.Request) {
		req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "/sts/", "/s3/", 1))
	})
	if r.status != 403 || !strings.Contains(r.body, "Credential should be scoped to correct service: &#39;sts&#39;.") {
		t.Fatalf("wrong service scope: %d %s", r.status, r.body)
	}
	r = rawCall(t, s, action("GetCallerIdentity"), c, time.Now(), func(req *http.Request) {
		req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "/us-east-1/", "/eu-west-1/", 1))
	})
	if r.status != 403 || !strings.Contains(r.body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("region changed after signing: %d %s", r.status, r.body)
	}
}

func TestSessionTokenIsRequiredAndMustMatch(t *testing.T) {
	s := New(t)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	alice := userClient(t, s, aliceARN)
	_, a := assume(t, alice, assumeIn(adminARN, "one"))
	_, b := assume(t, alice, assumeIn(adminARN, "two"))
	ctx := context.Background()
	in := &sts.GetCallerIdentityInput{}

	if _, err := clientFor(t, s, a).GetCallerIdentity(ctx, in); err != nil {
		t.Fatalf("with its token: %v", err)
	}
	_, err := newClient(t, s, a.AccessKeyID, a.SecretAccessKey, "", 1).GetCallerIdentity(ctx, in)
	wantErr(t, err, 403, "InvalidClientTokenId", invalidTokenMsg)
	_, err = newClient(t, s, a.AccessKeyID, a.SecretAccessKey, b.SessionToken, 1).GetCallerIdentity(ctx, in)
	wantErr(t, err, 403, "InvalidClientTokenId", invalidTokenMsg)

	// A long-term key sent with a (stale) session token is rejected too.
	akid, secret := s.AddUser(bobARN)
	_, err = newClient(t, s, akid, secret, a.SessionToken, 1).GetCallerIdentity(ctx, in)
	wantErr(t, err, 403, "InvalidClientTokenId", invalidTokenMsg)
}

func TestExpiredTokenPerServerClock(t *testing.T) {
	s := New(t)
	// A frozen clock: on a busy machine a second can pass between issuing
	// the session and the "1s before expiry" call.
	base := time.Now()
	s.SetNow(func() time.Time { return base })
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	_, c := assume(t, userClient(t, s, aliceARN), assumeIn(adminARN, "sess"))
	client := clientFor(t, s, c)
	ctx := context.Background()

	s.Advance(time.Hour - time.Second)
	if _, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("1s before expiry: %v", err)
	}
	s.Advance(time.Second)
	_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantErr(t, err, 403, "ExpiredToken", "The security token included in the request is expired")
	_, err = client.AssumeRole(ctx, assumeIn(adminARN, "again"))
	wantErr(t, err, 403, "ExpiredToken", "The security token included in the request is expired")
}
