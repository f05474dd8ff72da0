package assume

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// ecsHost is the link-local address ECS serves relative credential URIs on.
const ecsHost = "http://169.254.170.2"

// SourceFetcher obtains a Plan's first credentials. credential_process is
// run here (see credentialProcess) and IAM Identity Center role
// credentials come from pkg/sso (source_sso.go); web identity, EC2 and
// container credentials go through the SDK's own providers, so they
// behave as in every AWS tool.
type SourceFetcher struct {
	Client *SDKClient
	Getenv func(string) string
	// ProcessTimeout bounds credential_process; 0: one minute, as in the Go
	// SDK. A sooner deadline on the context wins.
	ProcessTimeout time.Duration
	// KeyringKeys reads long-term keys stored with `assume keys add`.
	KeyringKeys func(profile, accessKeyID string) (creds.Credentials, error)
	// SSO gets IAM Identity Center role credentials (source_sso.go).
	SSO SSORoleCredentials
}

// Fetch returns the source credentials described by src.
func (f SourceFetcher) Fetch(ctx context.Context, src profiles.Source) (creds.Credentials, error) {
	switch src.Kind {
	case profiles.SourceStatic:
		if src.FromKeyring {
			if f.KeyringKeys == nil {
				return creds.Credentials{}, fmt.Errorf("profile %q: its keys are in the keyring, which is not available", src.Profile)
			}
			return f.KeyringKeys(src.Profile, src.AccessKeyID)
		}
		return creds.Credentials{AccessKeyID: src.AccessKeyID, SecretAccessKey: src.SecretAccessKey, SessionToken: src.SessionToken}, nil
	case profiles.SourceEnvironment:
		return f.environment(src)
	case profiles.SourceProcess:
		return f.credentialProcess(ctx, src)
	}
	provider, err := f.provider(src)
	if err != nil {
		return creds.Credentials{}, err
	}
	c, err := provider.Retrieve(ctx)
	if err != nil {
		return creds.Credentials{}, fmt.Errorf("profile %q: %s source: %w", src.Profile, src.Kind, err)
	}
	out := creds.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	if c.CanExpire {
		out.Expires = c.Expires.UTC()
	}
	return out, nil
}

func (f SourceFetcher) provider(src profiles.Source) (aws.CredentialsProvider, error) {
	cfg := f.Client.Config()
	switch src.Kind {
	case profiles.SourceEC2:
		return ec2rolecreds.New(func(o *ec2rolecreds.Options) {
			o.Client = imds.New(imds.Options{HTTPClient: imdsHTTPClient()})
		}), nil
	case profiles.SourceECS:
		return f.ecs(src)
	case profiles.SourceSSO:
		return f.ssoProvider(src)
	case profiles.SourceWebIdentity:
		client := sts.NewFromConfig(cfg, func(o *sts.Options) {
			f.Client.applyEndpoint(&o.BaseEndpoint, &o.EndpointOptions.UseFIPSEndpoint, &o.EndpointOptions.UseDualStackEndpoint, f.Client.Endpoint())
		})
		return stscreds.NewWebIdentityRoleProvider(client, src.RoleARN, stscreds.IdentityTokenFile(src.WebIdentityTokenFile),
			func(o *stscreds.WebIdentityRoleOptions) {
				if src.RoleSessionName != "" {
					o.RoleSessionName = src.RoleSessionName
				}
			}), nil
	}
	return nil, fmt.Errorf("profile %q: unsupported credential source %q", src.Profile, src.Kind)
}

func (f SourceFetcher) environment(src profiles.Source) (creds.Credentials, error) {
	get := f.getenv
	c := creds.Credentials{
		AccessKeyID:     get("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: get("AWS_SECRET_ACCESS_KEY"),
		SessionToken:    get("AWS_SESSION_TOKEN"),
	}
	if c.SessionToken == "" {
		c.SessionToken = get("AWS_SECURITY_TOKEN")
	}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return creds.Credentials{}, fmt.Errorf("profile %q: credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set; export them first", src.Profile)
	}
	if exp := get("AWS_CREDENTIAL_EXPIRATION"); exp != "" {
		t, err := time.Parse(time.RFC3339, exp)
		if err != nil {
			return creds.Credentials{}, fmt.Errorf("profile %q: AWS_CREDENTIAL_EXPIRATION %q is not an RFC 3339 time: %w", src.Profile, exp, err)
		}
		c.Expires = t.UTC()
	}
	return c, nil
}

func (f SourceFetcher) ecs(src profiles.Source) (aws.CredentialsProvider, error) {
	get := f.getenv
	endpoint := get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	if rel := get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel != "" {
		endpoint = ecsHost + rel
	}
	if endpoint == "" {
		return nil, fmt.Errorf("profile %q: credential_source = EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set (not running in a container?)", src.Profile)
	}
	token := get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
	tokenFile := get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
	return endpointcreds.New(endpoint, func(o *endpointcreds.Options) {
		o.HTTPClient = f.Client.Config().HTTPClient // bounded answers
		o.AuthorizationToken = token
		if tokenFile != "" {
			o.AuthorizationTokenProvider = endpointcreds.TokenProviderFunc(func() (string, error) {
				return readTrimmed(tokenFile)
			})
		}
	}), nil
}

func (f SourceFetcher) getenv(name string) string {
	if f.Getenv == nil {
		return ""
	}
	return f.Getenv(name)
}

func readTrimmed(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// imdsHTTPClient is the IMDS client's own default (it fails fast where
// there is no instance metadata service) with bounded answers.
func imdsHTTPClient() aws.HTTPClient {
	return limitResponses(defaultHTTPClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = 250 * time.Millisecond }).
		WithTransportOptions(func(tr *http.Transport) { tr.ResponseHeaderTimeout = 500 * time.Millisecond }))
}
