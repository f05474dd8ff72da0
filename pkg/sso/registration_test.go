package sso

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
)

// The registration file must be found under the name the AWS CLI v2
// gives it, or each tool would register its own client. The oracle is
// Python's json.dumps itself, as botocore calls it.
func TestRegistrationKeyIsTheAWSCLIs(t *testing.T) {
	python := testenv.Tool(t, "python3")
	sessions := []Session{
		{Name: "corp", StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1"},
		{Name: "ünï", StartURL: "https://x.awsapps.com/start#/", Region: "us-east-1", Scopes: []string{"sso:account:access", "a\"b\\c é 😀", "tab\there\x01"}},
		{StartURL: "https://legacy.awsapps.com/start", Region: "ap-southeast-2"},
		{Name: "empty-scopes", StartURL: "https://y.awsapps.com/start", Region: "eu-central-1", Scopes: []string{}},
	}
	script := `import hashlib, json, sys
for a in json.load(sys.stdin):
    print(hashlib.sha1(json.dumps(a, sort_keys=True).encode("utf-8")).hexdigest())`
	var args []map[string]any
	for _, s := range sessions {
		a := map[string]any{"tool": "botocore", "startUrl": s.StartURL, "region": s.Region, "scopes": s.Scopes, "session_name": nil}
		if s.Scopes == nil {
			a["scopes"] = nil
		}
		if !s.Legacy() {
			a["session_name"] = s.Name
		}
		args = append(args, a)
	}
	in, _ := json.Marshal(args)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	want := strings.Fields(string(out))
	for i, s := range sessions {
		if got := registrationKey(s); got != want[i] {
			t.Errorf("%+v: key %s, python says %s", s, got, want[i])
		}
	}
}

func TestTokenCacheKeyIsSHA1OfTheSessionOrStartURL(t *testing.T) {
	python := testenv.Tool(t, "python3")
	out, err := exec.Command(python, "-c", `import hashlib; print(hashlib.sha1(b"corp").hexdigest(), hashlib.sha1(b"https://l.awsapps.com/start").hexdigest())`).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(string(out))
	if got := (Session{Name: "corp", StartURL: "https://other"}).cacheKey(); got != want[0] {
		t.Errorf("named: %s, want %s", got, want[0])
	}
	if got := (Session{StartURL: "https://l.awsapps.com/start"}).cacheKey(); got != want[1] {
		t.Errorf("legacy: %s, want %s", got, want[1])
	}
}

func TestTokenFileReadsWhatOtherToolsWrite(t *testing.T) {
	for _, exp := range []string{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05UTC", "2026-01-02T04:04:05+01:00", "2026-01-02T03:04:05.000Z"} {
		var tok Token
		if err := json.Unmarshal([]byte(`{"startUrl":"u","region":"r","accessToken":"a","expiresAt":"`+exp+`"}`), &tok); err != nil {
			t.Errorf("%s: %v", exp, err)
			continue
		}
		if got := tok.Expires().Format("2006-01-02T15:04:05Z07:00"); got != "2026-01-02T03:04:05Z" {
			t.Errorf("%s read as %s", exp, got)
		}
	}
	out, _ := json.Marshal(Token{StartURL: "u", Region: "r", AccessToken: "a"})
	if strings.Contains(string(out), "registrationExpiresAt") || strings.Contains(string(out), "refreshToken") {
		t.Errorf("unset optional fields written: %s", out)
	}
}

func TestTokenStringHidesSecrets(t *testing.T) {
	tok := Token{AccessToken: "access-SECRET", RefreshToken: "refresh-SECRET", ClientSecret: "client-SECRET"}
	for _, s := range []string{tok.String(), fmt.Sprintf("%v %+v %#v %s %q %x", tok, tok, tok, tok, tok, tok)} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("secret printed: %s", s)
		}
	}
}
