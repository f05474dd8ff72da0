package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

var (
	expiry    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	temporary = creds.Credentials{
		AccessKeyID:     "ASIAIOSFODNN7EXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		SessionToken:    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def==",
		Expires:         expiry,
	}
	longTerm = creds.Credentials{
		AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
)

// expectNULRejected requires an error that names the variable, never leaks
// the value, and that nothing was written.
func expectNULRejected(t *testing.T, f Format, e Env) {
	t.Helper()
	var b bytes.Buffer
	err := Write(&b, f, e)
	if err == nil {
		t.Fatalf("Write(%s) accepted a NUL byte", f)
	}
	if b.Len() != 0 {
		t.Errorf("Write(%s) wrote %q despite failing", f, b.String())
	}
	if !strings.Contains(err.Error(), e.Set[0].Name) {
		t.Errorf("error %q does not name %s", err, e.Set[0].Name)
	}
	if v := e.Set[0].Value; len(v) > 2 && strings.Contains(err.Error(), v) {
		t.Errorf("error %q leaks the value", err)
	}
}
