package assume

import (
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// TestFingerprintsAreStable pins the fingerprints of scheme v2 (no region;
// partition, asked duration), one plan per kind of source: a change to how
// keys are computed would make every session cached by an earlier assume
// a miss, so it must come with a new scheme version.
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
			"", "82c7c87f44a6bd17d3ffcf3ecbc0c1f5", "87f4adf425703fe50a70ad2aa1870f94"},
		{"static with an MFA session", profiles.Source{Kind: profiles.SourceStatic, Profile: "base", AccessKeyID: "AKIAEXAMPLE", MFASerial: "arn:aws:iam::111111111111:mfa/me", SessionDuration: 12 * time.Hour}, nil, "us-east-1", "http://127.0.0.1:4566",
			"69a9e9b94e574fce3d0d5de740b14f5d", "2dd375a88ca9900b41d762fb55996d4e", "2891ee332e7d1dc731f4f4b2f58c479e"},
		{"environment", profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}, envKey, "eu-west-1", "",
			"", "36d2c20d4851754a9e03da59dea9c05c", "a44be65afbfedeffd37b600e19d2e355"},
		{"environment, no getenv", profiles.Source{Kind: profiles.SourceEnvironment, Profile: "env"}, nil, "eu-west-1", "",
			"", "199bcc3fbe7b89836619673289368ec6", "ceb4d2bc941762b6eed314739cb852ca"},
		{"process", profiles.Source{Kind: profiles.SourceProcess, Profile: "p", CredentialProcess: "/bin/creds --profile x"}, nil, "eu-west-1", "",
			"", "eec863eb16da96b0d5062c31a2eedc59", "6d18374a8fde94d03a55fe79a3b2bf85"},
		{"sso", profiles.Source{Kind: profiles.SourceSSO, Profile: "sso", SSOSession: "corp", SSOStartURL: "https://corp.awsapps.com/start", SSORegion: "eu-central-1", SSOAccountID: "333333333333", SSORoleName: "Admin"}, nil, "eu-west-1", "",
			"671825adec152b7f88b1c9d5183b3c64", "ec91a4721b7b0017129bf80163959756", "a40b7909a30532a8926101fc9df8e1b3"},
		{"web identity", profiles.Source{Kind: profiles.SourceWebIdentity, Profile: "w", WebIdentityTokenFile: "/var/run/token", RoleARN: "arn:aws:iam::444444444444:role/w", RoleSessionName: "ci"}, nil, "eu-west-1", "",
			"", "3aea4e404b34560069f905e10a59065d", "d2266db386c42847015e0d698152ef01"},
		{"ec2 metadata", profiles.Source{Kind: profiles.SourceEC2, Profile: "ec2"}, nil, "", "",
			"", "a29cb7a4ff6da314ccb7980df40bbce6", "cf3b6c60ed05b9cbf0dc7877f0ea76c1"},
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
		"asked duration":     func(p *profiles.Plan) { p.Hops[1].Asked = 2 * time.Hour }, // capped to the same 1h
		"partition":          func(p *profiles.Plan) { p.Region = "cn-north-1" },
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
		// STS credentials do not depend on the region that issued them.
		"region in the partition": func(p *profiles.Plan) { p.Region = "us-east-1" },
		"no region":               func(p *profiles.Plan) { p.Region = "" },
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
