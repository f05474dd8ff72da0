package sso

import (
	"context"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	portalapi "github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/assume-cli/assume/pkg/debuglog"
)

// Defaults.
const (
	// DefaultTimeout bounds each network call when Config.Timeout is 0.
	DefaultTimeout = 30 * time.Second
	// DefaultLoginTimeout is how long a sign-in waits for the person (the
	// AWS CLI's 10 minutes; device codes expire about then too).
	DefaultLoginTimeout = 10 * time.Minute
	// expiryWindow: a token or registration with less left than this is
	// renewed first (botocore's 15 minutes), so what is handed out lasts.
	expiryWindow = 15 * time.Minute
	// usableMargin: a token that could not be renewed is still used while
	// this much is left; it is used at once, for one call.
	usableMargin = time.Minute
	// maxResponse caps every response body: tokens, credentials and list
	// pages are kilobytes.
	maxResponse = 1 << 20
)

// Config is one session's access to IAM Identity Center.
type Config struct {
	Session Session
	// OIDCEndpoint and PortalEndpoint are configured endpoint URLs; "":
	// the SDK's regional endpoints (oidc.REGION.amazonaws.com,
	// portal.sso.REGION.amazonaws.com).
	OIDCEndpoint   string
	PortalEndpoint string
	UseFIPS        bool
	UseDualStack   bool
	// HTTPClient sends the requests (CA bundle, debug transport); nil: the
	// SDK's default client.
	HTTPClient aws.HTTPClient
	// CacheDir is the token cache, ~/.aws/sso/cache.
	CacheDir string
	// LockDir holds the lock that serialises renewals across processes;
	// LockFallback is used when LockDir is not a private directory.
	LockDir, LockFallback string
	// Timeout bounds each network call; 0: DefaultTimeout.
	Timeout time.Duration
	// LoginTimeout bounds the wait for a person signing in; 0: DefaultLoginTimeout.
	LoginTimeout time.Duration
	Now          func() time.Time
	Debug        *debuglog.Logger
}

// Service is IAM Identity Center for one session: its sign-in, token
// cache and portal. It is safe for concurrent use.
type Service struct {
	cfg    Config
	oidc   *ssooidc.Client
	portal *portalapi.Client
}

// New builds the session's clients; nothing is sent until asked.
func New(cfg Config) *Service {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = DefaultLoginTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	next := cfg.HTTPClient
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	awsCfg := aws.Config{
		Region:     cfg.Session.Region,
		HTTPClient: cappedClient{next: next, max: maxResponse},
		// OIDC calls are few and a person waits: three attempts. The portal
		// client retries nothing itself: portalCall backs off on throttling
		// without the SDK's retry quota, which a sync of thousands of
		// accounts would exhaust.
		// A person waits, so retries come soon: the SDK's default backoff
		// (up to 20 s) could outlast the call's deadline and turn "the
		// endpoint refuses connections" into "no answer in time".
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.MaxBackoff = time.Second
			})
		},
	}
	fips, dual := aws.FIPSEndpointStateUnset, aws.DualStackEndpointStateUnset
	if cfg.UseFIPS {
		fips = aws.FIPSEndpointStateEnabled
	}
	if cfg.UseDualStack {
		dual = aws.DualStackEndpointStateEnabled
	}
	s := &Service{cfg: cfg}
	s.oidc = ssooidc.NewFromConfig(awsCfg, func(o *ssooidc.Options) {
		if cfg.OIDCEndpoint != "" {
			o.BaseEndpoint = aws.String(cfg.OIDCEndpoint)
		}
		o.EndpointOptions.UseFIPSEndpoint, o.EndpointOptions.UseDualStackEndpoint = fips, dual
	})
	s.portal = portalapi.NewFromConfig(awsCfg, func(o *portalapi.Options) {
		if cfg.PortalEndpoint != "" {
			o.BaseEndpoint = aws.String(cfg.PortalEndpoint)
		}
		o.EndpointOptions.UseFIPSEndpoint, o.EndpointOptions.UseDualStackEndpoint = fips, dual
		o.Retryer = aws.NopRetryer{}
	})
	return s
}

// Session is the session this service signs in.
func (s *Service) Session() Session { return s.cfg.Session }

// authorizeBase is the OIDC endpoint the browser is sent to for the
// unmodelled /authorize step: the configured endpoint, else the regional
// one the SDK would call.
func (s *Service) authorizeBase(ctx context.Context) (string, error) {
	if s.cfg.OIDCEndpoint != "" {
		return s.cfg.OIDCEndpoint, nil
	}
	ep, err := ssooidc.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, ssooidc.EndpointParameters{
		Region:       aws.String(s.cfg.Session.Region),
		UseFIPS:      aws.Bool(s.cfg.UseFIPS),
		UseDualStack: aws.Bool(s.cfg.UseDualStack),
	})
	if err != nil {
		return "", err
	}
	return ep.URI.String(), nil
}

func (s *Service) tokenPath() string {
	return filepath.Join(s.cfg.CacheDir, s.cfg.Session.cacheKey()+".json")
}

func (s *Service) registrationPath() string {
	return filepath.Join(s.cfg.CacheDir, registrationKey(s.cfg.Session)+".json")
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// call gives one network call its deadline.
func (s *Service) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.Timeout)
}
