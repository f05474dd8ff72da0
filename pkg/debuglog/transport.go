package debuglog

import (
	"net/http"
	"time"
)

// Doer is what the AWS SDK calls to send a request (aws.HTTPClient).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Transport logs each HTTP attempt the SDK makes, retries included: method,
// host, path, status, request id and elapsed time. It never logs headers
// (Authorization, X-Amz-Security-Token) or bodies (credentials, MFA codes).
// It also fills the Call in the request's context, if any.
type Transport struct {
	Log  *Logger
	Next Doer
}

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := t.Log.Now()
	resp, err := t.Next.Do(req)
	status, id := 0, ""
	if resp != nil {
		status = resp.StatusCode
		id = resp.Header.Get("X-Amzn-Requestid")
		if id == "" {
			id = resp.Header.Get("X-Amz-Request-Id")
		}
	}
	if c := callFrom(req.Context()); c != nil {
		c.record(status, id)
	}
	elapsed := t.Log.Since(start)
	if err != nil {
		// The error is the HTTP client's (dial, TLS, timeout): no secrets.
		t.Log.Printf("http %s %s%s: failed after %s: %v", req.Method, req.URL.Host, req.URL.Path, elapsed.Round(10*time.Microsecond), err)
	} else {
		t.Log.Printf("http %s %s%s: %d request-id=%s in %s", req.Method, req.URL.Host, req.URL.Path, status, orDash(id), elapsed.Round(10*time.Microsecond))
	}
	return resp, err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
