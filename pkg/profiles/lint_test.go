package profiles

import (
	"strings"
	"testing"
)

const (
	alice     = "[alice]\naws_access_key_id = AKIAALICE\naws_secret_access_key = secret-alice\n"
	goodRole  = "arn:aws:iam::111111111111:role/r"
	goodRole2 = "arn:aws:iam::222222222222:role/r2"
)

// lintCase expects a finding of code at file:line (credName or cfgName),
// with each of msg in its message and fix in its fix.
type lintCase struct {
	name, config, creds string
	opts                LintOptions
	code                string
	severity            Severity
	file                string
	line                int
	profile             string
	msg, fix            []string
}

var lintCases = []lintCase{
	{name: "cycle", code: "source-cycle", severity: SeverityError, line: 3, profile: "a",
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = b\n[profile b]\nrole_arn = " + goodRole2 + "\nsource_profile = a\n",
		msg:    []string{"a -> b -> a"}, fix: []string{"remove one source_profile"}},
	{name: "missing source with suggestion", code: "missing-source", severity: SeverityError, line: 3, profile: "dev",
		config: "[profile dev]\nrole_arn = " + goodRole + "\nsource_profile = alcie\n", creds: alice,
		msg: []string{`"alcie"`}, fix: []string{"did you mean alice?"}},
	{name: "both source_profile and credential_source", code: "source-conflict", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\ncredential_source = Environment\n", creds: alice,
		fix: []string{"keep only one"}},
	{name: "web identity and source_profile", code: "source-conflict", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nweb_identity_token_file = /t\nsource_profile = alice\n", creds: alice},
	{name: "bad credential_source", code: "invalid-credential-source", severity: SeverityError, line: 3,
		config: "[profile a]\nrole_arn = " + goodRole + "\ncredential_source = Env\n"},
	{name: "self source without keys", code: "self-source", severity: SeverityError, line: 3,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = a\n"},
	{name: "role without source", code: "no-source", severity: SeverityError, line: 2,
		config: "[profile a]\nrole_arn = " + goodRole + "\n"},
	{name: "profile without credentials", code: "no-credentials", severity: SeverityWarning, line: 1, profile: "a",
		config: "[profile a]\nregion = eu-west-1\n"},
	{name: "key without its pair", code: "incomplete-keys", severity: SeverityError, file: credName, line: 2,
		creds: "[a]\naws_access_key_id = AKIA\n"},
	{name: "source_profile without role_arn", code: "missing-role-arn", severity: SeverityError, line: 2,
		config: "[profile a]\nsource_profile = alice\n", creds: alice},
	{name: "malformed role arn", code: "invalid-role-arn", severity: SeverityError, line: 2,
		config: "[profile a]\nrole_arn = arn:aws:iam::12345:role/r\nsource_profile = alice\n", creds: alice},
	{name: "external id outside the rules", code: "invalid-external-id", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nexternal_id = has space\n", creds: alice},
	{name: "session name outside the rules", code: "invalid-session-name", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nrole_session_name = me!\n", creds: alice},
	{name: "source identity with aws: prefix", code: "invalid-source-identity", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nsource_identity = aws:me\n", creds: alice},
	{name: "mfa serial that is a role arn", code: "invalid-mfa-serial", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nmfa_serial = " + goodRole + "\n", creds: alice},
	{name: "duration out of range", code: "invalid-duration", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nduration_seconds = 60\n", creds: alice},
	{name: "sso_session without its section", code: "missing-sso-session", severity: SeverityError, line: 2,
		config: "[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = r\n"},
	{name: "sso-session section without region", code: "incomplete-sso-session", severity: SeverityError, line: 1,
		config: "[sso-session corp]\nsso_start_url = https://x\n[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = r\n"},
	{name: "sso profile contradicting its session", code: "sso-conflict", severity: SeverityError, line: 7,
		config: "[sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1\n[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_region = eu-west-1\nsso_role_name = r\n"},
	{name: "sso profile without role name", code: "incomplete-sso", severity: SeverityError, line: 1,
		config: "[profile s]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 111111111111\n"},
	{name: "services without its section", code: "missing-services", severity: SeverityError, line: 4,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\nservices = corp\n", creds: alice},
	{name: "chain cap on the second hop", code: "chain-cap", severity: SeverityWarning, line: 7, profile: "b",
		config: "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = alice\n" +
			"[profile b]\nrole_arn = " + goodRole2 + "\nsource_profile = a\nduration_seconds = 7200\n",
		creds: alice, msg: []string{"2h0m0s", "hop 2 of alice -> a -> b", "at most 1h"}, fix: []string{"3600"}},
	{name: "chain cap after an sso source", code: "chain-cap", severity: SeverityWarning, line: 9, profile: "r",
		config: "[profile s]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = r\n" +
			"[profile r]\nrole_arn = " + goodRole + "\nsource_profile = s\nduration_seconds = 43200\n",
		msg: []string{"hop 1 of s -> r", "sso source"}},
	{name: "chain cap after an MFA session", code: "chain-cap", severity: SeverityWarning, line: 6, profile: "r",
		config: "[profile alice]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n" +
			"[profile r]\nrole_arn = " + goodRole + "\nsource_profile = alice\nduration_seconds = 7200\n",
		creds: alice, msg: []string{"GetSessionToken"}},
	{name: "role-arn spelt with a dash", code: "unknown-key", severity: SeverityWarning, line: 2, profile: "a",
		config: "[profile a]\nrole-arn = " + goodRole + "\nsource_profile = alice\n", creds: alice,
		msg: []string{`"role-arn"`}, fix: []string{"did you mean role_arn?"}},
	{name: "sourceprofile without underscore", code: "unknown-key", severity: SeverityWarning, line: 3,
		config: "[profile a]\nrole_arn = " + goodRole + "\nsourceprofile = alice\n", creds: alice,
		fix: []string{"did you mean source_profile?"}},
	{name: "near miss by edit distance", code: "unknown-key", severity: SeverityWarning, line: 2,
		config: "[profile a]\nregoin = us-east-1\n", creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\n",
		fix: []string{"did you mean region?"}},
	{name: "unrelated key is only info", code: "unknown-key", severity: SeverityInfo, line: 2,
		config: "[profile a]\ngranted_sso_region = us-east-1\n", creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\n",
		fix: []string{"another tool"}},
	{name: "profile key in an sso-session", code: "unknown-key", severity: SeverityWarning, line: 4,
		config: "[sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 1\n",
		msg:    []string{"belongs in a profile"}},
	{name: "unknown key in the credentials file", code: "unknown-key", severity: SeverityWarning, file: credName, line: 4,
		creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\naws_sesion_token = C\n",
		fix:   []string{"aws_session_token"}},
	{name: "duplicate section", code: "duplicate-section", severity: SeverityError, line: 4, profile: "a",
		config: "[profile a]\nregion = us-east-1\n\n[profile a]\nregion = eu-west-1\n", creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\n",
		msg: []string{"[profile a] repeats the section at " + cfgName + ":1"}},
	{name: "duplicate section in the credentials file", code: "duplicate-section", severity: SeverityError, file: credName, line: 4,
		creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\n[a]\nregion = us-east-1\n",
		msg:   []string{credName + ":1"}},
	{name: "profile in both files with different values", code: "conflicting-value", severity: SeverityWarning, file: credName, line: 4, profile: "a",
		config: "[profile a]\nregion = us-east-1\n", creds: "[a]\naws_access_key_id = A\naws_secret_access_key = B\nregion = eu-west-1\n",
		msg: []string{`"eu-west-1"`, `"us-east-1"`, cfgName + ":2", "credentials file wins"}},
	{name: "[name] in the config file", code: "missing-profile-prefix", severity: SeverityWarning, line: 1, profile: "work",
		config: "[work]\nregion = us-east-1\n", fix: []string{"[profile work]"}},
	{name: "[profile name] in the credentials file", code: "credentials-profile-prefix", severity: SeverityWarning, file: credName, line: 1,
		creds: "[profile work]\naws_access_key_id = A\naws_secret_access_key = B\n", fix: []string{"[work]"}},
	{name: "header without closing bracket", code: "malformed-header", severity: SeverityError, line: 3,
		config: "[profile a]\nregion = x\n[profile b\nregion = y\n",
		msg:    []string{`"[profile b" has no closing "]"`, "the AWS CLI refuses the whole file"}, fix: []string{"write [profile b]"}},
	{name: "[default] and [profile default]", code: "duplicate-default", severity: SeverityWarning, line: 1, profile: "default",
		config: "[default]\nregion = us-east-1\n[profile default]\ncredential_process = x\n",
		msg:    []string{"[default] and [profile default] (line 3) both define the default profile", "read only the later one"},
		fix:    []string{"[profile default] at line 3"}},
	{name: "line without =", code: "malformed-line", severity: SeverityError, line: 3, profile: "a",
		config: "[profile a]\ncredential_process = x\nregion eu-west-1\n", msg: []string{"refuses to read the file"}, fix: []string{"write region = VALUE"}},
	{name: "key and value without = but with a colon", code: "malformed-line", severity: SeverityError, line: 2, profile: "a",
		config: "[profile a]\nrole_arn " + goodRole + "\ncredential_process = x\n", msg: []string{`key named "role_arn arn"`}},
	{name: "key set twice in a section", code: "duplicate-key", severity: SeverityError, line: 4, profile: "a",
		config: "[profile a]\ncredential_process = x\nregion = us-east-1\nregion = eu-west-1\n", msg: []string{"after line 3", "refuses to read the file"}},
	{name: "byte-order mark", code: "byte-order-mark", severity: SeverityError, file: credName, line: 1,
		creds: bom + "[a]\ncredential_process = x\n"},
	{name: "line without = in a section nothing reads", code: "malformed-line", severity: SeverityError, line: 2,
		config: "[plugins]\njunk\n"},
	{name: "inline comment in role_arn", code: "inline-comment", severity: SeverityError, line: 2, profile: "a",
		config: "[profile a]\nrole_arn = " + goodRole + " # prod\nsource_profile = alice\n", creds: alice,
		msg: []string{`contains " #"`, "inline comments are not comments in AWS config files"}, fix: []string{"own"}},
	{name: "inline comment in region", code: "inline-comment", severity: SeverityError, line: 2, profile: "a",
		config: "[profile a]\nregion = eu-west-1 ; Ireland\ncredential_process = x\n"},
	{name: "partial credentials in a source profile with a role", code: "incomplete-keys", severity: SeverityError, line: 5, profile: "half",
		config: "[profile r]\nrole_arn = " + goodRole + "\nsource_profile = half\n" +
			"[profile half]\naws_access_key_id = AKIAHALF\nrole_arn = " + goodRole2 + "\nsource_profile = alice\n",
		creds: alice, msg: []string{"partial credentials"}},
	{name: "[DEFAULT] section", code: "defaults-section", severity: SeverityWarning, file: credName, line: 1,
		creds: "[DEFAULT]\nregion = us-east-1\n", msg: []string{"adds its keys to every section", "assume ignores it"}},
	{name: "blanks inside a config header", code: "invalid-section-name", severity: SeverityWarning, line: 1,
		config: "[ profile x ]\nregion = x\n", fix: []string{"write [profile x]"}},
	{name: "blanks inside a credentials header", code: "invalid-section-name", severity: SeverityWarning, file: credName, line: 1,
		creds: "[ x ]\nregion = x\n", msg: []string{`profile named " x "`}, fix: []string{"write [x]"}},
	{name: "backslash in a profile header", code: "invalid-section-name", severity: SeverityWarning, line: 1,
		config: "[profile a\\b]\ncredential_process = x\n", msg: []string{`is profile "ab"`}, fix: []string{`[profile 'a\b']`}},
	{name: "both session token names", code: "two-session-tokens", severity: SeverityWarning, file: credName, line: 5, profile: "t",
		creds: "[t]\naws_access_key_id = A\naws_secret_access_key = B\naws_session_token = T1\naws_security_token = T2\n",
		msg:   []string{"use aws_security_token"}},
	{name: "profile name with a space", code: "invalid-section-name", severity: SeverityWarning, line: 1,
		config: "[profile a b]\nregion = x\n"},
	{name: "plain-text long-term keys", code: "plaintext-keys", severity: SeverityWarning, file: credName, line: 2, profile: "alice",
		creds: alice, fix: []string{"assume keys add alice", credName}},
	{name: "plain-text keys already in the keyring", code: "plaintext-keys", severity: SeverityWarning, file: credName, line: 2,
		creds: alice, opts: LintOptions{KeyringKeys: map[string]string{"alice": "AKIAOTHER"}}, fix: []string{"already holds"}},
	{name: "plain-text keys in the config file", code: "plaintext-keys", severity: SeverityWarning, line: 2,
		config: "[default]\naws_access_key_id = A\naws_secret_access_key = B\n"},
}

func TestLintFindsEachKind(t *testing.T) {
	for _, tc := range lintCases {
		t.Run(tc.name, func(t *testing.T) {
			fs := Lint(load(t, tc.config, tc.creds), tc.opts)
			file := tc.file
			if file == "" {
				file = cfgName
			}
			f, ok := findAt(fs, tc.code, file, tc.line)
			if !ok {
				t.Fatalf("no %s at %s:%d in\n%s", tc.code, file, tc.line, dump(fs))
			}
			if f.Severity != tc.severity {
				t.Errorf("severity %s, want %s", f.Severity, tc.severity)
			}
			if tc.profile != "" && f.Profile != tc.profile {
				t.Errorf("profile %q, want %q", f.Profile, tc.profile)
			}
			for _, w := range tc.msg {
				if !strings.Contains(f.Message, w) {
					t.Errorf("message %q lacks %q", f.Message, w)
				}
			}
			for _, w := range tc.fix {
				if !strings.Contains(f.Fix, w) {
					t.Errorf("fix %q lacks %q", f.Fix, w)
				}
			}
			if f.Fix == "" {
				t.Error("finding has no fix")
			}
		})
	}
}

// Every code Resolve's errors map to is exercised above, so rewording a
// message in resolve.go cannot silently turn it into "invalid-profile".
func TestLintCasesCoverEveryErrorRule(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range lintCases {
		tested[tc.code] = true
	}
	for _, r := range errorRules {
		if !tested[r.code] {
			t.Errorf("no lint case produces %s", r.code)
		}
	}
}

func findAt(fs []Finding, code, file string, line int) (Finding, bool) {
	for _, f := range fs {
		if f.Code == code && f.At.File == file && f.At.Line == line {
			return f, true
		}
	}
	return Finding{}, false
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(string(f.Severity) + " " + f.Code + " " + f.At.String() + " " + f.Profile + ": " + f.Message + " | " + f.Fix + "\n")
	}
	return b.String()
}

func codes(fs []Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Code]++
	}
	return m
}
