package assume

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
)

// ErrRedirect is what HTTPClient's requests fail with when the server
// answers with a redirect.
var ErrRedirect = errors.New("the endpoint answered with a redirect, which is not followed")

// HTTPClient is a plain HTTP client for the endpoints assume calls outside
// the SDK (console federation), with the SDK's transport: proxies from the
// environment, its timeouts, and AWS_CA_BUNDLE's extra roots. It never
// follows a redirect, so a request carrying credentials reaches only the
// endpoint it was sent to.
func HTTPClient(getenv func(string) string) (*http.Client, error) {
	env := readEnvSettings(getenv)
	b := defaultHTTPClient() // headers capped, as for every client assume builds
	if env.caBundle != "" {
		pool, err := caPool(env.caBundle)
		if err != nil {
			return nil, err
		}
		b = b.WithTransportOptions(withRoots(pool))
	}
	return &http.Client{
		Transport:     b.GetTransport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return ErrRedirect },
	}, nil
}

// caPool is the system roots plus the PEM certificates in bundle.
func caPool(bundle string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(bundle)
	if err != nil {
		return nil, fmt.Errorf("AWS_CA_BUNDLE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("AWS_CA_BUNDLE %s: no PEM certificates found", bundle)
	}
	return pool, nil
}
