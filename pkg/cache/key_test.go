package cache

import (
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

func basePlan() *profiles.Plan {
	return &profiles.Plan{
		Profile: "prod",
		Source:  profiles.Source{Kind: profiles.SourceStatic, Profile: "base", AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s1"},
		Hops: []profiles.Hop{
			{Profile: "mid", RoleARN: "arn:aws:iam::111111111111:role/mid", ExternalID: "e1", RoleSessionName: "me", Duration: time.Hour},
			{Profile: "prod", RoleARN: "arn:aws:iam::222222222222:role/prod", RoleSessionName: "me", Duration: time.Hour, MFASerial: "arn:aws:iam::111111111111:mfa/me"},
		},
		Region:      "eu-west-1",
		STSEndpoint: "",
	}
}

// Every input that determines the credentials changes the final key;
// nothing else does.
func TestFingerprintCoversExactlyWhatDeterminesCredentials(t *testing.T) {
	_, base := PlanKeys(basePlan(), nil)
	changes := map[string]func(p *profiles.Plan){
		"source access key":  func(p *profiles.Plan) { p.Source.AccessKeyID = "AKIAOTHER" },
		"source kind":        func(p *profiles.Plan) { p.Source.Kind = profiles.SourceProcess },
		"first role":         func(p *profiles.Plan) { p.Hops[0].RoleARN = "arn:aws:iam::111111111111:role/other" },
		"first external id":  func(p *profiles.Plan) { p.Hops[0].ExternalID = "e2" },
		"final role":         func(p *profiles.Plan) { p.Hops[1].RoleARN = "arn:aws:iam::222222222222:role/x" },
		"session name":       func(p *profiles.Plan) { p.Hops[1].RoleSessionName = "you" },
		"requested duration": func(p *profiles.Plan) { p.Hops[1].Duration = 2 * time.Hour },
		"mfa serial":         func(p *profiles.Plan) { p.Hops[1].MFASerial = "" },
		"source identity":    func(p *profiles.Plan) { p.Hops[1].SourceIdentity = "alice" },
		"region":             func(p *profiles.Plan) { p.Region = "us-east-1" },
		"endpoint":           func(p *profiles.Plan) { p.STSEndpoint = "http://127.0.0.1:1" },
		"mfa session":        func(p *profiles.Plan) { p.Source.MFASerial = "arn:aws:iam::111111111111:mfa/me" },
	}
	for name, change := range changes {
		p := basePlan()
		change(p)
		_, got := PlanKeys(p, nil)
		if got[1].Fingerprint == base[1].Fingerprint {
			t.Errorf("changing the %s kept the cache key", name)
		}
	}
	same := map[string]func(p *profiles.Plan){
		"secret rotated": func(p *profiles.Plan) { p.Source.SecretAccessKey = "s2" },
		"profile name":   func(p *profiles.Plan) { p.Hops[1].Profile = "renamed"; p.Profile = "renamed" },
		"notices":        func(p *profiles.Plan) { p.Notices = []string{"x"} },
	}
	for name, change := range same {
		p := basePlan()
		change(p)
		if _, got := PlanKeys(p, nil); got[1].Fingerprint != base[1].Fingerprint {
			t.Errorf("changing the %s missed the cache", name)
		}
	}
	// A sibling shares the intermediate hop's key.
	p := basePlan()
	p.Hops[1].RoleARN = "arn:aws:iam::333333333333:role/sibling"
	if _, got := PlanKeys(p, nil); got[0] != base[0] {
		t.Error("sibling roles do not share the intermediate hop")
	}
}

func TestEnvironmentSourceKeyedByItsAccessKey(t *testing.T) {
	p := basePlan()
	p.Source = profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}
	_, a := PlanKeys(p, func(string) string { return "AKIAONE" })
	_, b := PlanKeys(p, func(string) string { return "AKIATWO" })
	if a[0] == b[0] {
		t.Fatal("different environment keys share a cache entry")
	}
}

func TestItemNamesRoundTripAnyProfileName(t *testing.T) {
	for _, profile := range []string{"prod", "weird name/with.dots and ünïcode", "", "a.b.c"} {
		n := itemName{Key: Key{Kind: KindRole, Fingerprint: "0123456789abcdef0123456789abcdef", Profile: profile, Role: "arn:aws:iam::1:role/x"}, Expires: time.Unix(1893456000, 0)}
		got, ok := parseItemName(n.String())
		if !ok || got != n {
			t.Errorf("round trip of %q: %+v ok=%v", profile, got, ok)
		}
		for _, c := range n.String() {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
				t.Fatalf("item name %q has %q, unsafe for some backends", n.String(), c)
			}
		}
	}
	for _, foreign := range []string{"aws-vault session", "assume.v1.role.short.1.x.y", "assume.v1.role.0123456789abcdef0123456789abcdef.soon.eA.eA"} {
		if _, ok := parseItemName(foreign); ok {
			t.Errorf("parsed foreign item %q", foreign)
		}
	}
}
