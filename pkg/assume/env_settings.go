package assume

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// envSettings are the SDK environment switches that shape assume's clients.
// They are read here rather than through aws-sdk-go-v2/config, whose package
// initialisation alone costs every run of assume about a millisecond; the
// names and meanings are the SDK's own.
type envSettings struct {
	fips      bool   // AWS_USE_FIPS_ENDPOINT
	dualStack bool   // AWS_USE_DUALSTACK_ENDPOINT
	caBundle  string // AWS_CA_BUNDLE: extra roots for a TLS-inspecting proxy
}

func readEnvSettings(getenv func(string) string) envSettings {
	if getenv == nil {
		getenv = os.Getenv
	}
	yes := func(k string) bool { return strings.EqualFold(strings.TrimSpace(getenv(k)), "true") }
	return envSettings{
		fips:      yes("AWS_USE_FIPS_ENDPOINT"),
		dualStack: yes("AWS_USE_DUALSTACK_ENDPOINT"),
		caBundle:  getenv("AWS_CA_BUNDLE"),
	}
}

func (e envSettings) endpointOptions() (aws.FIPSEndpointState, aws.DualStackEndpointState) {
	fips, dual := aws.FIPSEndpointStateUnset, aws.DualStackEndpointStateUnset
	if e.fips {
		fips = aws.FIPSEndpointStateEnabled
	}
	if e.dualStack {
		dual = aws.DualStackEndpointStateEnabled
	}
	return fips, dual
}

// httpClient returns the SDK's default client, trusting AWS_CA_BUNDLE too.
// The bundle is loaded on the first request, not here: loading the system
// roots costs milliseconds that a cache hit, which makes no request, must
// not pay.
func (e envSettings) httpClient() aws.HTTPClient {
	if e.caBundle == "" {
		return defaultHTTPClient()
	}
	return &lazyCAClient{bundle: e.caBundle}
}

// defaultHTTPClient is the SDK's default client with the response headers
// capped (see maxResponseHeaderBytes).
func defaultHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.MaxResponseHeaderBytes = maxResponseHeaderBytes
	})
}

// lazyCAClient builds the CA-bundle client on first use.
type lazyCAClient struct {
	bundle string
	once   sync.Once
	client aws.HTTPClient
	err    error
}

func (l *lazyCAClient) Do(r *http.Request) (*http.Response, error) {
	l.once.Do(func() { l.client, l.err = caBundleClient(l.bundle) })
	if l.err != nil {
		return nil, l.err
	}
	return l.client.Do(r)
}

func caBundleClient(bundle string) (aws.HTTPClient, error) {
	pool, err := caPool(bundle)
	if err != nil {
		return nil, err
	}
	return defaultHTTPClient().WithTransportOptions(withRoots(pool)), nil
}

// withRoots makes a transport trust pool (TLS 1.2 at least).
func withRoots(pool *x509.CertPool) func(*http.Transport) {
	return func(tr *http.Transport) {
		if tr.TLSClientConfig == nil {
			tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		tr.TLSClientConfig.RootCAs = pool
	}
}
