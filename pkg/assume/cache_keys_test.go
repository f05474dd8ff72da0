package assume

import (
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// TestFingerprintsAreStable pins fingerprints computed by pkg/cache's
// PlanKeys before key computation moved here, one plan per kind of
// source: a change to how keys are computed would make every session
// cached by an earlier assume a miss.
func TestFingerprintsAreStable(t *testing.T) {
	hops := []profiles.Hop{
		{Profile: "mid", RoleARN: "arn:aws:iam::111111111111:role/mid", ExternalID: "e1", RoleSessionName: "me", Duration: time.Hour},
		{Profile: "prod", RoleARN: "arn:aws:iam::222222222222:role/prod", RoleSessionName: "me", Duration: time.Hour, MFASerial: "arn:aws:iam::111111111111:mfa/me", SourceIdentity: "alice"},
	}
	envKey := func(k string) string {
		if k == "AWS_ACCESS_KEY_ID" {
			return "AKIAENV"
		}
		return ""
	}
	for _, c := range []struct {
		name           string
		src            profiles.Source
		getenv         func(string) string
		region, ep     string
		source, h1, h2 string
	}{
		{"static", profiles.Source{Kind: profiles.SourceStatic, Profile: "base", AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s1"}, nil, "eu-west-1", "",
			"", "b87e7bffa7678f9850d8af6eb35930b4", "fa334601c74c80de5727cd4c0bf49e14"},
		{"static with an MFA session", profiles.Source{Kind: profiles.SourceStatic, Profile: "base", AccessKeyID: "AKIAEXAMPLE", MFASerial: "arn:aws:iam::111111111111:mfa/me", SessionDuration: 12 * time.Hour}, nil, "us-east-1", "http://127.0.0.1:4566",
			"60dc783bfe187441faeb153f1b363dbc", "1710d8b568d5a14175b487c9ba2c10bb", "7878d2b5d653e2a05f2e753490223e11"},
		{"environment", profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}, envKey, "eu-west-1", "",
			"", "37dd39830df42a003f95693d54484310", "1aada2c391861d6bb7eb875c1caa6ae2"},
		{"environment, no getenv", profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}, nil, "eu-west-1", "",
			"", "f9b74d8a64b1da418fb4d3d23e079185", "e4991936a199ff788ab84a6fe545ddf9"},
		{"process", profiles.Source{Kind: profiles.SourceProcess, Profile: "p", CredentialProcess: "/bin/creds --profile x"}, nil, "eu-west-1", "",
			"", "6b2753b221bd9d9b0a96c063c9430124", "ea009962c3ccc2e280f6ed958e016fea"},
		{"sso", profiles.Source{Kind: profiles.SourceSSO, Profile: "sso", SSOSession: "corp", SSOStartURL: "https://corp.awsapps.com/start", SSORegion: "eu-central-1", SSOAccountID: "333333333333", SSORoleName: "Admin"}, nil, "eu-west-1", "",
			"3ee53373e6f9a3c0c7bcf14211e92115", "ae0d78555c455c0f0b9c825b84af951b", "c27f58ec4db1600fe73e924c76d5729f"},
		{"web identity", profiles.Source{Kind: profiles.SourceWebIdentity, Profile: "w", WebIdentityTokenFile: "/var/run/token", RoleARN: "arn:aws:iam::444444444444:role/w", RoleSessionName: "ci"}, nil, "eu-west-1", "",
			"", "00f8c97b06ca21057fd907e05910093c", "85464f4a53c842571eebd40b704526dd"},
		{"ec2 metadata", profiles.Source{Kind: profiles.SourceEC2, Profile: "ec2"}, nil, "", "",
			"", "e2d6aee6b3da21803f14f773ef1c86af", "aa898eaf2174268a8d18e88c82043862"},
	} {
		plan := &profiles.Plan{Profile: "prod", Source: c.src, Hops: hops, Region: c.region, STSEndpoint: c.ep}
		src, got := planKeys(plan, c.getenv)
		if src.Fingerprint != c.source || got[0].Fingerprint != c.h1 || got[1].Fingerprint != c.h2 {
			t.Errorf("%s: fingerprints %q, %q, %q; want %q, %q, %q", c.name, src.Fingerprint, got[0].Fingerprint, got[1].Fingerprint, c.source, c.h1, c.h2)
		}
	}
}

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
	_, base := planKeys(basePlan(), nil)
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
		_, got := planKeys(p, nil)
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
		if _, got := planKeys(p, nil); got[1].Fingerprint != base[1].Fingerprint {
			t.Errorf("changing the %s missed the cache", name)
		}
	}
	// A sibling shares the intermediate hop's key.
	p := basePlan()
	p.Hops[1].RoleARN = "arn:aws:iam::333333333333:role/sibling"
	if _, got := planKeys(p, nil); got[0] != base[0] {
		t.Error("sibling roles do not share the intermediate hop")
	}
}

func TestEnvironmentSourceKeyedByItsAccessKey(t *testing.T) {
	p := basePlan()
	p.Source = profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}
	_, a := planKeys(p, func(string) string { return "AKIAONE" })
	_, b := planKeys(p, func(string) string { return "AKIATWO" })
	if a[0] == b[0] {
		t.Fatal("different environment keys share a cache entry")
	}
}
