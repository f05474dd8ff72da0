package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// decodeProcess decodes output the way SDKs do, keeping JSON types.
func decodeProcess(t *testing.T, c creds.Credentials) (string, map[string]any) {
	t.Helper()
	var b bytes.Buffer
	if err := CredentialProcess(&b, c); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("output is not one newline-terminated line: %q", out)
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("output is not JSON: %v: %q", err, out)
	}
	return out, m
}

func TestCredentialProcessTemporary(t *testing.T) {
	c := temporary
	c.Expires = time.Date(2026, 1, 2, 12, 4, 5, 999, time.FixedZone("JST", 9*3600))
	out, m := decodeProcess(t, c)
	want := `{"Version":1,"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","SessionToken":"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def==","Expiration":"2026-01-02T03:04:05Z"}` + "\n"
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	if v, ok := m["Version"].(json.Number); !ok || v.String() != "1" {
		t.Errorf("Version = %#v, want the number 1", m["Version"])
	}
	if len(m) != 5 {
		t.Errorf("keys = %v, want exactly Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration", m)
	}
	for k, want := range map[string]string{"AccessKeyId": c.AccessKeyID, "SecretAccessKey": c.SecretAccessKey, "SessionToken": c.SessionToken} {
		if m[k] != want {
			t.Errorf("%s = %#v, want %q", k, m[k], want)
		}
	}
	exp, _ := m["Expiration"].(string)
	parsed, err := time.Parse(time.RFC3339, exp)
	if !strings.HasSuffix(exp, "Z") || err != nil || !parsed.Equal(c.Expires.Truncate(time.Second)) {
		t.Errorf("Expiration = %q (%v), want UTC RFC 3339 with Z for %v", exp, err, c.Expires)
	}
}

func TestCredentialProcessLongTerm(t *testing.T) {
	out, m := decodeProcess(t, longTerm)
	if len(m) != 3 || m["SessionToken"] != nil || m["Expiration"] != nil {
		t.Errorf("long-term keys must omit SessionToken and Expiration: %s", out)
	}
	if v, ok := m["Version"].(json.Number); !ok || v.String() != "1" {
		t.Errorf("Version = %#v, want the number 1", m["Version"])
	}
}

func TestCredentialProcessHostileValuesAreData(t *testing.T) {
	c := temporary
	c.SessionToken = "\"}\n{\"Version\":2,\"x\":\"<&>\\"
	_, m := decodeProcess(t, c)
	if m["SessionToken"] != c.SessionToken {
		t.Errorf("SessionToken = %q, want %q", m["SessionToken"], c.SessionToken)
	}
}

func TestCredentialProcessRejects(t *testing.T) {
	for name, c := range map[string]creds.Credentials{
		"temporary without expiry": {AccessKeyID: "ASIA", SecretAccessKey: "s", SessionToken: "t"},
		"no access key":            {SecretAccessKey: "s"},
		"no secret":                {AccessKeyID: "AKIA"},
		"invalid UTF-8 secret":     {AccessKeyID: "AKIA", SecretAccessKey: "\xff"},
	} {
		var b bytes.Buffer
		if err := CredentialProcess(&b, c); err == nil || b.Len() > 0 {
			t.Errorf("%s: err = %v, output %q; want an error and no output", name, err, b.String())
		}
	}
}
