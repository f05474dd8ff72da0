package profiles

import (
	"errors"
	"io"
	"sort"
	"strings"
	"testing"
	"time"
)

// FuzzLoadResolve feeds arbitrary files to the scanner and resolver. Beyond
// not panicking, every plan must satisfy what STS will enforce, and every
// error must be a one-line ConfigError.
func FuzzLoadResolve(f *testing.F) {
	f.Add(chainConfig, baseCreds, "c", int64(0))
	f.Add(chainConfig, baseCreds, "b", int64(43200))
	f.Add("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = a\naws_access_key_id = k\naws_secret_access_key = s\nmfa_serial = GAHT12345678\nduration_seconds = 43200\n", "", "a", int64(0))
	f.Add("[profile a]\nsource_profile = b\nrole_arn = arn:aws:iam::123456789012:role/A\n[profile b]\nsource_profile = a\nrole_arn = arn:aws:iam::123456789012:role/B\n", "", "a", int64(0))
	f.Add("\xEF\xBB\xBF[ profile  x ]\r\nsso_session = s\r\nsso_account_id = 1\r\nsso_role_name = r\r\n[sso-session s]\r\nsso_start_url = u ; c\r\nsso_region = r\r\n", "", "x", int64(900))
	f.Add("[profile s]\nservices = svc\ncredential_process = p\n[services svc]\nsts =\n  endpoint_url = http://x\n  [x]\n", "[s]\nregion=1", "s", int64(0))
	f.Add("[profile w]\nrole_arn = arn:aws:iam::123456789012:role/W\nweb_identity_token_file = /t\n", "", "w", int64(0))
	f.Add("[default]\nrole_arn=x\n", "[default]\naws_access_key_id=a\n", "default", int64(-1))
	f.Fuzz(func(t *testing.T, config, creds, name string, durSecs int64) {
		c, err := LoadBytes(cfgName, []byte(config), credName, []byte(creds))
		if err != nil {
			t.Fatal(err)
		}
		names := c.Names()
		if !sort.StringsAreSorted(names) {
			t.Fatalf("Names not sorted: %q", names)
		}
		for i, n := range names {
			if i > 0 && names[i-1] == n {
				t.Fatalf("duplicate name %q", n)
			}
			if !c.Has(n) {
				t.Fatalf("Has(%q) is false for a listed name", n)
			}
		}
		if _, err := c.Summaries(); err != nil {
			t.Fatal(err)
		}
		try := []string{name}
		if len(names) > 0 {
			try = append(try, names[0], names[len(names)-1])
		}
		opts := ResolveOptions{Duration: time.Duration(durSecs%100000) * time.Second, DefaultSessionName: name,
			Getenv: env("AWS_SESSION_TOKEN", name)}
		for _, n := range try {
			p, err := Resolve(c, n, opts)
			if err != nil {
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("error %v is %T, not *ConfigError", err, err)
				}
				if strings.ContainsAny(err.Error(), "\r\n") {
					t.Fatalf("error not one line: %q", err)
				}
				continue
			}
			checkPlan(t, p, len(names))
		}
	})
}

// checkPlan asserts the STS-facing invariants of a successful plan.
func checkPlan(t *testing.T, p *Plan, profiles int) {
	t.Helper()
	if len(p.Hops) > profiles {
		t.Fatalf("%d hops from %d profiles", len(p.Hops), profiles)
	}
	for i, h := range p.Hops {
		if checkRoleARN(h.RoleARN) != "" || checkSessionName("role_session_name", h.RoleSessionName) != "" {
			t.Fatalf("hop %d has invalid role or session name: %+v", i, h)
		}
		if h.ExternalID != "" && checkExternalID(h.ExternalID) != "" {
			t.Fatalf("hop %d external id %q", i, h.ExternalID)
		}
		if h.Duration < MinDuration || h.Duration > MaxDuration {
			t.Fatalf("hop %d duration %s", i, h.Duration)
		}
		if h.Chained && h.Duration > MaxChainedDuration {
			t.Fatalf("chained hop %d requests %s", i, h.Duration)
		}
		if i > 0 && !h.Chained {
			t.Fatalf("hop %d after another is not chained", i)
		}
	}
	if err := p.WriteText(io.Discard); err != nil {
		t.Fatal(err)
	}
	// Whatever the input, the secret fields never reach the text view.
	p.Source.SecretAccessKey, p.Source.SessionToken = "\x00SECRET-KEY\x00", "\x00SESSION-TOKEN\x00"
	var b strings.Builder
	if err := p.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{b.String(), p.Source.String()} {
		if strings.Contains(s, "SECRET-KEY") || strings.Contains(s, "SESSION-TOKEN") {
			t.Fatalf("secret printed:\n%s", s)
		}
	}
}
