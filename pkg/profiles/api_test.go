package profiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFilesFromEnv(t *testing.T) {
	got := FilesFromEnv(nil, "/home/u")
	if want := (Files{"/home/u/.aws/config", "/home/u/.aws/credentials"}); got != want {
		t.Errorf("defaults = %+v", got)
	}
	got = FilesFromEnv(env("AWS_CONFIG_FILE", "~/cfg", "AWS_SHARED_CREDENTIALS_FILE", "/abs/creds"), "/home/u")
	if want := (Files{"/home/u/cfg", "/abs/creds"}); got != want {
		t.Errorf("env = %+v", got)
	}
	if got := FilesFromEnv(env("AWS_CONFIG_FILE", "~other/cfg"), "/h"); got.Config != "~other/cfg" {
		t.Errorf("~user must not expand: %q", got.Config)
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	f := Files{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "missing")}
	if err := os.WriteFile(f.Config, []byte("[profile a]\ncredential_process = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(f)
	if err != nil {
		t.Fatalf("missing credentials file must be empty, got %v", err)
	}
	if p, err := c.Profile("a"); err != nil || p.At != (Location{f.Config, 1}) {
		t.Errorf("Profile(a) = %+v, %v", p, err)
	}
	if _, err := Load(Files{Config: dir}); err == nil {
		t.Error("a directory as config file must be an error")
	}
	c, err = Load(Files{Config: filepath.Join(dir, "none"), Credentials: filepath.Join(dir, "none2")})
	if err != nil || len(c.Names()) != 0 {
		t.Errorf("both missing: %v %v", c, err)
	}
	e := mustFail(t, c, "x", ResolveOptions{}, "no profiles are configured")
	if !errors.Is(e, ErrUnknownProfile) {
		t.Error("unknown profile does not wrap ErrUnknownProfile")
	}
}

func TestSummaries(t *testing.T) {
	c := load(t, `[default]
region = us-east-1
credential_process = x
[profile r]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = base
region = eu-west-1
[profile e]
role_arn = arn:aws:iam::123456789012:role/R
credential_source = Ec2InstanceMetadata
[profile s]
sso_session = corp
[profile w]
role_arn = arn:aws:iam::123456789012:role/R
web_identity_token_file = /t
[profile z]
output = json
`, baseCreds)
	got, err := c.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{
		{"base", "static", "", ""},
		{"default", "process", "", "us-east-1"},
		{"e", "role", "Ec2InstanceMetadata", ""},
		{"r", "role", "base", "eu-west-1"},
		{"s", "sso", "", ""},
		{"w", "web-identity", "", ""},
		{"z", "empty", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summaries\n got %+v\nwant %+v", got, want)
	}
}

func TestPlanTextAndSecrets(t *testing.T) {
	c := load(t, chainConfig+`
[profile long]
role_arn = arn:aws:iam::111111111111:role/Long
source_profile = a
duration_seconds = 43200
`, `[base]
aws_access_key_id = AKIABASE
aws_secret_access_key = TOPSECRETKEY
aws_session_token = TOPSECRETTOKEN
`)
	p := mustResolve(t, c, "c", ResolveOptions{Region: "eu-west-3", Getenv: env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")})
	var b bytes.Buffer
	if err := p.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"profile c\n", "source: static", "access key id:    AKIABASE", "/x/credentials:2", "temporary",
		"hop 1: profile a", "hop 2: profile b", "hop 3: profile c",
		"role:             arn:aws:iam::222222222222:role/path/to/B", "external id:      ext-b",
		"mfa serial:       arn:aws:iam::999999999999:mfa/me", "session name:     sess-a", "source identity:  alice",
		"defined at:       /x/config:16", "duration:         1h0m0s", "region:           eu-west-3",
		"sts endpoint:     http://127.0.0.1:9",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan text lacks %q:\n%s", want, out)
		}
	}
	p2 := mustResolve(t, c, "long", ResolveOptions{})
	b.Reset()
	if err := p2.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "duration:         1h0m0s (asked 12h0m0s; role chaining") || !strings.Contains(b.String(), "note: profile \"long\": asked 12h0m0s") {
		t.Errorf("cap reason missing:\n%s", b.String())
	}
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{out, b.String(), string(js), p.Source.String(), fmt.Sprint(p.Source)} {
		if strings.Contains(s, "TOPSECRET") {
			t.Errorf("secret leaked: %s", s)
		}
	}
	if strings.Contains(string(js), "AKIABASE") {
		t.Errorf("access key id must be json:\"-\": %s", js)
	}
	if !strings.Contains(p.Source.String(), "AKIABASE") || !strings.Contains(p.Source.String(), `from profile "base"`) {
		t.Errorf("Source.String() = %q", p.Source.String())
	}
}

func TestDefaultSessionName(t *testing.T) {
	tests := []struct{ user, host, want string }{
		{"alice", "laptop.local", "alice@laptop.local"},
		{"Jöhn Doe", "box", "J-hn-Doe@box"},
		{"", "", "assume-session"},
		{"x", "", "assume-x"},
		{"", "h", "assume-h"},
		{"é", "", "assume-session"},
		{strings.Repeat("u", 70), "host", strings.Repeat("u", 64)},
		{`DOMAIN\user`, "pc", "DOMAIN-user@pc"},
	}
	for _, tt := range tests {
		got := DefaultSessionName(tt.user, tt.host)
		if got != tt.want {
			t.Errorf("DefaultSessionName(%q, %q) = %q, want %q", tt.user, tt.host, got, tt.want)
		}
		if checkSessionName("role_session_name", got) != "" {
			t.Errorf("%q is not a valid session name", got)
		}
	}
	// Resolve sanitizes what the caller passes.
	c := load(t, "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n", baseCreds)
	p, err := Resolve(c, "p", ResolveOptions{DefaultSessionName: "bad name!"})
	if err != nil || p.Hops[0].RoleSessionName != "bad-name" {
		t.Errorf("session name %q, %v", p.Hops[0].RoleSessionName, err)
	}
}

func TestValidators(t *testing.T) {
	for code, ok := range map[string]bool{"123456": true, "000000": true, "12345": false, "1234567": false, "12a456": false, "١٢٣٤٥٦": false, "": false} {
		if err := ValidateMFAToken(code); (err == nil) != ok {
			t.Errorf("ValidateMFAToken(%q) = %v", code, err)
		}
	}
	for d, ok := range map[time.Duration]bool{15 * time.Minute: true, 12 * time.Hour: true, 899 * time.Second: false, 12*time.Hour + time.Second: false, 0: false} {
		if err := ValidateDuration(d); (err == nil) != ok {
			t.Errorf("ValidateDuration(%s) = %v", d, err)
		}
	}
}

func TestConfigErrorFormat(t *testing.T) {
	inner := errors.New("boom")
	e := &ConfigError{Profile: "p", At: Location{"/c", 3}, Msg: "bad\nvalue", Hint: "fix it", Err: inner}
	if got := e.Error(); got != `profile "p" (/c:3): bad\nvalue; fix it` {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(fmt.Errorf("wrapped: %w", e), inner) {
		t.Error("ConfigError does not unwrap")
	}
}
