package session

import (
	"context"
	"net/http"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/debuglog"
)

// STS returns a client for an explicit region and endpoint, for calls made
// with credentials the shell already holds (whoami without a profile).
func (s *Session) STS(ctx context.Context, region, endpoint string) (assume.STS, error) {
	return s.newSTS(ctx, s.clientOptions(region, endpoint))
}

func (s *Session) clientOptions(region, endpoint string) assume.ClientOptions {
	return assume.ClientOptions{Region: region, Endpoint: endpoint, Getenv: s.deps.Host.Getenv}
}

func (s *Session) newSTS(ctx context.Context, o assume.ClientOptions) (assume.STS, error) {
	if s.deps.NewSTS != nil {
		return s.deps.NewSTS(ctx, o)
	}
	return s.sdkClient(ctx, o)
}

// sdkClient is the AWS SDK client for o. Under --debug the log sees every
// HTTP attempt, retries included, through the client the SDK settings
// chose (AWS_CA_BUNDLE and all).
func (s *Session) sdkClient(ctx context.Context, o assume.ClientOptions) (*assume.SDKClient, error) {
	c, err := assume.NewSDKClient(ctx, o)
	if err != nil || !s.deps.Debug.On() {
		return c, err
	}
	o.HTTPClient = &http.Client{Transport: debuglog.Transport{Log: s.deps.Debug, Next: c.Config().HTTPClient}}
	return assume.NewSDKClient(ctx, o)
}
