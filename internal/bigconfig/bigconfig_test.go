package bigconfig

import (
	"bytes"
	"testing"
)

func TestGenerateDeterministicAndSized(t *testing.T) {
	c1, k1 := Generate(10000)
	c2, k2 := Generate(10000)
	if !bytes.Equal(c1, c2) || !bytes.Equal(k1, k2) {
		t.Fatal("Generate is not deterministic")
	}
	if got := bytes.Count(c1, []byte("\n[profile ")); got != 10000 {
		t.Errorf("config has %d profiles, want 10000", got)
	}
	if len(c1) < 1_000_000 || len(c1) > 2_500_000 {
		t.Errorf("config is %d bytes, want about 1.5 MB", len(c1))
	}
	if !bytes.Contains(k1, []byte("aws_secret_access_key")) {
		t.Error("credentials file has no static keys")
	}
	if DeepProfile(10000) == "" || DeepProfile(0) != "" {
		t.Errorf("DeepProfile: %q %q", DeepProfile(10000), DeepProfile(0))
	}
}
