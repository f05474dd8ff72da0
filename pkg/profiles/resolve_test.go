package profiles

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

const baseCreds = `[base]
aws_access_key_id = AKIABASE
aws_secret_access_key = SECRETBASE
`

func TestResolveSingleRoleFromStaticKeys(t *testing.T) {
	c := load(t, `[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
region = eu-west-1
`, baseCreds)
	got := mustResolve(t, c, "admin", ResolveOptions{})
	want := &Plan{
		Profile: "admin",
		Source: Source{Kind: SourceStatic, Profile: "base", At: Location{credName, 2},
			AccessKeyID: "AKIABASE", SecretAccessKey: "SECRETBASE"},
		Hops: []Hop{{Profile: "admin", At: Location{cfgName, 2}, RoleARN: "arn:aws:iam::123456789012:role/Admin",
			RoleSessionName: "me@host", Duration: time.Hour}},
		Region: "eu-west-1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("plan:\n got %+v\nwant %+v", got, want)
	}
}

const chainConfig = `[profile a]
role_arn = arn:aws:iam::111111111111:role/A
source_profile = base
external_id = ext-a
role_session_name = sess-a
duration_seconds = 3600

[profile b]
role_arn = arn:aws:iam::222222222222:role/path/to/B
source_profile = a
external_id = ext-b
mfa_serial = arn:aws:iam::999999999999:mfa/me
source_identity = alice

[profile c]
role_arn = arn:aws-cn:iam::333333333333:role/C
source_profile = b
region = us-west-2
`

func TestResolveThreeHopChainKeepsPerHopSettings(t *testing.T) {
	c := load(t, chainConfig, baseCreds)
	p := mustResolve(t, c, "c", ResolveOptions{})
	if p.Source.Kind != SourceStatic || p.Source.Profile != "base" {
		t.Fatalf("source = %+v", p.Source)
	}
	want := []Hop{
		{Profile: "a", At: Location{cfgName, 2}, RoleARN: "arn:aws:iam::111111111111:role/A", ExternalID: "ext-a",
			RoleSessionName: "sess-a", Asked: time.Hour, Duration: time.Hour},
		{Profile: "b", At: Location{cfgName, 9}, RoleARN: "arn:aws:iam::222222222222:role/path/to/B", ExternalID: "ext-b",
			MFASerial: "arn:aws:iam::999999999999:mfa/me", RoleSessionName: "me@host", SourceIdentity: "alice",
			Duration: time.Hour, Chained: true},
		{Profile: "c", At: Location{cfgName, 16}, RoleARN: "arn:aws-cn:iam::333333333333:role/C",
			RoleSessionName: "me@host", Duration: time.Hour, Chained: true},
	}
	if !reflect.DeepEqual(p.Hops, want) {
		t.Errorf("hops:\n got %+v\nwant %+v", p.Hops, want)
	}
	if p.Region != "us-west-2" {
		t.Errorf("region = %q, want the asked profile's us-west-2", p.Region)
	}
	if len(p.Notices) != 0 {
		t.Errorf("unexpected notices %q", p.Notices)
	}
}

func TestChainingCap(t *testing.T) {
	cfg := `[profile first]
role_arn = arn:aws:iam::111111111111:role/First
source_profile = base
duration_seconds = 43200

[profile second]
role_arn = arn:aws:iam::222222222222:role/Second
source_profile = first
duration_seconds = 43200

[profile fromtemp]
role_arn = arn:aws:iam::111111111111:role/T
source_profile = temp
duration_seconds = 7200

[profile fromenv]
role_arn = arn:aws:iam::111111111111:role/E
credential_source = Environment
duration_seconds = 7200

[profile fromsso]
role_arn = arn:aws:iam::111111111111:role/S
source_profile = sso
duration_seconds = 7200

[profile sso]
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Dev
`
	creds := baseCreds + `
[temp]
aws_access_key_id = ASIATEMP
aws_secret_access_key = S
aws_session_token = TOKEN
`
	c := load(t, cfg, creds)
	type hopWant struct {
		asked, dur      time.Duration
		capped, chained bool
	}
	tests := []struct {
		name, profile string
		opts          ResolveOptions
		hops          []hopWant
		notice        string
	}{
		{"12h on first hop from long-term keys is kept", "first", ResolveOptions{},
			[]hopWant{{12 * time.Hour, 12 * time.Hour, false, false}}, ""},
		{"12h on chained hop becomes 1h", "second", ResolveOptions{},
			[]hopWant{{12 * time.Hour, 12 * time.Hour, false, false}, {12 * time.Hour, time.Hour, true, true}},
			`profile "second": asked 12h0m0s, requesting 1h0m0s: role chaining`},
		{"--duration affects only the final hop", "second", ResolveOptions{Duration: 30 * time.Minute},
			[]hopWant{{12 * time.Hour, 12 * time.Hour, false, false}, {30 * time.Minute, 30 * time.Minute, false, true}}, ""},
		{"--duration on a chained final hop is capped", "second", ResolveOptions{Duration: 2 * time.Hour},
			[]hopWant{{12 * time.Hour, 12 * time.Hour, false, false}, {2 * time.Hour, time.Hour, true, true}}, `asked 2h0m0s, requesting 1h0m0s`},
		{"source with session token makes the first hop chained", "fromtemp", ResolveOptions{},
			[]hopWant{{2 * time.Hour, time.Hour, true, true}}, `profile "fromtemp": asked 2h0m0s`},
		{"environment with session token is temporary", "fromenv", ResolveOptions{Getenv: env("AWS_SESSION_TOKEN", "x")},
			[]hopWant{{2 * time.Hour, time.Hour, true, true}}, `profile "fromenv"`},
		{"environment without session token is long-term", "fromenv", ResolveOptions{Getenv: env("AWS_ACCESS_KEY_ID", "x")},
			[]hopWant{{2 * time.Hour, 2 * time.Hour, false, false}}, ""},
		{"sso source is temporary", "fromsso", ResolveOptions{},
			[]hopWant{{2 * time.Hour, time.Hour, true, true}}, `profile "fromsso"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustResolve(t, c, tt.profile, tt.opts)
			if len(p.Hops) != len(tt.hops) {
				t.Fatalf("%d hops, want %d", len(p.Hops), len(tt.hops))
			}
			for i, w := range tt.hops {
				h := p.Hops[i]
				if h.Asked != w.asked || h.Duration != w.dur || (h.CapReason != "") != w.capped || h.Chained != w.chained {
					t.Errorf("hop %d: asked %s duration %s cap %q chained %v; want asked %s duration %s capped %v chained %v",
						i, h.Asked, h.Duration, h.CapReason, h.Chained, w.asked, w.dur, w.capped, w.chained)
				}
			}
			joined := strings.Join(p.Notices, "\n")
			if tt.notice == "" && joined != "" {
				t.Errorf("unexpected notices %q", joined)
			}
			if tt.notice != "" && !strings.Contains(joined, tt.notice) {
				t.Errorf("notices %q do not contain %q", joined, tt.notice)
			}
		})
	}
}

func TestSelfReferencingSourceWithKeys(t *testing.T) {
	c := load(t, `[profile self]
role_arn = arn:aws:iam::123456789012:role/Self
source_profile = self
aws_access_key_id = AKIASELF
aws_secret_access_key = S

[profile nokeys]
role_arn = arn:aws:iam::123456789012:role/Self
source_profile = nokeys
`, "")
	p := mustResolve(t, c, "self", ResolveOptions{})
	if p.Source.Kind != SourceStatic || p.Source.AccessKeyID != "AKIASELF" || len(p.Hops) != 1 || p.Hops[0].Profile != "self" {
		t.Errorf("plan = %+v", p)
	}
	mustFail(t, c, "nokeys", ResolveOptions{}, `profile "nokeys" (/x/config:9)`, "names the profile itself", "no aws_access_key_id")
}

func TestStaticKeySourceStopsTheWalk(t *testing.T) {
	// mid has keys, so its role_arn and its source_profile (which does not
	// even exist) are ignored when it is a source.
	c := load(t, `[profile top]
role_arn = arn:aws:iam::123456789012:role/Top
source_profile = mid

[profile mid]
role_arn = arn:aws:iam::123456789012:role/Mid
source_profile = nowhere
`, `[mid]
aws_access_key_id = AKIAMID
aws_secret_access_key = S
`)
	p := mustResolve(t, c, "top", ResolveOptions{})
	if len(p.Hops) != 1 || p.Hops[0].Profile != "top" || p.Source.Profile != "mid" || p.Source.AccessKeyID != "AKIAMID" {
		t.Errorf("plan = %+v", p)
	}
	// Asked for directly, mid's role is assumed and its missing source matters.
	mustFail(t, c, "mid", ResolveOptions{}, `source_profile "nowhere" is not in /x/config or /x/credentials`, "(/x/config:7)")
}

func TestCredentialsFileWinsKeyByKey(t *testing.T) {
	c := load(t, `[profile p]
region = eu-west-1
role_arn = arn:aws:iam::111111111111:role/FromConfig
source_profile = base
external_id = from-config
`, baseCreds+`
[p]
role_arn = arn:aws:iam::222222222222:role/FromCreds
`)
	p := mustResolve(t, c, "p", ResolveOptions{})
	h := p.Hops[0]
	if h.RoleARN != "arn:aws:iam::222222222222:role/FromCreds" || h.At != (Location{credName, 6}) {
		t.Errorf("role %q at %v, want the credentials file's", h.RoleARN, h.At)
	}
	if h.ExternalID != "from-config" || p.Region != "eu-west-1" {
		t.Errorf("keys only in the config file were lost: %+v region %q", h, p.Region)
	}
}

func TestKeysCaseInsensitiveNamesCaseSensitive(t *testing.T) {
	c := load(t, `[profile Dev]
ROLE_ARN = arn:aws:iam::111111111111:role/Upper
Source_Profile = base
Region = ap-south-1
`, baseCreds)
	p := mustResolve(t, c, "Dev", ResolveOptions{})
	if p.Hops[0].RoleARN != "arn:aws:iam::111111111111:role/Upper" || p.Region != "ap-south-1" {
		t.Errorf("plan = %+v", p)
	}
	mustFail(t, c, "dev", ResolveOptions{}, `unknown profile "dev"`, "did you mean Dev?")
}

func TestDefaultIsNeverInherited(t *testing.T) {
	c := load(t, `[default]
region = us-east-1
external_id = default-ext
duration_seconds = 43200
role_arn = arn:aws:iam::111111111111:role/Default
source_profile = base

[profile bare]
role_arn = arn:aws:iam::222222222222:role/Bare
source_profile = base
`, baseCreds)
	p := mustResolve(t, c, "bare", ResolveOptions{})
	h := p.Hops[0]
	if p.Region != "" || h.ExternalID != "" || h.Asked != 0 {
		t.Errorf("[default] leaked into bare: region %q hop %+v", p.Region, h)
	}
	mustFail(t, c, "nosuch", ResolveOptions{}, `unknown profile "nosuch"`)
	if d := mustResolve(t, c, "default", ResolveOptions{}); d.Hops[0].ExternalID != "default-ext" {
		t.Errorf("default itself: %+v", d.Hops[0])
	}
}

func TestProfileDefaultHeaderIsDefault(t *testing.T) {
	c := load(t, "[profile default]\nregion = eu-north-1\ncredential_process = /bin/true\n", "")
	p := mustResolve(t, c, "default", ResolveOptions{})
	if p.Region != "eu-north-1" || p.Source.Kind != SourceProcess {
		t.Errorf("plan = %+v", p)
	}
}

func TestUnknownProfileSuggests(t *testing.T) {
	c := load(t, `[profile prod-admin]
credential_process = x
[profile prod-read]
credential_process = x
[profile staging]
credential_process = x
`, "")
	ce := mustFail(t, c, "prod-admn", ResolveOptions{})
	want := `unknown profile "prod-admn" (not in /x/config or /x/credentials); did you mean prod-admin?`
	if got := ce.Error(); got != want {
		t.Errorf("error\n got %q\nwant %q", got, want)
	}
	mustFail(t, c, "prod", ResolveOptions{}, "did you mean prod-admin, prod-read?")
	// A config-file header missing "profile " gets a precise hint.
	c = load(t, "[dev]\ncredential_process = x\n", "")
	mustFail(t, c, "dev", ResolveOptions{}, "/x/config:1 has [dev]; in the config file write [profile dev]")
}

func TestSourceErrors(t *testing.T) {
	c := load(t, `[profile prod]
role_arn = arn:aws:iam::111111111111:role/P
source_profile = a

[profile a]
role_arn = arn:aws:iam::111111111111:role/A
source_profile = prod

[profile entry]
role_arn = arn:aws:iam::111111111111:role/E
source_profile = prod

[profile missing]
role_arn = arn:aws:iam::111111111111:role/M
source_profile = bsae

[profile both]
role_arn = arn:aws:iam::111111111111:role/B
source_profile = base
credential_source = Environment

[profile badcs]
role_arn = arn:aws:iam::111111111111:role/B
credential_source = environment

[profile nosource]
role_arn = arn:aws:iam::111111111111:role/N

[profile nothing]
region = us-east-1

[profile onlysource]
source_profile = base

[profile halfkeys]
aws_access_key_id = AKIAHALF

[profile csnorole]
credential_source = Environment
`, baseCreds)
	tests := []struct {
		profile string
		want    []string
	}{
		{"prod", []string{`profile "prod" (/x/config:3): source_profile cycle prod -> a -> prod; remove one source_profile`}},
		{"entry", []string{`source_profile cycle prod -> a -> prod`}},
		{"missing", []string{`profile "missing" (/x/config:15)`, `source_profile "bsae" is not in`, "did you mean base?"}},
		{"both", []string{`profile "both" (/x/config:20): both source_profile and credential_source are set`}},
		{"badcs", []string{`(/x/config:24)`, `credential_source "environment" is not supported`, "Environment, Ec2InstanceMetadata or EcsContainer"}},
		{"nosource", []string{`(/x/config:27)`, "role_arn is set but nothing signs", "add source_profile"}},
		{"nothing", []string{`profile "nothing" (/x/config:29): profile has no credentials`}},
		{"onlysource", []string{`(/x/config:33)`, "source_profile is set but role_arn is missing"}},
		{"halfkeys", []string{`(/x/config:36)`, "partial credentials: aws_access_key_id is set without aws_secret_access_key"}},
		{"csnorole", []string{`(/x/config:39)`, "credential_source is set but role_arn is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			mustFail(t, c, tt.profile, ResolveOptions{}, tt.want...)
		})
	}
}

func TestValidationPointsAtTheKey(t *testing.T) {
	long := strings.Repeat("x", 65)
	tests := []struct {
		key, value string
		want       string
	}{
		{"role_arn", "arn:aws:iam::12345:role/Short", "is not an IAM role ARN"},
		{"role_arn", "arn:aws:iam::123456789012:user/Bob", "is not an IAM role ARN"},
		{"role_arn", "arn:aws:iam::123456789012:role/" + long, "is not an IAM role ARN"},
		{"role_arn", "arn:aws-moon:iam::123456789012:role/X", "is not an IAM role ARN"},
		{"external_id", "a", "external_id \"a\" must be 2-1224"},
		{"external_id", "has space!", "must be 2-1224"},
		{"external_id", strings.Repeat("e", 1225), "must be 2-1224"},
		{"role_session_name", "bad name", "role_session_name \"bad name\" must be 2-64"},
		{"role_session_name", long, "must be 2-64"},
		{"source_identity", "aws:me", "must not start with \"aws:\""},
		{"source_identity", "x", "must be 2-64"},
		{"mfa_serial", "short", "mfa_serial \"short\""},
		{"mfa_serial", "arn:aws:iam::123456789012:role/NotMFA", "not an MFA device ARN"},
		{"duration_seconds", "899", "from 900 to 43200"},
		{"duration_seconds", "43201", "from 900 to 43200"},
		{"duration_seconds", "1h", "duration_seconds \"1h\" must be a whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value[:min(len(tt.value), 20)], func(t *testing.T) {
			role := "arn:aws:iam::123456789012:role/R"
			if tt.key == "role_arn" {
				role = tt.value
			}
			cfg := "[profile p]\nsource_profile = base\nrole_arn = " + role + "\n"
			line := "3"
			if tt.key != "role_arn" {
				cfg += tt.key + " = " + tt.value + "\n"
				line = "4"
			}
			mustFail(t, load(t, cfg, baseCreds), "p", ResolveOptions{}, `profile "p" (/x/config:`+line+")", tt.want)
		})
	}
	// Valid edge values pass.
	ok := "[profile p]\nsource_profile = base\nrole_arn = arn:aws-us-gov:iam::123456789012:role/a/b/" + strings.Repeat("r", 64) +
		"\nexternal_id = " + strings.Repeat("e", 1224) + "\nrole_session_name = " + strings.Repeat("s", 64) +
		"\nmfa_serial = GAHT12345678\nsource_identity = a+=,.@-\nduration_seconds = 900\n"
	mustResolve(t, load(t, ok, baseCreds), "p", ResolveOptions{})
}

func TestDurationFlagValidation(t *testing.T) {
	c := load(t, "[profile p]\nsource_profile = base\nrole_arn = arn:aws:iam::123456789012:role/R\n", baseCreds)
	mustFail(t, c, "p", ResolveOptions{Duration: 10 * time.Minute}, `profile "p": --duration: duration 10m0s is outside`)
	mustFail(t, c, "p", ResolveOptions{Duration: 13 * time.Hour}, "--duration")
}

func TestRegionAndEndpointPrecedence(t *testing.T) {
	c := load(t, `[profile p]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = src
region = profile-region
services = local
endpoint_url = https://profile.example

[profile plain]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = src
endpoint_url = https://plain.example

[profile src]
region = source-region
aws_access_key_id = A
aws_secret_access_key = S

[services local]
s3 =
  endpoint_url = https://s3.local
sts =
  endpoint_url = https://sts.local
`, "")
	tests := []struct {
		name, profile  string
		opts           ResolveOptions
		region, stsURL string
	}{
		{"config only", "p", ResolveOptions{}, "profile-region", "https://sts.local"},
		{"profile endpoint_url without services", "plain", ResolveOptions{}, "", "https://plain.example"},
		{"flag region wins", "p", ResolveOptions{Region: "flag", Getenv: env("AWS_REGION", "env", "AWS_DEFAULT_REGION", "denv")}, "flag", "https://sts.local"},
		{"AWS_REGION over AWS_DEFAULT_REGION", "p", ResolveOptions{Getenv: env("AWS_REGION", "env", "AWS_DEFAULT_REGION", "denv")}, "env", "https://sts.local"},
		{"AWS_DEFAULT_REGION over profile", "p", ResolveOptions{Getenv: env("AWS_DEFAULT_REGION", "denv")}, "denv", "https://sts.local"},
		{"AWS_ENDPOINT_URL_STS first", "p", ResolveOptions{Getenv: env("AWS_ENDPOINT_URL_STS", "https://e-sts", "AWS_ENDPOINT_URL", "https://e-all")}, "profile-region", "https://e-sts"},
		{"AWS_ENDPOINT_URL next", "p", ResolveOptions{Getenv: env("AWS_ENDPOINT_URL", "https://e-all")}, "profile-region", "https://e-all"},
		{"ignore switch, any case", "p", ResolveOptions{Getenv: env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", "AWS_ENDPOINT_URL_STS", "https://e-sts")}, "profile-region", ""},
		{"ignore false keeps endpoints", "p", ResolveOptions{Getenv: env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")}, "profile-region", "https://sts.local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustResolve(t, c, tt.profile, tt.opts)
			if p.Region != tt.region || p.STSEndpoint != tt.stsURL {
				t.Errorf("region %q endpoint %q, want %q %q", p.Region, p.STSEndpoint, tt.region, tt.stsURL)
			}
		})
	}
	c = load(t, "[profile p]\ncredential_process = x\nservices = gone\n", "")
	mustFail(t, c, "p", ResolveOptions{}, `(/x/config:3)`, `services "gone" has no [services gone] section`)
}

func TestSSOSources(t *testing.T) {
	c := load(t, `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer
region = us-east-1

[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-2
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile viasso]
role_arn = arn:aws:iam::333333333333:role/X
source_profile = dev

[profile nosession]
sso_session = nope
sso_account_id = 1
sso_role_name = r

[profile conflict]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
sso_account_id = 1
sso_role_name = r

[profile norole]
sso_session = corp
sso_account_id = 1
`, "")
	p := mustResolve(t, c, "dev", ResolveOptions{})
	want := Source{Kind: SourceSSO, Profile: "dev", At: Location{cfgName, 6}, SSOSession: "corp",
		SSOStartURL: "https://corp.awsapps.com/start", SSORegion: "eu-west-1", SSOAccountID: "111111111111", SSORoleName: "Developer"}
	if p.Source != want || len(p.Hops) != 0 {
		t.Errorf("source\n got %+v\nwant %+v", p.Source, want)
	}
	p = mustResolve(t, c, "legacy", ResolveOptions{})
	if p.Source.SSOStartURL != "https://old.awsapps.com/start" || p.Source.SSORegion != "us-east-2" || p.Source.SSOSession != "" {
		t.Errorf("legacy source %+v", p.Source)
	}
	p = mustResolve(t, c, "viasso", ResolveOptions{})
	if p.Source.Kind != SourceSSO || len(p.Hops) != 1 || !p.Hops[0].Chained {
		t.Errorf("viasso %+v", p)
	}
	mustFail(t, c, "nosession", ResolveOptions{}, `(/x/config:22)`, `sso_session "nope" has no [sso-session nope] section`)
	mustFail(t, c, "conflict", ResolveOptions{}, `(/x/config:28)`, "differs from")
	mustFail(t, c, "norole", ResolveOptions{}, "sso profile has no sso_role_name")
}

func TestWebIdentityAndProcessSources(t *testing.T) {
	c := load(t, `[profile wi]
role_arn = arn:aws:iam::111111111111:role/Web
web_identity_token_file = /var/run/token
role_session_name = pod

[profile onwi]
role_arn = arn:aws:iam::222222222222:role/Next
source_profile = wi

[profile proc]
credential_process = /usr/bin/helper --profile x
duration_seconds = 43200

[profile onproc]
role_arn = arn:aws:iam::222222222222:role/Next
source_profile = proc
duration_seconds = 43200

[profile wibad]
role_arn = arn:aws:iam::111111111111:role/Web
web_identity_token_file = /t
source_profile = proc
`, "")
	p := mustResolve(t, c, "wi", ResolveOptions{})
	want := Source{Kind: SourceWebIdentity, Profile: "wi", At: Location{cfgName, 3},
		WebIdentityTokenFile: "/var/run/token", RoleARN: "arn:aws:iam::111111111111:role/Web", RoleSessionName: "pod"}
	if p.Source != want || len(p.Hops) != 0 {
		t.Errorf("web identity plan %+v", p)
	}
	p = mustResolve(t, c, "onwi", ResolveOptions{})
	if p.Source.Kind != SourceWebIdentity || len(p.Hops) != 1 || p.Hops[0].RoleARN != "arn:aws:iam::222222222222:role/Next" || !p.Hops[0].Chained {
		t.Errorf("role on web identity: %+v", p)
	}
	p = mustResolve(t, c, "onproc", ResolveOptions{})
	if p.Source.Kind != SourceProcess || p.Source.CredentialProcess != "/usr/bin/helper --profile x" ||
		p.Hops[0].Chained || p.Hops[0].Duration != 12*time.Hour {
		t.Errorf("process source is decided at run time, not capped at plan time: %+v", p)
	}
	mustFail(t, c, "wibad", ResolveOptions{}, "both web_identity_token_file and source_profile")
}

func TestCredentialSourceKinds(t *testing.T) {
	for cs, kind := range map[string]SourceKind{"Environment": SourceEnvironment, "Ec2InstanceMetadata": SourceEC2, "EcsContainer": SourceECS} {
		c := load(t, "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/R\ncredential_source = "+cs+"\n", "")
		p := mustResolve(t, c, "p", ResolveOptions{})
		if p.Source.Kind != kind || p.Source.At != (Location{cfgName, 3}) {
			t.Errorf("%s: source %+v", cs, p.Source)
		}
	}
}

func TestGetSessionTokenRule(t *testing.T) {
	const mfa = "arn:aws:iam::999999999999:mfa/me"
	cfg := `[profile user]
mfa_serial = ` + mfa + `
duration_seconds = 7200

[profile short]
role_arn = arn:aws:iam::111111111111:role/Short
source_profile = user
mfa_serial = ` + mfa + `

[profile long]
role_arn = arn:aws:iam::111111111111:role/Long
source_profile = user
mfa_serial = ` + mfa + `
duration_seconds = 43200

[profile chain]
role_arn = arn:aws:iam::222222222222:role/Chain
source_profile = short
mfa_serial = ` + mfa + `

[profile other]
role_arn = arn:aws:iam::111111111111:role/Other
source_profile = user
mfa_serial = arn:aws:iam::999999999999:mfa/other
duration_seconds = 43200

[profile self]
aws_access_key_id = AKIASELF
aws_secret_access_key = S
mfa_serial = ` + mfa + `
role_arn = arn:aws:iam::111111111111:role/Self
source_profile = self
`
	creds := "[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = S\n"
	c := load(t, cfg, creds)
	tests := []struct {
		profile    string
		opts       ResolveOptions
		srcMFA     string
		srcSession time.Duration
		hopMFA     []string
		hopDur     []time.Duration
		notice     string
	}{
		{"user", ResolveOptions{}, mfa, 2 * time.Hour, nil, nil, ""},
		{"user", ResolveOptions{Duration: 24 * time.Hour}, mfa, 24 * time.Hour, nil, nil, ""},
		// The MFA session signs the first hop: it sends no code of its own.
		{"short", ResolveOptions{}, mfa, 2 * time.Hour, []string{""}, []time.Duration{time.Hour}, ""},
		// ... and makes it chained, capped at 1h, renewed without a code.
		{"long", ResolveOptions{}, mfa, 2 * time.Hour, []string{""}, []time.Duration{time.Hour}, "signed by the MFA session"},
		{"short", ResolveOptions{Duration: 8 * time.Hour}, mfa, 2 * time.Hour, []string{""}, []time.Duration{time.Hour}, "mfa-session: false gives 8h0m0s"},
		// mfa-session: false sends codes per hop, as botocore does, for
		// the full duration asked.
		{"long", ResolveOptions{NoMFASession: true}, "", 2 * time.Hour, []string{mfa}, []time.Duration{12 * time.Hour}, ""},
		{"short", ResolveOptions{Duration: 8 * time.Hour, NoMFASession: true}, "", 2 * time.Hour, []string{mfa}, []time.Duration{8 * time.Hour}, ""},
		// A role session carries no MFA context (IAM User Guide, MFA-protected
		// API access), so the second hop sends its own code.
		{"chain", ResolveOptions{}, mfa, 2 * time.Hour, []string{"", mfa}, []time.Duration{time.Hour, time.Hour}, ""},
		{"other", ResolveOptions{}, mfa, 2 * time.Hour, []string{"arn:aws:iam::999999999999:mfa/other"}, []time.Duration{time.Hour}, "requesting 1h0m0s"},
		{"self", ResolveOptions{}, mfa, 12 * time.Hour, []string{""}, []time.Duration{time.Hour}, ""},
		{"user", ResolveOptions{MFASessionDuration: 36 * time.Hour}, mfa, 2 * time.Hour, nil, nil, ""}, // the profile's own duration_seconds wins
		{"self", ResolveOptions{MFASessionDuration: 30 * time.Hour}, mfa, 30 * time.Hour, []string{""}, []time.Duration{time.Hour}, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/nosession=%v", tt.profile, tt.opts.Duration, tt.opts.NoMFASession), func(t *testing.T) {
			p := mustResolve(t, c, tt.profile, tt.opts)
			if tt.srcMFA == "" {
				tt.srcSession = 0 // no MFA session: no duration to speak of
			}
			if p.Source.MFASerial != tt.srcMFA || (tt.srcMFA != "" && p.Source.SessionDuration != tt.srcSession) {
				t.Errorf("source mfa %q session %s, want %q %s", p.Source.MFASerial, p.Source.SessionDuration, tt.srcMFA, tt.srcSession)
			}
			if len(p.Hops) != len(tt.hopMFA) {
				t.Fatalf("%d hops, want %d", len(p.Hops), len(tt.hopMFA))
			}
			for i, h := range p.Hops {
				if h.MFASerial != tt.hopMFA[i] || h.Duration != tt.hopDur[i] {
					t.Errorf("hop %d: mfa %q duration %s, want %q %s", i, h.MFASerial, h.Duration, tt.hopMFA[i], tt.hopDur[i])
				}
			}
			if joined := strings.Join(p.Notices, "\n"); tt.notice != "" && !strings.Contains(joined, tt.notice) {
				t.Errorf("notices %q lack %q", joined, tt.notice)
			}
		})
	}
	// A source with a session token cannot call GetSessionToken.
	c = load(t, "[profile t]\nmfa_serial = "+mfa+"\naws_access_key_id = A\naws_secret_access_key = S\naws_session_token = T\n", "")
	if p := mustResolve(t, c, "t", ResolveOptions{}); p.Source.MFASerial != "" {
		t.Errorf("temporary keys got GetSessionToken: %+v", p.Source)
	}
	mustFail(t, load(t, cfg, creds), "self", ResolveOptions{MFASessionDuration: 37 * time.Hour}, "mfa-session-duration")
}

// TestMFAOnTheRoleBecomesOneSessionPerDevice: the most common real
// config, mfa_serial on every role and none on the user, types one code a
// day: the device's MFA session signs every role on it.
func TestMFAOnTheRoleBecomesOneSessionPerDevice(t *testing.T) {
	const mfa = "arn:aws:iam::999999999999:mfa/me"
	var cfg strings.Builder
	for _, r := range []string{"dev", "prod", "audit"} {
		fmt.Fprintf(&cfg, "[profile %s]\nrole_arn = arn:aws:iam::111111111111:role/%s\nsource_profile = user\nmfa_serial = %s\nmfa_process = otp %s\n", r, r, mfa, r)
	}
	cfg.WriteString("[profile user]\nmfa_process = otp user\n")
	c := load(t, cfg.String(), "[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = S\n")
	for _, r := range []string{"dev", "prod", "audit"} {
		p := mustResolve(t, c, r, ResolveOptions{})
		if p.Source.MFASerial != mfa || p.Source.SessionDuration != DefaultSessionDuration || p.Hops[0].MFASerial != "" {
			t.Errorf("%s: source %+v hop mfa %q: want one MFA session on the device, no code on the hop", r, p.Source, p.Hops[0].MFASerial)
		}
		if p.Source.MFAProcess != "otp "+r {
			t.Errorf("%s: the MFA session's code comes from %q, want the role's own mfa_process", r, p.Source.MFAProcess)
		}
		if !p.Hops[0].Chained || p.Hops[0].Duration != time.Hour {
			t.Errorf("%s: hop %+v: signed by a session, so chained at 1h", r, p.Hops[0])
		}
		off := mustResolve(t, c, r, ResolveOptions{NoMFASession: true})
		if off.Source.MFASerial != "" || off.Hops[0].MFASerial != mfa || off.Hops[0].Chained {
			t.Errorf("%s with mfa-session off: source %+v hop %+v", r, off.Source, off.Hops[0])
		}
	}
	// Temporary keys cannot call GetSessionToken: the hop sends its code.
	c = load(t, "[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = t\nmfa_serial = "+mfa+"\n",
		"[t]\naws_access_key_id = ASIAT\naws_secret_access_key = S\naws_session_token = T\n")
	if p := mustResolve(t, c, "r", ResolveOptions{}); p.Source.MFASerial != "" || p.Hops[0].MFASerial != mfa {
		t.Errorf("temporary source: source %+v hop mfa %q", p.Source, p.Hops[0].MFASerial)
	}
}

func TestDeepChainsAreBounded(t *testing.T) {
	const n = 10000
	var b strings.Builder
	for i := 1; i < n; i++ {
		b.WriteString("[profile p" + itoa(i) + "]\nrole_arn = arn:aws:iam::123456789012:role/R" + itoa(i) + "\nsource_profile = p" + itoa(i-1) + "\n")
	}
	chain := b.String()
	c := load(t, chain+"[profile p0]\naws_access_key_id = A\naws_secret_access_key = S\n", "")
	p := mustResolve(t, c, "p"+itoa(n-1), ResolveOptions{})
	if len(p.Hops) != n-1 || p.Hops[0].Profile != "p1" || p.Hops[n-2].Profile != "p"+itoa(n-1) {
		t.Fatalf("%d hops, first %q", len(p.Hops), p.Hops[0].Profile)
	}
	// Closing the chain into a loop is reported, not followed forever.
	c = load(t, chain+"[profile p0]\nrole_arn = arn:aws:iam::123456789012:role/R0\nsource_profile = p"+itoa(n-1)+"\n", "")
	mustFail(t, c, "p5", ResolveOptions{}, "source_profile cycle p5 -> p4")
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestMFAProcessTravelsWithItsProfile(t *testing.T) {
	const mfa = "arn:aws:iam::999999999999:mfa/me"
	c := load(t, `[profile user]
mfa_serial = `+mfa+`
mfa_process = pass otp aws/user

[profile viasession]
role_arn = arn:aws:iam::111111111111:role/R
source_profile = user

[profile long]
role_arn = arn:aws:iam::111111111111:role/Long
source_profile = user
mfa_serial = `+mfa+`
duration_seconds = 43200

[profile direct]
role_arn = arn:aws:iam::111111111111:role/D
source_profile = base
mfa_serial = `+mfa+`
mfa_process = ykman oath accounts code -s aws
`, baseCreds+"\n[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = S\n")
	if p := mustResolve(t, c, "viasession", ResolveOptions{}); p.Source.MFAProcess != "pass otp aws/user" {
		t.Errorf("GetSessionToken source lost its mfa_process: %+v", p.Source)
	}
	p := mustResolve(t, c, "long", ResolveOptions{NoMFASession: true})
	if p.Source.MFASerial != "" || p.Hops[0].MFAProcess != "pass otp aws/user" {
		t.Errorf("hop sending the source's device must use the source's mfa_process: source %+v hop %+v", p.Source, p.Hops[0])
	}
	if p := mustResolve(t, c, "long", ResolveOptions{}); p.Source.MFAProcess != "pass otp aws/user" {
		t.Errorf("the MFA session lost the source's mfa_process: %+v", p.Source)
	}
	if p := mustResolve(t, c, "direct", ResolveOptions{}); p.Hops[0].MFAProcess != "ykman oath accounts code -s aws" {
		t.Errorf("hop mfa_process = %q", p.Hops[0].MFAProcess)
	}
}

func TestKeyringKeysAreAStaticSource(t *testing.T) {
	c := load(t, `[profile work]
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = work
`, baseCreds)
	p := mustResolve(t, c, "admin", ResolveOptions{KeyringKeys: map[string]string{"work": "AKIAKEYRING"}})
	if s := p.Source; s.Kind != SourceStatic || !s.FromKeyring || s.AccessKeyID != "AKIAKEYRING" || s.SecretAccessKey != "" || s.Profile != "work" {
		t.Fatalf("source = %+v", s)
	}
	// Keys in the files win over the keyring.
	p = mustResolve(t, c, "base", ResolveOptions{KeyringKeys: map[string]string{"base": "AKIAKEYRING"}})
	if p.Source.FromKeyring || p.Source.AccessKeyID != "AKIABASE" {
		t.Fatalf("file keys lost to the keyring: %+v", p.Source)
	}
	if _, err := Resolve(c, "admin", ResolveOptions{}); err == nil {
		t.Fatal("work has no keys without the keyring, admin must not resolve")
	}
}
