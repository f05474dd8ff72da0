package profiles

import (
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
)

func TestLintCleanConfigHasNoFindings(t *testing.T) {
	config := "[default]\nregion = us-east-1\noutput = json\n\n" +
		"[profile base]\nregion = eu-west-1\n\n" +
		"[profile a]\nrole_arn = " + goodRole + "\nsource_profile = base\nexternal_id = ext-1\nduration_seconds = 43200\n" +
		"s3 =\n  addressing_style = path\n\n" +
		"[profile b]\nrole_arn = " + goodRole2 + "\nsource_profile = a\nduration_seconds = 3600\n\n" +
		"[sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n" +
		"[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = r\n\n" +
		"[services corp]\nsts =\n  endpoint_url = https://sts.example\n\n[plugins]\ncli_legacy_plugin_path = /x\n"
	// base's keys live in the keyring; a profile in both files agreeing is fine.
	creds := "[s]\nregion = \n"
	fs := Lint(load(t, config, creds), LintOptions{KeyringKeys: map[string]string{"base": "AKIABASE"}})
	if len(fs) != 0 {
		t.Fatalf("clean config has findings:\n%s", dump(fs))
	}
}

// A loop is one problem however many of its members are resolved.
func TestLintReportsEachProblemOnce(t *testing.T) {
	config := "[profile a]\nrole_arn = " + goodRole + "\nsource_profile = b\n" +
		"[profile b]\nrole_arn = " + goodRole2 + "\nsource_profile = a\n" +
		"[profile c]\nrole_arn = " + goodRole + "\nsource_profile = a\n" +
		"[profile d]\nrole_arn = " + goodRole + "\nsource_profile = nowhere\n" +
		"[profile e]\nrole_arn = " + goodRole + "\nsource_profile = d\n" +
		"[profile f]\nrole_arn = " + goodRole + "\nsource_profile = d\n"
	got := codes(Lint(load(t, config, ""), LintOptions{}))
	if got["source-cycle"] != 1 || got["missing-source"] != 1 {
		t.Fatalf("want one cycle and one missing source, got %v", got)
	}
}

// Resolve stops at a profile's first error; lint reports all of them.
func TestLintReportsEveryBadValueOfAProfile(t *testing.T) {
	config := "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = alice\nexternal_id = x\nrole_session_name = a b\n"
	got := codes(Lint(load(t, config, alice), LintOptions{}))
	for _, c := range []string{"invalid-role-arn", "invalid-external-id", "invalid-session-name"} {
		if got[c] != 1 {
			t.Errorf("%s: %d findings, want 1 (all: %v)", c, got[c], got)
		}
	}
}

// A key line written without "=" may hold the secret after its name.
func TestLintNeverPrintsSecretsOfMalformedLines(t *testing.T) {
	creds := "[a]\naws_access_key_id AKIAEXAMPLE\naws_secret_access_key abc:secret-value\naws_session_token token-value\n"
	fs := Lint(load(t, "", creds), LintOptions{})
	if codes(fs)["malformed-line"] != 3 {
		t.Fatalf("want 3 malformed lines:\n%s", dump(fs))
	}
	if out := dump(fs); strings.Contains(out, "secret-value") || strings.Contains(out, "token-value") || strings.Contains(out, "abc") {
		t.Fatalf("a secret leaked into a finding:\n%s", out)
	}
}

func TestLintNeverPrintsSecrets(t *testing.T) {
	config := "[profile a]\naws_access_key_id = AKIA1\naws_secret_access_key = config-secret-value\naws_session_token = config-token-value\n"
	creds := "[a]\naws_access_key_id = AKIA1\naws_secret_access_key = creds-secret-value\naws_session_token = creds-token-value\n"
	fs := Lint(load(t, config, creds), LintOptions{})
	if codes(fs)["conflicting-value"] != 2 {
		t.Fatalf("want conflicts for the secret and the token:\n%s", dump(fs))
	}
	if out := dump(fs); strings.Contains(out, "secret-value") || strings.Contains(out, "token-value") {
		t.Fatalf("a secret leaked into a finding:\n%s", out)
	}
}

func TestLintSortsBySeverityThenPlace(t *testing.T) {
	config := "[work]\nregion = x\n[profile a]\nrole_arn = " + goodRole + "\n"
	fs := Lint(load(t, config, alice), LintOptions{})
	if len(fs) < 3 || fs[0].Severity != SeverityError || fs[len(fs)-1].Severity == SeverityError {
		t.Fatalf("not sorted by severity:\n%s", dump(fs))
	}
	if !HasErrors(fs) || HasErrors(fs[1:]) {
		t.Fatalf("HasErrors wrong for:\n%s", dump(fs))
	}
}

// The generated org config is well formed: its only findings are the
// plain-text keys of its credentials file and the hops whose
// duration_seconds = 43200 the chaining cap truly cuts.
func TestLintBigconfigHasNoFalsePositives(t *testing.T) {
	cfg, creds := bigconfig.Generate(2000)
	c := load(t, string(cfg), string(creds))
	fs := Lint(c, LintOptions{})
	got := codes(fs)
	if got["plaintext-keys"] != 1 || got["chain-cap"] == 0 || len(got) != 2 {
		t.Fatalf("unexpected findings %v; first few:\n%s", got, dump(fs[:min(len(fs), 10)]))
	}
	for _, f := range fs {
		if f.Code != "chain-cap" {
			continue
		}
		p, err := c.Profile(f.Profile)
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := p.Get("duration_seconds"); d != "43200" {
			t.Errorf("%s: chain-cap on a profile asking %q", f.Profile, d)
		}
		plan := mustResolve(t, c, f.Profile, ResolveOptions{})
		if h := plan.Final(); h.CapReason == "" || !h.Chained {
			t.Errorf("%s: reported capped but the plan is not: %+v", f.Profile, h)
		}
	}
}

// Resolve stops at the first malformed line or inline comment of a profile;
// Lint reports each one once, though both it and Resolve see them.
func TestLintReportsEveryMalformedLineAndInlineComment(t *testing.T) {
	config := "[profile a]\nrole_arn = " + goodRole + " # prod\nsource_profile = alice\nexternal_id = ext ; shared\nregion = eu-west-1 # x\n" +
		"[profile b]\ncredential_process = x\nregion eu-west-1\nsource_profile base\n" +
		"[profile c]\nrole_arn = " + goodRole + "\nsource_profile = a\n"
	fs := Lint(load(t, config, alice), LintOptions{})
	got := codes(fs)
	if got["inline-comment"] != 3 || got["malformed-line"] != 2 {
		t.Fatalf("want 3 inline comments and 2 malformed lines, got %v:\n%s", got, dump(fs))
	}
	if got["invalid-role-arn"] != 0 || got["invalid-external-id"] != 0 {
		t.Errorf("a value with a comment is reported as a comment, not as malformed:\n%s", dump(fs))
	}
}
