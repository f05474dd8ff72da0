package assume

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// SSORoleCredentials gets the role credentials of an sso source: the
// portal's GetRoleCredentials with the session's sign-in, renewed when it
// nears expiry (pkg/sso; pkg/session wires it). The run caches what it
// returns like a hop's session (planKeys), so parallel callers share one
// call.
type SSORoleCredentials func(ctx context.Context, src profiles.Source) (creds.Credentials, error)

func (f SourceFetcher) ssoProvider(src profiles.Source) (aws.CredentialsProvider, error) {
	if f.SSO == nil {
		return nil, fmt.Errorf("profile %q: IAM Identity Center sources are not available here", src.Profile)
	}
	return aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		c, err := f.SSO(ctx, src)
		if err != nil {
			return aws.Credentials{}, err
		}
		return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken,
			CanExpire: !c.Expires.IsZero(), Expires: c.Expires, Source: "assume sso"}, nil
	}), nil
}
