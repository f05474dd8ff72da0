package assume

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/smithy-go"
)

// StepError is a failed step of a plan: what was attempted, the AWS error
// code and message when STS answered, and a hint on what to do.
type StepError struct {
	What    string // e.g. `profile "prod": hop 2/3: sts AssumeRole arn:...`
	Code    string // AWS error code, if any
	Message string // AWS error message, if any
	Hint    string
	Err     error
}

func (e *StepError) Error() string {
	var b strings.Builder
	b.WriteString(e.What)
	b.WriteString(": ")
	if e.Code != "" {
		fmt.Fprintf(&b, "%s: %s", e.Code, e.Message)
	} else {
		b.WriteString(oneLine(e.Err.Error()))
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

func (e *StepError) Unwrap() error { return e.Err }

// describe turns an SDK error into a one-line StepError with a hint.
func (a *Assumer) describe(err error, what string) error {
	se := &StepError{What: what, Err: err}
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &apiErr):
		se.Code, se.Message = apiErr.ErrorCode(), apiErr.ErrorMessage()
		se.Hint = hintFor(se.Code, se.Message)
	case errors.Is(err, context.DeadlineExceeded):
		se.Hint = fmt.Sprintf("no answer from %s within the timeout; raise --timeout (ASSUME_TIMEOUT) or check the network", a.endpointName())
	default:
		var dnsErr *net.DNSError
		var opErr *net.OpError
		if errors.As(err, &dnsErr) || errors.As(err, &opErr) {
			se.Hint = fmt.Sprintf("could not reach %s; check the network, proxy settings and AWS_ENDPOINT_URL_STS", a.endpointName())
		}
	}
	return se
}

func (a *Assumer) endpointName() string {
	if a.Endpoint != "" {
		return "STS at " + a.Endpoint
	}
	return "STS"
}

func hintFor(code, message string) string {
	lower := strings.ToLower(message)
	switch {
	case strings.Contains(lower, "multifactorauthentication"):
		return "the MFA code was wrong or already used: wait for the next code and try again"
	case strings.Contains(lower, "role chaining"):
		return "role chaining is capped at 1 hour: lower duration_seconds or --duration to 3600"
	case strings.Contains(lower, "maxsessionduration"):
		return "lower duration_seconds or --duration, or raise the role's MaxSessionDuration in IAM"
	case code == "AccessDenied" && strings.Contains(lower, "sts:assumerole"):
		return "check that the role's trust policy allows this caller, that external_id matches, and whether the role requires MFA (mfa_serial)"
	case code == "AccessDenied":
		return "the caller lacks permission for this call"
	case code == "ExpiredToken":
		return "the source credentials have expired: refresh them (new keys, `aws sso login`, or re-run the command that exported them)"
	case code == "InvalidClientTokenId", code == "SignatureDoesNotMatch", code == "UnrecognizedClientException":
		return "the source access key is invalid, deleted, or missing its session token"
	case code == "ValidationError":
		return "a parameter breaks an STS rule; see `assume plan` for what is sent"
	case code == "RegionDisabledException":
		return "STS is not activated in this region: set another region or activate it in IAM"
	case code == "Throttling", strings.HasPrefix(code, "InternalFailure"), code == "ServiceUnavailable":
		return "STS kept failing after retries; try again shortly"
	}
	return ""
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
