package cache

import (
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// TestFingerprintsAreStable pins fingerprints computed by this code, one
// plan per kind of source: a change to how keys are computed would make
// every session cached by an earlier assume a miss.
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
			"", "ae0d78555c455c0f0b9c825b84af951b", "c27f58ec4db1600fe73e924c76d5729f"},
		{"web identity", profiles.Source{Kind: profiles.SourceWebIdentity, Profile: "w", WebIdentityTokenFile: "/var/run/token", RoleARN: "arn:aws:iam::444444444444:role/w", RoleSessionName: "ci"}, nil, "eu-west-1", "",
			"", "00f8c97b06ca21057fd907e05910093c", "85464f4a53c842571eebd40b704526dd"},
		{"ec2 metadata", profiles.Source{Kind: profiles.SourceEC2, Profile: "ec2"}, nil, "", "",
			"", "e2d6aee6b3da21803f14f773ef1c86af", "aa898eaf2174268a8d18e88c82043862"},
	} {
		plan := &profiles.Plan{Profile: "prod", Source: c.src, Hops: hops, Region: c.region, STSEndpoint: c.ep}
		src, got := PlanKeys(plan, c.getenv)
		if src.Fingerprint != c.source || got[0].Fingerprint != c.h1 || got[1].Fingerprint != c.h2 {
			t.Errorf("%s: fingerprints %q, %q, %q; want %q, %q, %q", c.name, src.Fingerprint, got[0].Fingerprint, got[1].Fingerprint, c.source, c.h1, c.h2)
		}
	}
}
