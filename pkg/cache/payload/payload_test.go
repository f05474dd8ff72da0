package payload

import (
	"errors"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

func TestRoundTripAndForeignItems(t *testing.T) {
	exp := time.Unix(1_900_000_000, 0)
	c := creds.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "t", Expires: exp}
	data, err := Encode("fp1", c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data, "fp1", exp)
	if err != nil || got.AccessKeyID != c.AccessKeyID || got.SessionToken != "t" || !got.Expires.Equal(exp) {
		t.Fatalf("Decode = %+v, %v", got, err)
	}
	if _, err := Decode(data, "fp2", exp); !errors.Is(err, ErrForeign) {
		t.Errorf("another fingerprint: %v, want ErrForeign", err)
	}
	if _, err := Decode(data, "fp1", exp.Add(time.Second)); !errors.Is(err, ErrForeign) {
		t.Errorf("another expiry: %v, want ErrForeign", err)
	}
	if _, err := Decode([]byte("{"), "fp1", exp); err == nil || errors.Is(err, ErrForeign) {
		t.Errorf("truncated JSON: %v", err)
	}
	noToken, _ := Encode("fp1", creds.Credentials{AccessKeyID: "A", SecretAccessKey: "s", Expires: exp})
	if _, err := Decode(noToken, "fp1", exp); !errors.Is(err, ErrForeign) {
		t.Errorf("a payload without a session token is not a session: %v", err)
	}
}
