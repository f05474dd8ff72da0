package profiles

import (
	"strings"
	"testing"
)

// resolveRow is one config read the way botocore reads it: either the plan
// satisfies check, or Resolve fails with every string of fail in its error.
type resolveRow struct {
	name, config, creds, profile string
	check                        func(t *testing.T, p *Plan)
	fail                         []string
}

func runResolveRows(t *testing.T, rows []resolveRow) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			c := load(t, row.config, row.creds)
			if row.fail != nil {
				mustFail(t, c, row.profile, ResolveOptions{}, row.fail...)
				return
			}
			row.check(t, mustResolve(t, c, row.profile, ResolveOptions{}))
		})
	}
}

func wantProcess(cmd string) func(*testing.T, *Plan) {
	return func(t *testing.T, p *Plan) {
		t.Helper()
		if p.Source.Kind != SourceProcess || p.Source.CredentialProcess != cmd {
			t.Errorf("source %s %q, want credential_process %q", p.Source.Kind, p.Source.CredentialProcess, cmd)
		}
	}
}

func wantStatic(id, secret, token string) func(*testing.T, *Plan) {
	return func(t *testing.T, p *Plan) {
		t.Helper()
		s := p.Source
		if s.Kind != SourceStatic || s.AccessKeyID != id || s.SecretAccessKey != secret || s.SessionToken != token {
			t.Errorf("source %s %q/%q/%q, want static %q/%q/%q", s.Kind, s.AccessKeyID, s.SecretAccessKey, s.SessionToken, id, secret, token)
		}
	}
}

func wantRole(arn string) func(*testing.T, *Plan) {
	return func(t *testing.T, p *Plan) {
		t.Helper()
		if h := p.Final(); h == nil || h.RoleARN != arn {
			t.Errorf("final hop %+v, want role %q", h, arn)
		}
	}
}

func TestDefaultAndProfileDefault(t *testing.T) {
	runResolveRows(t, []resolveRow{
		{name: "[profile default] after [default] replaces it whole", profile: "default",
			config: "[default]\nregion = us-east-1\ncredential_process = old\n[profile default]\ncredential_process = new\n",
			check: func(t *testing.T, p *Plan) {
				wantProcess("new")(t, p)
				if p.Region != "" {
					t.Errorf("region %q leaked from the replaced [default]", p.Region)
				}
			}},
		{name: "[default] after [profile default] replaces it whole", profile: "default",
			config: "[profile default]\nregion = us-east-1\ncredential_process = old\n[default]\ncredential_process = new\n",
			check: func(t *testing.T, p *Plan) {
				wantProcess("new")(t, p)
				if p.Region != "" || p.Source.At != (Location{cfgName, 5}) {
					t.Errorf("region %q, source at %v", p.Region, p.Source.At)
				}
			}},
		{name: "the credentials file's [default] still merges key by key", profile: "default",
			config: "[default]\ncredential_process = old\n[profile default]\nregion = eu-west-1\n",
			creds:  "[default]\ncredential_process = creds\n",
			check: func(t *testing.T, p *Plan) {
				wantProcess("creds")(t, p)
				if p.Region != "eu-west-1" {
					t.Errorf("region %q", p.Region)
				}
			}},
	})
}

func TestRoleARNPaths(t *testing.T) {
	printable := `a!"#$%&'()*+,-.:;<=>?@[\]^_` + "`{|}~z"
	path510 := strings.Repeat("p", 510) // with its two slashes: 512
	row := func(name, arn string, ok bool) resolveRow {
		r := resolveRow{name: name, profile: "p", creds: baseCreds,
			config: "[profile p]\nrole_arn = " + arn + "\nsource_profile = base\n", check: wantRole(arn)}
		if !ok {
			r.fail = []string{`(/x/config:2)`, "is not an IAM role ARN", "at most 512"}
		}
		return r
	}
	runResolveRows(t, []resolveRow{
		row("tilde in the path", "arn:aws:iam::123456789012:role/ops~x/deploy", true),
		row("every printable character in the path", "arn:aws:iam::123456789012:role/"+printable+"/deploy", true),
		row("nested path", "arn:aws:iam::123456789012:role/a/b/c/deploy", true),
		row("path of 512 characters", "arn:aws:iam::123456789012:role/"+path510+"/deploy", true),
		row("path of 513 characters", "arn:aws:iam::123456789012:role/"+path510+"p/deploy", false),
		row("path of two slashes", "arn:aws:iam::123456789012:role//deploy", false),
		row("tilde in the name", "arn:aws:iam::123456789012:role/ops/de~ploy", false),
	})
}

func TestPartialCredentials(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/R"
	runResolveRows(t, []resolveRow{
		{name: "source with an access key and no secret is not walked through", profile: "r", creds: baseCreds,
			config: "[profile r]\nrole_arn = " + role + "\nsource_profile = half\n" +
				"[profile half]\naws_access_key_id = AKIAHALF\nrole_arn = " + role + "\nsource_profile = base\n",
			fail: []string{`profile "half" (/x/config:5): partial credentials: aws_access_key_id is set without aws_secret_access_key`}},
		{name: "source with a secret and no access key", profile: "r", creds: baseCreds,
			config: "[profile r]\nrole_arn = " + role + "\nsource_profile = half\n" +
				"[profile half]\naws_secret_access_key = S\nrole_arn = " + role + "\nsource_profile = base\n",
			fail: []string{`profile "half" (/x/config:5): partial credentials: aws_secret_access_key is set without aws_access_key_id`}},
		{name: "a pair split over the two files", profile: "split",
			config: "[profile split]\naws_secret_access_key = S\n", creds: "[split]\naws_access_key_id = AKIASPLIT\n",
			fail: []string{`(/x/credentials:2): partial credentials`, "the one at /x/config:2 is not read with it"}},
		{name: "a secret alone in the credentials file leaves the config file's pair", profile: "p",
			config: "[profile p]\naws_access_key_id = AKIACFG\naws_secret_access_key = CFG\n", creds: "[p]\naws_secret_access_key = CREDS\n",
			check: wantStatic("AKIACFG", "CFG", "")},
		{name: "a token in the other file is not read with the keys", profile: "p",
			config: "[profile p]\naws_session_token = FROMCONFIG\n", creds: "[p]\naws_access_key_id = AKIAP\naws_secret_access_key = S\n",
			check: wantStatic("AKIAP", "S", "")},
	})
}

func TestLegacySecurityToken(t *testing.T) {
	runResolveRows(t, []resolveRow{
		{name: "aws_security_token is the session token", profile: "t",
			creds: "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = S\naws_security_token = LEGACY\n",
			check: wantStatic("ASIAT", "S", "LEGACY")},
		{name: "aws_security_token wins over aws_session_token, as in botocore", profile: "t",
			creds: "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = S\naws_session_token = NEW\naws_security_token = LEGACY\n",
			check: wantStatic("ASIAT", "S", "LEGACY")},
		{name: "a source with aws_security_token makes the hop chained", profile: "r",
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = t\nduration_seconds = 7200\n",
			creds:  "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = S\naws_security_token = LEGACY\n",
			check: func(t *testing.T, p *Plan) {
				wantStatic("ASIAT", "S", "LEGACY")(t, p)
				if h := p.Hops[0]; !h.Chained || h.Duration != MaxChainedDuration {
					t.Errorf("hop %+v: want chained and capped", h)
				}
			}},
	})
}

func TestSourceOrderFollowsBotocoreProviders(t *testing.T) {
	runResolveRows(t, []resolveRow{
		{name: "credentials-file keys before credential_process", profile: "p",
			config: "[profile p]\ncredential_process = helper\n", creds: "[p]\naws_access_key_id = AKIAP\naws_secret_access_key = S\n",
			check: wantStatic("AKIAP", "S", "")},
		{name: "credential_process before config-file keys", profile: "p",
			config: "[profile p]\ncredential_process = helper\naws_access_key_id = AKIAP\naws_secret_access_key = S\n",
			check: func(t *testing.T, p *Plan) {
				wantProcess("helper")(t, p)
				if n := strings.Join(p.Notices, "\n"); !strings.Contains(n, "sets credential_process and static keys in /x/config; using credential_process") {
					t.Errorf("notices %q", n)
				}
			}},
		{name: "sso_session alone does not make an SSO profile", profile: "p",
			config: "[profile p]\nsso_session = corp\naws_access_key_id = AKIAP\naws_secret_access_key = S\n",
			check:  wantStatic("AKIAP", "S", "")},
		{name: "a source profile's web identity comes before its keys", profile: "r",
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = w\n" +
				"[profile w]\nrole_arn = arn:aws:iam::123456789012:role/W\nweb_identity_token_file = /t\naws_access_key_id = AKIAW\naws_secret_access_key = S\n",
			check: func(t *testing.T, p *Plan) {
				if p.Source.Kind != SourceWebIdentity || p.Source.RoleARN != "arn:aws:iam::123456789012:role/W" {
					t.Errorf("source %+v", p.Source)
				}
			}},
	})
}

func TestValuesAreTakenWhole(t *testing.T) {
	runResolveRows(t, []resolveRow{
		{name: "credential_process keeps ' ; ' and what follows", profile: "p",
			config: "[profile p]\ncredential_process = sh -c 'first' ; second # not a comment\n",
			check:  wantProcess("sh -c 'first' ; second # not a comment")},
		{name: "mfa_process keeps ' #'", profile: "r", creds: baseCreds,
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\nmfa_serial = GAHT12345678\nmfa_process = otp aws # yubikey\n",
			check: func(t *testing.T, p *Plan) {
				if h := p.Hops[0]; h.MFAProcess != "otp aws # yubikey" {
					t.Errorf("mfa_process %q", h.MFAProcess)
				}
			}},
		{name: "blank lines inside a continued value are kept", profile: "p",
			config: "[profile p]\ncredential_process = first\n\n  second\n",
			check:  wantProcess("first\n\nsecond")},
	})
}

func TestInlineCommentInACheckedValueIsRefused(t *testing.T) {
	const why = "inline comments are not comments in AWS config files"
	base := "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n"
	var rows []resolveRow
	for _, kv := range []struct{ key, value string }{
		{"external_id", "ext-1 ; shared with the owner"},
		{"duration_seconds", "3600 # one hour"},
		{"region", "eu-west-1 # Ireland"},
		{"mfa_serial", "arn:aws:iam::123456789012:mfa/me ; phone"},
		{"role_session_name", "me #x"},
		{"source_identity", "me\t;x"},
		{"credential_source", "Environment # ci"},
	} {
		rows = append(rows, resolveRow{name: kv.key, profile: "p", creds: baseCreds,
			config: base + kv.key + " = " + kv.value + "\n",
			fail:   []string{`profile "p" (/x/config:4): ` + kv.key + " " + quote(kv.value) + " contains", why}})
	}
	rows = append(rows,
		resolveRow{name: "role_arn", profile: "p", creds: baseCreds,
			config: "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R # prod\nsource_profile = base\n",
			fail:   []string{`(/x/config:2): role_arn "arn:aws:iam::123456789012:role/R # prod" contains " #"`, why}},
		resolveRow{name: "source_profile", profile: "p", creds: baseCreds,
			config: "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base ; main keys\n",
			fail:   []string{`(/x/config:3): source_profile "base ; main keys" contains " ;"`, why}},
		resolveRow{name: "a source profile's secret, never quoted", profile: "p",
			config: base, creds: "[base]\naws_access_key_id = AKIA\naws_secret_access_key = SECRETVALUE # rotated\n",
			fail: []string{`profile "base" (/x/credentials:3): aws_secret_access_key contains " #"`, why}},
		resolveRow{name: "an sso-session's start url", profile: "s",
			config: "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start # main\nsso_region = us-east-1\n" +
				"[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = r\n",
			fail: []string{`profile "s" (/x/config:2): sso_start_url`, why}},
		resolveRow{name: "a services section's sts endpoint", profile: "p",
			config: "[profile p]\ncredential_process = x\nservices = local\n[services local]\nsts =\n  endpoint_url = http://localhost:5000 ; moto\n",
			fail:   []string{`profile "p" (/x/config:6): endpoint_url`, why}},
		resolveRow{name: "'#' and ';' without a blank before are values", profile: "p",
			config: "[profile p]\ncredential_process = helper --tag=a#b;c\nregion = eu-west-1#x\n",
			check: func(t *testing.T, p *Plan) {
				wantProcess("helper --tag=a#b;c")(t, p)
				if p.Region != "eu-west-1#x" {
					t.Errorf("region %q", p.Region)
				}
			}},
		resolveRow{name: "a source profile's region is not read", profile: "p", creds: baseCreds,
			config: base + "[profile base]\nregion = us-east-1 # not used by p\n",
			check:  wantRole("arn:aws:iam::123456789012:role/R")},
	)
	runResolveRows(t, rows)
	// The secret itself is never printed.
	c := load(t, base, "[base]\naws_access_key_id = AKIA\naws_secret_access_key = SECRETVALUE # rotated\n")
	if _, err := Resolve(c, "p", ResolveOptions{}); err == nil || strings.Contains(err.Error(), "SECRETVALUE") {
		t.Errorf("error %v quotes the secret", err)
	}
}

func TestMalformedLinesAndHeaders(t *testing.T) {
	runResolveRows(t, []resolveRow{
		{name: "a key line without '=' is named at its own line", profile: "p", creds: baseCreds,
			config: "[profile p]\nregion = eu-west-1\nrole_arn arn:aws:iam::123456789012:role/R\nsource_profile = base\n",
			fail:   []string{`profile "p" (/x/config:3): line has no "="`, `the AWS CLI reads it as a key named "role_arn arn", so role_arn is not set`, "write role_arn = VALUE"}},
		{name: "a key line without '=' or ':' makes the AWS CLI refuse the file", profile: "p", creds: baseCreds,
			config: "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile base\n",
			fail:   []string{`profile "p" (/x/config:3): line has no "="`, "the AWS CLI refuses to read the file", "write source_profile = VALUE"}},
		{name: "in a source profile", profile: "r", creds: "[base]\naws_access_key_id AKIA\n",
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n",
			fail:   []string{`profile "base" (/x/credentials:2): line has no "="`, "write aws_access_key_id = VALUE"}},
		{name: "an unknown first word is not quoted", profile: "p",
			config: "[profile p]\ncredential_process = x\nAKIASECRETLOOKING\n",
			fail:   []string{`(/x/config:3): line has no "="`, "start the line with # to make it a comment"}},
		{name: "a nested block splits at '=' only", profile: "p",
			config: "[profile p]\ncredential_process = x\nservices = s\n[services s]\nsts =\n  endpoint_url: http://x\n",
			fail:   []string{`profile "p" (/x/config:6): line has no "="`}},
		{name: "a header without its ']' is named", profile: "broken", creds: baseCreds,
			config: "[profile ok]\ncredential_process = x\n[profile broken\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n",
			fail:   []string{`unknown profile "broken"`, `/x/config:3: "[profile broken" has no closing "]"`, "AWS CLI refuses the whole file", "write [profile broken]"}},
		{name: "a header with blanks inside the brackets", profile: "spaced",
			config: "[ profile spaced ]\ncredential_process = x\n",
			fail:   []string{`unknown profile "spaced"`, "/x/config:1: [ profile spaced ] has blanks inside the brackets", "write [profile spaced]"}},
		{name: "a credentials-file header with blanks", profile: "dev",
			creds: "[ dev ]\naws_access_key_id = A\naws_secret_access_key = S\n",
			fail:  []string{`unknown profile "dev"`, `/x/credentials:1: [ dev ] defines a profile named " dev "`, "write [dev]"}},
		{name: "[DEFAULT] is not a profile", profile: "DEFAULT",
			creds: "[DEFAULT]\naws_access_key_id = A\naws_secret_access_key = S\n",
			fail:  []string{`unknown profile "DEFAULT"`, "configparser's defaults section"}},
		{name: "[DEFAULT] keys are not inherited", profile: "a",
			creds: "[DEFAULT]\nregion = us-west-2\n[a]\naws_access_key_id = A\naws_secret_access_key = S\n",
			check: func(t *testing.T, p *Plan) {
				if p.Region != "" {
					t.Errorf("region %q inherited from [DEFAULT]", p.Region)
				}
			}},
		{name: "a backslash in a header escapes the next character", profile: `a\;b`,
			config: "[profile a\\;b]\ncredential_process = x\n",
			fail:   []string{`unknown profile "a\\;b"`, `/x/config:1: [profile a\;b] is profile "a;b"`, `write [profile 'a\;b'] to keep the backslash`}},
		{name: "single quotes keep a backslash", profile: `a\;b`,
			config: "[profile 'a\\;b']\ncredential_process = x\n", check: wantProcess("x")},
		{name: "a header prefix that shlex splits is read as botocore reads it", profile: "x",
			config: "[profile \"x\"]\ncredential_process = quoted\n",
			check:  wantProcess("quoted")},
	})
}
