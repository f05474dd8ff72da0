package console

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/smithy-go"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/profiles"
)

// FederationPolicy is the inline session policy sent with
// GetFederationToken. A federated session may do what both the IAM user's
// own policies and its session policy allow, so allowing everything here
// leaves exactly the user's permissions; with no session policy at all the
// session could do nothing.
const FederationPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// GetFederationToken's durations: STS takes 15m-36h for IAM users; assume
// asks for an hour, like a role session, unless told otherwise.
const (
	DefaultFederationDuration = time.Hour
	MaxFederationDuration     = 36 * time.Hour
)

// FederationTokenRequest is the GetFederationToken call for an IAM user
// whose local account name is user, lasting d (0: an hour).
func FederationTokenRequest(user string, d time.Duration) (assume.FederationRequest, error) {
	if d == 0 {
		d = DefaultFederationDuration
	}
	if d < profiles.MinDuration || d > MaxFederationDuration {
		return assume.FederationRequest{}, fmt.Errorf("--duration %s is outside %s..%s, what GetFederationToken allows", d, profiles.MinDuration, MaxFederationDuration)
	}
	return assume.FederationRequest{Name: FederatedName(user), Policy: FederationPolicy, Duration: d}, nil
}

// FederatedName is the federated user's name (2-32 of [\w+=,.@-]), shown
// as arn:aws:sts::ACCOUNT:federated-user/NAME: the local user name, made
// to fit.
func FederatedName(user string) string {
	name := profiles.DefaultSessionName(user, "")
	if len(name) > 32 {
		name = strings.TrimRight(name[:32], "-")
	}
	if len(name) < 2 {
		return "assume"
	}
	return name
}

// FederationTokenError is a failed GetFederationToken call as one line,
// with what to do.
func FederationTokenError(profile string, err error) error {
	what := fmt.Sprintf("profile %q assumes no role: sts GetFederationToken (its long-term keys cannot sign in to the console by themselves)", profile)
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.ErrorCode() == "AccessDenied" && strings.Contains(apiErr.ErrorMessage(), "sts:GetFederationToken"):
		return explain(err, "%s: %s: %s (the IAM user's policy does not allow sts:GetFederationToken: allow it, or give the profile a role_arn and open the console as that role)",
			what, apiErr.ErrorCode(), apiErr.ErrorMessage())
	case errors.As(err, &apiErr):
		return explain(err, "%s: %s: %s", what, apiErr.ErrorCode(), apiErr.ErrorMessage())
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: no answer from STS within the timeout; raise --timeout or check the network: %w", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
