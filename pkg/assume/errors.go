package assume

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
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
	case notSTS(err):
		se.Err = a.notSTSError(err)
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

// errNoCredentials is a 200 answer that holds no credentials.
var errNoCredentials = errors.New("the answer held no credentials")

// notSTS reports an answer STS would never give: a body that is not STS's
// XML (an HTML page, junk), an error without STS's ErrorResponse (the SDK
// then says "UnknownError: UnknownError"), or a success without
// credentials. Something else is answering: a wrong endpoint setting, a
// proxy or a captive portal.
func notSTS(err error) bool {
	var de *smithy.DeserializationError
	var xe *xml.SyntaxError
	var apiErr smithy.APIError
	var big *ResponseTooLargeError
	switch {
	case errors.As(err, &big):
		return false // cut short by us: its own error says so
	case errors.As(err, &de), errors.As(err, &xe), errors.Is(err, errNoCredentials):
		return true
	case errors.As(err, &apiErr):
		return apiErr.ErrorCode() == "UnknownError" && (apiErr.ErrorMessage() == "" || apiErr.ErrorMessage() == "UnknownError")
	}
	return false
}

// notSTSError says who did not answer as STS does, and what points there.
func (a *Assumer) notSTSError(err error) error {
	status := ""
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = fmt.Sprintf(" (HTTP %d)", re.HTTPStatusCode())
	}
	if a.Endpoint == "" {
		return &notSTSErr{fmt.Sprintf("the STS endpoint did not answer as STS does%s: a proxy (HTTPS_PROXY) or a captive portal may be answering instead", status), err}
	}
	from := a.EndpointFrom
	if from == "" {
		from = "the endpoint setting"
	}
	return &notSTSErr{fmt.Sprintf("%s did not answer as STS does%s: check %s, which points there", a.Endpoint, status, from), err}
}

// notSTSErr says what it says instead of the SDK's parse error, which
// quotes the body's position ("XML syntax error on line 6"), not its
// cause; the SDK's error is still there for errors.As.
type notSTSErr struct {
	msg string
	err error
}

func (e *notSTSErr) Error() string { return e.msg }
func (e *notSTSErr) Unwrap() error { return e.err }

// DescribeSTSError is describe for an STS call made outside a plan run
// (whoami): what was attempted, the endpoint and the setting naming it.
func DescribeSTSError(err error, what, endpoint, endpointFrom string) error {
	return (&Assumer{Endpoint: endpoint, EndpointFrom: endpointFrom}).describe(err, what)
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
		return "the source credentials have expired: refresh them (new keys, `assume login` for IAM Identity Center, or re-run the command that exported them)"
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
