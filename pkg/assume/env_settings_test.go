package assume

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFIPSAndDualStackSwitches(t *testing.T) {
	fips, dual := readEnvSettings(envOf(map[string]string{"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"})).endpointOptions()
	if fips != aws.FIPSEndpointStateEnabled || dual != aws.DualStackEndpointStateEnabled {
		t.Fatalf("fips %v dual %v", fips, dual)
	}
	fips, dual = readEnvSettings(envOf(nil)).endpointOptions()
	if fips != aws.FIPSEndpointStateUnset || dual != aws.DualStackEndpointStateUnset {
		t.Fatalf("unset env gave fips %v dual %v", fips, dual)
	}
}

func TestCABundleMustHoldCertificates(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://sts.amazonaws.com/", nil)
	_, err := readEnvSettings(envOf(map[string]string{"AWS_CA_BUNDLE": bad})).httpClient().Do(req)
	if err == nil || !strings.Contains(err.Error(), "AWS_CA_BUNDLE") {
		t.Fatalf("err = %v", err)
	}
}
