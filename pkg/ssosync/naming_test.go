package ssosync

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/assume-cli/assume/pkg/sso"
)

func names(ps []Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func TestNamesAreSanitisedAndCollisionsResolvedDeterministically(t *testing.T) {
	accounts := []sso.Account{
		{ID: "111111111111", Name: "Prod (EU)", Roles: []string{"AdministratorAccess", "ReadOnly"}},
		{ID: "222222222222", Name: "prod eu", Roles: []string{"AdministratorAccess"}}, // sanitises like the first
		{ID: "333333333333", Name: "ünïcode only ✓", Roles: []string{"Dev Ops", "Dev/Ops"}},
		{ID: "444444444444", Name: "✓✓", Roles: []string{"Admin"}}, // nothing legal left: the account id
	}
	got, err := Name(accounts, "corp-", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"corp-444444444444-Admin",
		"corp-Prod-EU-AdministratorAccess",
		"corp-Prod-EU-ReadOnly",
		"corp-n-code-only-Dev-Ops",
		"corp-n-code-only-Dev-Ops-2",
		"corp-prod-eu-AdministratorAccess",
	}
	if !reflect.DeepEqual(names(got), want) {
		t.Errorf("names\n got %q\nwant %q", names(got), want)
	}
	for _, p := range got {
		if strings.ContainsAny(p.Name, " []\"'#;=\t") {
			t.Errorf("illegal name %q", p.Name)
		}
	}
	// Any order of the listing gives the same names for the same roles.
	for range 20 {
		shuffled := append([]sso.Account(nil), accounts...)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, _ := Name(shuffled, "corp-", "")
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("order changed the result:\n%v\n%v", again, got)
		}
	}
}

func TestSameNameInTwoAccountsGetsTheAccountIDs(t *testing.T) {
	got, err := Name([]sso.Account{
		{ID: "222222222222", Name: "sandbox", Roles: []string{"Admin"}},
		{ID: "111111111111", Name: "sandbox", Roles: []string{"Admin", "Read"}},
	}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sandbox-Admin-111111111111", "sandbox-Admin-222222222222", "sandbox-Read"}
	if !reflect.DeepEqual(names(got), want) {
		t.Errorf("got %q, want %q", names(got), want)
	}
}

func TestTemplates(t *testing.T) {
	acct := []sso.Account{{ID: "111111111111", Name: "prod", Email: "ops@example.com", Roles: []string{"Admin"}}}
	got, err := Name(acct, "x.", "{role_name}@{account_id}")
	if err != nil || names(got)[0] != "x.Admin-111111111111" {
		t.Errorf("got %v, %v", got, err)
	}
	for _, bad := range []string{"{account}-{role}", "static", "{role_name}-{oops"} {
		if err := CheckTemplate(bad); err == nil {
			t.Errorf("template %q accepted", bad)
		}
	}
}
