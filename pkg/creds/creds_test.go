package creds

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNoFormatVerbPrintsSecrets(t *testing.T) {
	c := Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "s3cr3tK3yMaterial", SessionToken: "t0k3nMaterial", Expires: time.Unix(1893456000, 0)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%o", "%b"} {
		for _, v := range []any{c, &c, []Credentials{c}, map[string]Credentials{"k": c}, struct{ C Credentials }{c}} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "s3cr3t") || strings.Contains(out, "t0k3n") {
				t.Errorf("%s of %T printed a secret: %s", verb, v, out)
			}
		}
	}
	if !strings.Contains(fmt.Sprint(c), "ASIAEXAMPLE") {
		t.Error("the access key id, which is not secret, should still show")
	}
}

func TestRemainingAndExpiry(t *testing.T) {
	now := time.Unix(1893456000, 0)
	c := Credentials{AccessKeyID: "A", SecretAccessKey: "S", SessionToken: "T", Expires: now.Add(time.Minute)}
	if c.Remaining(now) != time.Minute || c.Expired(now) || !c.Expired(now.Add(time.Minute)) || !c.Temporary() {
		t.Fatal("expiry arithmetic")
	}
	long := Credentials{AccessKeyID: "A", SecretAccessKey: "S"}
	if long.CanExpire() || long.Expired(now) || long.Temporary() {
		t.Fatal("long-term keys never expire")
	}
}
