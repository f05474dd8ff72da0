package fakests

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestFailNextInjectsRetryableErrors(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	ctx := context.Background()

	s.FailNext(2, 400, "Throttling", "Rate exceeded")
	if _, err := newClient(t, s, akid, secret, "", 3).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("3 attempts over 2 throttles: %v", err)
	}
	if n := s.Calls("GetCallerIdentity"); n != 3 {
		t.Fatalf("Calls = %d, want 3", n)
	}

	one := newClient(t, s, akid, secret, "", 1)
	s.FailNext(1, 400, "Throttling", "Rate exceeded")
	_, err := one.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantErr(t, err, 400, "Throttling", "Rate exceeded")
	s.FailNext(1, 500, "InternalFailure", "An internal error occurred")
	_, err = one.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantErr(t, err, 500, "InternalFailure", "An internal error occurred")
	if _, err := one.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("after injected failures ran out: %v", err)
	}
	var codes []string
	for _, r := range s.Requests() {
		codes = append(codes, r.ErrorCode)
	}
	if got := strings.Join(codes, ","); got != "Throttling,Throttling,,Throttling,InternalFailure," {
		t.Fatalf("recorded codes %q", got)
	}
}

func TestDelaySimulatesHang(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	s.SetDelay(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, s, akid, secret, "", 1).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err == nil || time.Since(start) > 30*time.Second {
		t.Fatalf("hung call: err=%v after %s", err, time.Since(start))
	}
	if s.Calls("GetCallerIdentity") != 1 {
		t.Fatalf("Calls = %d", s.Calls("GetCallerIdentity"))
	}
	s.SetDelay(0)
	if _, err := newClient(t, s, akid, secret, "", 1).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
}

func TestRequestsRecordParameters(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, ExternalID: "ext-1", MaxSessionDuration: 2 * time.Hour})
	in := assumeIn(adminARN, "sess-1")
	in.DurationSeconds, in.ExternalId, in.SerialNumber, in.TokenCode, in.SourceIdentity =
		aws.Int32(7200), aws.String("ext-1"), aws.String(aliceMFA), aws.String("123456"), aws.String("alice")
	akid, secret := s.AddUser(aliceARN)
	assume(t, newClient(t, s, akid, secret, "", 1), in)
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	want := Request{Time: r.Time, Action: "AssumeRole", AccessKeyID: akid, Region: "us-east-1", Caller: aliceARN, Principal: aliceARN, RoleARN: adminARN,
		RoleSessionName: "sess-1", DurationSeconds: 7200, ExternalID: "ext-1", SerialNumber: aliceMFA, TokenCode: "123456",
		SourceIdentity: "alice", Status: 200}
	if r != want {
		t.Fatalf("recorded\n%+v\nwant\n%+v", r, want)
	}
}

func TestWireFormat(t *testing.T) {
	s := New(t)
	akid, secret := s.AddUser(aliceARN)
	c := &Credentials{AccessKeyID: akid, SecretAccessKey: secret}
	r := rawCall(t, s, action("GetCallerIdentity"), c, time.Now(), nil)
	ok := regexp.MustCompile(`^<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
		`<Arn>arn:aws:iam::111111111111:user/alice</Arn><UserId>AIDA[A-Z2-7]{17}</UserId><Account>111111111111</Account></GetCallerIdentityResult>` +
		`<ResponseMetadata><RequestId>([0-9a-f-]{36})</RequestId></ResponseMetadata></GetCallerIdentityResponse>\n$`)
	m := ok.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil || r.header.Get("x-amzn-RequestId") != m[1] || r.header.Get("Content-Type") != "text/xml" {
		t.Fatalf("success body %d %v %s", r.status, r.header, r.body)
	}
	r = rawCall(t, s, action("AssumeRole", "RoleArn", adminARN, "RoleSessionName", "x"), c, time.Now(), nil)
	bad := regexp.MustCompile(`^<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
		`<Code>ValidationError</Code><Message>1 validation error detected: .*</Message></Error><RequestId>([0-9a-f-]{36})</RequestId></ErrorResponse>\n$`)
	m = bad.FindStringSubmatch(r.body)
	if r.status != 400 || m == nil || r.header.Get("x-amzn-RequestId") != m[1] {
		t.Fatalf("error body %d %s", r.status, r.body)
	}
	r = rawCall(t, s, action("DecodeAuthorizationMessage", "EncodedMessage", "x"), c, time.Now(), nil)
	if r.status != 400 || !strings.Contains(r.body, "<Code>InvalidAction</Code>") {
		t.Fatalf("unknown action %d %s", r.status, r.body)
	}
	r = rawCall(t, s, action("GetCallerIdentity", "Version", "2010-01-01"), c, time.Now(), nil)
	if r.status != 400 || !strings.Contains(r.body, "<Code>InvalidAction</Code>") {
		t.Fatalf("wrong version %d %s", r.status, r.body)
	}
}

func TestConcurrentCallers(t *testing.T) {
	s := New(t)
	s.AddMFADevice(aliceMFA, "123456")
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, RequireMFA: true})
	akid, secret := s.AddUser(aliceARN)
	var wg sync.WaitGroup
	var mu sync.Mutex
	succeeded := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := assumeIn(adminARN, "parallel")
			in.SerialNumber, in.TokenCode = aws.String(aliceMFA), aws.String("123456")
			_, err := newClient(t, s, akid, secret, "", 1).AssumeRole(context.Background(), in)
			if err == nil {
				mu.Lock()
				succeeded++
				mu.Unlock()
			} else if errMessage(err) != errMFAFailed.message {
				t.Errorf("unexpected error %v", err)
			}
		}()
	}
	wg.Wait()
	if succeeded != 1 || s.Calls("AssumeRole") != 20 || s.RoleCalls(adminARN) != 20 {
		t.Fatalf("one TOTP code, 20 parallel callers: %d succeeded, %d calls", succeeded, s.Calls("AssumeRole"))
	}
}

func TestStartCloseAndLongTokens(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetTokenLength(2600, 3000)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}})
	_, c := assume(t, userClient(t, s, aliceARN), assumeIn(adminARN, "long"))
	if n := len(c.SessionToken); n < 2600 || n > 3000 {
		t.Fatalf("token length %d", n)
	}
	if _, err := clientFor(t, s, c).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("long token rejected: %v", err)
	}
	s.Close()
	s.Close() // idempotent
}

func TestLifetimeScaleShortensSessionsButNotTheRules(t *testing.T) {
	s := New(t)
	base := time.Now()
	s.SetNow(func() time.Time { return base })
	s.SetLifetimeScale(1.0 / 600)
	s.AddRole(Role{ARN: adminARN, Trust: []string{aliceARN}, MaxSessionDuration: 12 * time.Hour})
	_, c := assume(t, userClient(t, s, aliceARN), assumeIn(adminARN, "sess"))
	if want := base.Add(6 * time.Second).Truncate(time.Second); !c.Expiration.Equal(want) {
		t.Errorf("a 1h session under 1/600 expires at %s, want %s", c.Expiration, want)
	}
	// The chaining cap still applies to what is asked, not to the scaled life.
	in := assumeIn(adminARN, "chained")
	in.DurationSeconds = aws.Int32(7200)
	s.AddRole(Role{ARN: "arn:aws:iam::222222222222:role/next", Trust: []string{adminARN}})
	in.RoleArn = aws.String("arn:aws:iam::222222222222:role/next")
	_, err := clientFor(t, s, c).AssumeRole(context.Background(), in)
	wantErr(t, err, 400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	s.Advance(6 * time.Second)
	_, err = clientFor(t, s, c).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantErr(t, err, 403, "ExpiredToken", "The security token included in the request is expired")
}
