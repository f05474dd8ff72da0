package ssosync

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/sso"
)

const userConfig = `# my settings
[default]
region = us-east-1   

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile prod-Admin]
# my own, hand-written: the sync must not touch it
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
`

var listing = []sso.Account{
	{ID: "111111111111", Name: "prod", Roles: []string{"Admin", "ReadOnly"}},
	{ID: "222222222222", Name: "dev", Roles: []string{"Admin"}},
}

func plan(t *testing.T, config string, accounts []sso.Account) *Result {
	t.Helper()
	r, err := Plan([]byte(config), accounts, Options{Session: "corp", Region: "eu-west-1", File: "/home/me/.aws/config"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFirstSyncAppendsABlockAndKeepsEverythingElse(t *testing.T) {
	r := plan(t, userConfig, listing)
	if !r.Changed || !bytes.HasPrefix(r.Config, []byte(userConfig)) {
		t.Fatalf("the file before the block changed:\n%s", r.Config)
	}
	if got := strings.Join(r.Added, ","); got != "dev-Admin,prod-ReadOnly" {
		t.Errorf("added %q", got)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Name != "prod-Admin" || r.Skipped[0].At != "/home/me/.aws/config:9" {
		t.Errorf("skipped %+v", r.Skipped)
	}
	cfg, err := profiles.LoadBytes("config", r.Config, "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := profiles.Resolve(cfg, "prod-ReadOnly", profiles.ResolveOptions{DefaultSessionName: "me"})
	if err != nil {
		t.Fatal(err)
	}
	src := plan.Source
	if src.Kind != profiles.SourceSSO || src.SSOSession != "corp" || src.SSOAccountID != "111111111111" || src.SSORoleName != "ReadOnly" || plan.Region != "eu-west-1" {
		t.Errorf("generated profile resolves to %+v in %s", src, plan.Region)
	}
	if lint := profiles.Lint(cfg, profiles.LintOptions{}); len(lint) != 0 {
		t.Errorf("doctor would complain about the generated block: %+v", lint)
	}
}

func TestSecondSyncChangesNothing(t *testing.T) {
	first := plan(t, userConfig, listing)
	second := plan(t, string(first.Config), listing)
	if second.Changed || !bytes.Equal(second.Config, first.Config) || len(second.Added)+len(second.Removed)+len(second.Updated) != 0 {
		t.Fatalf("second sync: %s", second.Summary())
	}
	if Diff(first.Config, second.Config, "config") != "" {
		t.Error("a no-op sync has a diff")
	}
}

func TestVanishedRolesGoOnlyFromTheBlock(t *testing.T) {
	first := plan(t, userConfig, listing)
	edited := string(first.Config) + "\n[profile after]\nregion = ap-south-1\n"
	fewer := []sso.Account{{ID: "111111111111", Name: "prod", Roles: []string{"Admin"}}} // ReadOnly and dev gone
	r := plan(t, edited, fewer)
	if got := strings.Join(r.Removed, ","); got != "dev-Admin,prod-ReadOnly" {
		t.Errorf("removed %q", got)
	}
	out := string(r.Config)
	if !strings.Contains(out, "[profile prod-Admin]\n# my own") || !strings.HasSuffix(out, "\n[profile after]\nregion = ap-south-1\n") {
		t.Errorf("profiles outside the block were touched:\n%s", out)
	}
	if strings.Contains(out, "prod-ReadOnly") || strings.Contains(out, "dev-Admin") {
		t.Errorf("vanished roles are still there:\n%s", out)
	}
}

func TestRegionChangeUpdatesInPlace(t *testing.T) {
	first := plan(t, userConfig, listing)
	r, err := Plan(first.Config, listing, Options{Session: "corp", Region: "us-west-2", File: "config"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Updated, ","); got != "dev-Admin,prod-ReadOnly" || len(r.Added) != 0 {
		t.Errorf("updated %q added %q", got, r.Added)
	}
}

func TestTwoSessionsKeepTheirOwnBlocks(t *testing.T) {
	first := plan(t, userConfig, listing)
	lab, err := Plan(first.Config, []sso.Account{{ID: "999999999999", Name: "lab", Roles: []string{"Admin"}}}, Options{Session: "corp-lab", Prefix: "lab-", File: "config"})
	if err != nil {
		t.Fatal(err)
	}
	again := plan(t, string(lab.Config), listing)
	if again.Changed || !strings.Contains(string(again.Config), "[profile lab-lab-Admin]") {
		t.Errorf("corp's sync disturbed corp-lab's block:\n%s", again.Config)
	}
}

func TestLineEndingsAndAMissingFinalNewline(t *testing.T) {
	crlf := strings.ReplaceAll(userConfig, "\n", "\r\n")
	r := plan(t, crlf, listing)
	if !bytes.HasPrefix(r.Config, []byte(crlf)) || bytes.Contains(bytes.ReplaceAll(r.Config, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("CRLF file got LF lines")
	}
	if plan(t, string(r.Config), listing).Changed {
		t.Error("CRLF: second sync changed the file")
	}
	bare := strings.TrimSuffix(userConfig, "\n")
	r = plan(t, bare, listing)
	if !bytes.HasPrefix(r.Config, []byte(bare+"\n\n# BEGIN assume sso sync corp ")) {
		t.Errorf("no newline before the block:\n%q", r.Config[len(bare)-5:len(bare)+40])
	}
}

func TestBrokenMarkersAreRefused(t *testing.T) {
	first := string(plan(t, userConfig, listing).Config)
	noEnd := strings.Replace(first, "# END assume sso sync corp\n", "", 1)
	twice := first + "\n" + first[strings.Index(first, "# BEGIN"):]
	for name, config := range map[string]string{"no end": noEnd, "two blocks": twice, "end only": userConfig + "# END assume sso sync corp\n"} {
		if _, err := Plan([]byte(config), listing, Options{Session: "corp", File: "config"}); err == nil || !strings.Contains(err.Error(), "config:") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The dry-run diff applied with patch(1) gives the file the sync writes.
func TestDiffAppliesWithPatch(t *testing.T) {
	patch := testenv.Tool(t, "patch")
	first := plan(t, userConfig, listing)
	moved := []sso.Account{{ID: "111111111111", Name: "prod", Roles: []string{"Admin", "Billing"}}, {ID: "333333333333", Name: "alpha", Roles: []string{"Admin"}}}
	for name, step := range map[string][2][]byte{
		"first sync":  {[]byte(userConfig), first.Config},
		"roles moved": {first.Config, plan(t, string(first.Config), moved).Config},
		"no newline":  {[]byte(strings.TrimSuffix(userConfig, "\n")), plan(t, strings.TrimSuffix(userConfig, "\n"), listing).Config},
	} {
		dir := t.TempDir()
		file := filepath.Join(dir, "config")
		if err := os.WriteFile(file, step[0], 0o600); err != nil {
			t.Fatal(err)
		}
		d := Diff(step[0], step[1], "config")
		cmd := exec.Command(patch, "-s", file)
		cmd.Stdin = strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: patch: %v: %s\n%s", name, err, out, d)
		}
		got, _ := os.ReadFile(file)
		if !bytes.Equal(got, step[1]) {
			t.Errorf("%s: patched file differs\n%s", name, d)
		}
	}
}
