package assume

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/assume-cli/assume/pkg/creds"
)

// DefaultRegion is used for STS calls when nothing names a region; STS is
// global-capable, and the regional endpoint there answers for every account.
const DefaultRegion = "us-east-1"

// ClientOptions configure the SDK-backed STS client.
type ClientOptions struct {
	Region   string // empty: DefaultRegion
	Endpoint string // explicit STS endpoint from the plan; empty: SDK resolution
	// MaxAttempts bounds retries of throttling and 5xx answers (SDK retryer).
	MaxAttempts int
	// HTTPClient lets tests inject transports; nil uses the SDK default.
	// Either way response bodies are capped (see maxResponseBytes).
	HTTPClient *http.Client
	// Getenv reads the SDK's environment switches; nil uses os.Getenv.
	Getenv func(string) string
}

// SDKClient implements STS with aws-sdk-go-v2, so endpoints (AWS_ENDPOINT_URL_STS,
// AWS_ENDPOINT_URL), regional resolution and the retryer behave as in every
// other AWS tool.
type SDKClient struct {
	cfg      aws.Config
	endpoint string
	env      envSettings
}

// NewSDKClient builds the STS client configuration. Endpoints come from the
// plan (pkg/profiles applies the SDKs' precedence: AWS_ENDPOINT_URL_STS,
// AWS_ENDPOINT_URL, the profile's [services] sts block, endpoint_url), the
// remaining SDK switches from the environment (see envSettings).
func NewSDKClient(ctx context.Context, o ClientOptions) (*SDKClient, error) {
	region := o.Region
	if region == "" {
		region = DefaultRegion
	}
	attempts := o.MaxAttempts
	if attempts <= 0 {
		attempts = 4
	}
	env := readEnvSettings(o.Getenv)
	cfg := aws.Config{
		Region: region,
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts = attempts
				so.MaxBackoff = maxBackoff
				so.Backoff = retry.BackoffDelayerFunc(backoffDelay)
			})
		},
		RetryMaxAttempts: attempts,
	}
	// Every client built from cfg (STS, SSO, SSO OIDC, web identity, the
	// container endpoint) reads bounded answers.
	if o.HTTPClient != nil {
		cfg.HTTPClient = limitResponses(o.HTTPClient)
	} else {
		cfg.HTTPClient = limitResponses(env.httpClient())
	}
	return &SDKClient{cfg: cfg, endpoint: o.Endpoint, env: env}, nil
}

// Config returns the SDK configuration, for source providers (SSO, web identity).
func (c *SDKClient) Config() aws.Config { return c.cfg }

// applyEndpoint sets a client's endpoint and the FIPS/dual-stack switches.
func (c *SDKClient) applyEndpoint(base **string, fips *aws.FIPSEndpointState, dual *aws.DualStackEndpointState, endpoint string) {
	if endpoint != "" {
		*base = aws.String(endpoint)
	}
	*fips, *dual = c.env.endpointOptions()
}

// Endpoint returns the explicit STS endpoint, or "" for the SDK default.
func (c *SDKClient) Endpoint() string { return c.endpoint }

func (c *SDKClient) client(caller *creds.Credentials) *sts.Client {
	return sts.NewFromConfig(c.cfg, func(o *sts.Options) {
		c.applyEndpoint(&o.BaseEndpoint, &o.EndpointOptions.UseFIPSEndpoint, &o.EndpointOptions.UseDualStackEndpoint, c.endpoint)
		if caller == nil {
			o.Credentials = aws.AnonymousCredentials{}
			return
		}
		o.Credentials = credentials.NewStaticCredentialsProvider(caller.AccessKeyID, caller.SecretAccessKey, caller.SessionToken)
	})
}

// AssumeRole calls sts:AssumeRole signed with caller.
func (c *SDKClient) AssumeRole(ctx context.Context, caller creds.Credentials, req RoleRequest) (creds.Credentials, error) {
	in := &sts.AssumeRoleInput{
		RoleArn:         aws.String(req.RoleARN),
		RoleSessionName: aws.String(req.RoleSessionName),
		DurationSeconds: seconds(req.Duration),
		ExternalId:      optional(req.ExternalID),
		SerialNumber:    optional(req.SerialNumber),
		TokenCode:       optional(req.TokenCode),
		SourceIdentity:  optional(req.SourceIdentity),
	}
	out, err := c.client(&caller).AssumeRole(ctx, in)
	if err != nil {
		return creds.Credentials{}, err
	}
	if out.Credentials == nil {
		return creds.Credentials{}, fmt.Errorf("sts AssumeRole: %w", errNoCredentials)
	}
	return fromSDK(out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken, out.Credentials.Expiration), nil
}

// GetSessionToken calls sts:GetSessionToken signed with long-term caller keys.
func (c *SDKClient) GetSessionToken(ctx context.Context, caller creds.Credentials, req SessionRequest) (creds.Credentials, error) {
	in := &sts.GetSessionTokenInput{
		DurationSeconds: seconds(req.Duration),
		SerialNumber:    optional(req.SerialNumber),
		TokenCode:       optional(req.TokenCode),
	}
	out, err := c.client(&caller).GetSessionToken(ctx, in)
	if err != nil {
		return creds.Credentials{}, err
	}
	if out.Credentials == nil {
		return creds.Credentials{}, fmt.Errorf("sts GetSessionToken: %w", errNoCredentials)
	}
	return fromSDK(out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken, out.Credentials.Expiration), nil
}

// GetCallerIdentity calls sts:GetCallerIdentity signed with caller.
func (c *SDKClient) GetCallerIdentity(ctx context.Context, caller creds.Credentials) (Identity, error) {
	out, err := c.client(&caller).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, err
	}
	return Identity{Account: aws.ToString(out.Account), Arn: aws.ToString(out.Arn), UserID: aws.ToString(out.UserId)}, nil
}

// A person is waiting: retry soon, and well within --timeout.
const (
	baseBackoff = 250 * time.Millisecond
	maxBackoff  = 2 * time.Second
)

// backoffDelay is exponential backoff with "equal jitter": the n-th retry
// waits a random time in [c/2, c) with c = min(250ms·2^n, 2s). The SDK's
// default jitter with a 2 s cap draws at random only before the first
// retry and then waits exactly 2 s every time, so parallel callers
// throttled together (terraform's providers) would retry in lockstep.
func backoffDelay(attempt int, _ error) (time.Duration, error) {
	ceiling := maxBackoff
	if attempt < 4 { // 250ms·2^3 = 2s
		ceiling = min(baseBackoff<<max(attempt, 1), maxBackoff)
	}
	half := ceiling / 2
	return half + rand.N(half), nil
}

func seconds(d time.Duration) *int32 {
	if d <= 0 {
		return nil
	}
	return aws.Int32(int32(d / time.Second))
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func fromSDK(id, secret, token *string, exp *time.Time) creds.Credentials {
	c := creds.Credentials{
		AccessKeyID:     aws.ToString(id),
		SecretAccessKey: aws.ToString(secret),
		SessionToken:    aws.ToString(token),
	}
	if exp != nil {
		c.Expires = exp.UTC()
	}
	return c
}
