package assume

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/assume-cli/assume/pkg/creds"
)

// GetFederationToken calls sts:GetFederationToken signed with long-term
// caller keys (STS refuses temporary callers).
func (c *SDKClient) GetFederationToken(ctx context.Context, caller creds.Credentials, req FederationRequest) (creds.Credentials, error) {
	in := &sts.GetFederationTokenInput{
		Name:            aws.String(req.Name),
		Policy:          optional(req.Policy),
		DurationSeconds: seconds(req.Duration),
	}
	out, err := c.client(&caller).GetFederationToken(ctx, in)
	if err != nil {
		return creds.Credentials{}, err
	}
	if out.Credentials == nil {
		return creds.Credentials{}, fmt.Errorf("sts GetFederationToken returned no credentials")
	}
	return fromSDK(out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken, out.Credentials.Expiration), nil
}
