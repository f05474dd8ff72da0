package assume

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/assume-cli/assume/pkg/creds"
)

// What an endpoint may send back. A hostile or intercepting endpoint can
// stream without end; these bound the memory and what gets exported.
const (
	// maxResponseBytes caps every HTTP response body assume reads. The
	// answers it expects (STS AssumeRole, GetSessionToken and
	// AssumeRoleWithWebIdentity, SSO GetRoleCredentials, SSO OIDC
	// CreateToken, a container or IMDS credentials document) are the
	// credentials plus a few ids and ARNs: a few KiB, errors less. 1 MiB
	// is over a hundred times that.
	maxResponseBytes = 1 << 20
	// maxResponseHeaderBytes caps the response headers (Go's default is
	// 10 MiB); AWS sends well under 1 KiB of them.
	maxResponseHeaderBytes = 64 << 10

	// maxAccessKeyIDBytes is STS's own bound on Credentials.AccessKeyId
	// (the API model's accessKeyIdType: 16 to 128 characters).
	maxAccessKeyIDBytes = 128
	// maxSecretKeyBytes: AWS documents no bound on SecretAccessKey; it is
	// 40 characters. 1 KiB is 25 times that.
	maxSecretKeyBytes = 1 << 10
	// maxSessionTokenBytes: AWS says the token's size is not fixed and to
	// assume no maximum; the STS API reference gives the typical size as
	// under 4096 bytes. 64 KiB is 16 times that, leaving room for AWS to
	// grow tokens, yet is below what a request header can carry to most
	// HTTP servers, so a longer "token" could not be used anyway.
	maxSessionTokenBytes = 64 << 10
)

// limitedClient reads each response body, up to maxResponseBytes, before
// handing the response on. Reading it here rather than as the SDK decodes
// keeps the read ahead of the SDK closing the request body once Do
// returns, which can make the transport drop a connection still streaming.
// A longer body reads as its first maxResponseBytes, then an error that
// names the endpoint, which the SDK reports as the call's error (and does
// not retry: it is no transport failure).
type limitedClient struct{ next aws.HTTPClient }

// limitResponses wraps next (nil: the SDK's default client).
func limitResponses(next aws.HTTPClient) aws.HTTPClient {
	if next == nil {
		next = defaultHTTPClient()
	}
	return limitedClient{next: next}
}

func (c limitedClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	resp.Body.Close()
	switch {
	case readErr != nil:
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), errorReader{readErr}))
	case len(data) > maxResponseBytes:
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data[:maxResponseBytes]), errorReader{&ResponseTooLargeError{Host: req.URL.Host}}))
	default:
		resp.Body = io.NopCloser(bytes.NewReader(data))
	}
	return resp, nil
}

// errorReader fails every read with err.
type errorReader struct{ err error }

func (r errorReader) Read([]byte) (int, error) { return 0, r.err }

// ResponseTooLargeError is a response body longer than maxResponseBytes.
type ResponseTooLargeError struct{ Host string }

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("the answer from %s is larger than %d KiB, far beyond any AWS credentials response: refused (is something intercepting the connection?)", e.Host, maxResponseBytes>>10)
}

// checkSizes refuses credentials far larger than AWS issues, naming where
// they came from (what).
func checkSizes(c creds.Credentials, what string) error {
	for _, f := range []struct {
		name  string
		value string
		max   int
	}{
		{"AccessKeyId", c.AccessKeyID, maxAccessKeyIDBytes},
		{"SecretAccessKey", c.SecretAccessKey, maxSecretKeyBytes},
		{"SessionToken", c.SessionToken, maxSessionTokenBytes},
	} {
		if len(f.value) > f.max {
			return fmt.Errorf("the answer of %s holds a %s of %d bytes, far beyond AWS's sizes (at most %d accepted): refused", what, f.name, len(f.value), f.max)
		}
	}
	return nil
}
