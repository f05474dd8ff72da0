package fakests

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
)

const (
	aliceARN = "arn:aws:iam::111111111111:user/alice"
	bobARN   = "arn:aws:iam::111111111111:user/bob"
	aliceMFA = "arn:aws:iam::111111111111:mfa/alice"
	adminARN = "arn:aws:iam::222222222222:role/admin"
)

// newClient is a real aws-sdk-go-v2 STS client pointed at s, signing with
// the given keys, making maxAttempts attempts with no backoff.
func newClient(t *testing.T, s *Server, akid, secret, token string, maxAttempts int) *sts.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(akid, secret, token)),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxAttempts
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	u := s.URL()
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = &u })
}

// clientFor is a one-attempt client for c.
func clientFor(t *testing.T, s *Server, c Credentials) *sts.Client {
	return newClient(t, s, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, 1)
}

// userClient registers userARN and returns a one-attempt client with its keys.
func userClient(t *testing.T, s *Server, userARN string) *sts.Client {
	akid, secret := s.AddUser(userARN)
	return newClient(t, s, akid, secret, "", 1)
}

// assume calls AssumeRole and returns the credentials, failing the test on error.
func assume(t *testing.T, c *sts.Client, in *sts.AssumeRoleInput) (*sts.AssumeRoleOutput, Credentials) {
	t.Helper()
	out, err := c.AssumeRole(context.Background(), in)
	if err != nil {
		t.Fatalf("AssumeRole %s: %v", aws.ToString(in.RoleArn), err)
	}
	cr := out.Credentials
	return out, Credentials{aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken), aws.ToTime(cr.Expiration)}
}

func assumeIn(role, session string) *sts.AssumeRoleInput {
	return &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String(session)}
}

// wantErr asserts err is an STS API error with this HTTP status, code and
// exact message.
func wantErr(t *testing.T, err error, status int, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %d %s %q, got success", status, code, message)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("want %s %q\n got %s %q", code, message, ae.ErrorCode(), ae.ErrorMessage())
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("no HTTP response in %v", err)
	}
	if re.HTTPStatusCode() != status {
		t.Fatalf("%s: want HTTP %d, got %d", code, status, re.HTTPStatusCode())
	}
}

func notAuthorizedMsg(caller, role string) string {
	return "User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: " + role
}

// rawResponse is what rawCall got back.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// rawCall POSTs form to s, signed with c at signingTime unless c is nil;
// tamper may change the request after signing.
func rawCall(t *testing.T, s *Server, form url.Values, c *Credentials, signingTime time.Time, tamper func(*http.Request)) rawResponse {
	t.Helper()
	body := form.Encode()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if c != nil {
		sum := sha256.Sum256([]byte(body))
		creds := aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sts", "us-east-1", signingTime); err != nil {
			t.Fatal(err)
		}
	}
	if tamper != nil {
		tamper(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header, string(b)}
}

func action(name string, kv ...string) url.Values {
	v := url.Values{"Action": {name}, "Version": {"2011-06-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// fixedClock sets s's clock to 2026-01-02T03:04:05Z and returns it.
func fixedClock(s *Server) time.Time {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s.SetNow(func() time.Time { return t0 })
	return t0
}

func sdkCreds(c *types.Credentials) Credentials {
	return Credentials{aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken), aws.ToTime(c.Expiration)}
}

func errMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}
