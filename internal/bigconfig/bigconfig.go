// Package bigconfig generates large, realistic, deterministic AWS config and
// credentials files for benchmarks and tests.
package bigconfig

import (
	"bytes"
	"fmt"
)

// roleName and region spread a few realistic values over the profiles.
func roleName(i int) string {
	return [...]string{"admin", "readonly", "deploy", "audit", "billing"}[i%5]
}

func region(i int) string {
	return [...]string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1"}[i%5]
}

// bases is how many static-key profiles the credentials file holds.
func bases(n int) int {
	b := 1 + n/2500
	if b > 4 {
		b = 4
	}
	if b > n {
		b = n
	}
	return b
}

// BaseName is the i-th static-key profile.
func BaseName(i int) string { return fmt.Sprintf("base-%d", i) }

// ProfileName is the i-th generated non-base profile. Its kind is i%10:
// 0 SSO, 1-3 one role hop from a base, 4-6 two hops, 7-9 three hops.
func ProfileName(i int) string {
	return fmt.Sprintf("acct-%05d-%s", i, roleName(i))
}

// DeepProfile names a three-hop profile near the end of Generate(n)'s config
// file (the worst case for anything that scans), or "" when n is too small.
func DeepProfile(n int) string {
	m := n - bases(n)
	for i := m - 1; i >= 0; i-- {
		if i%10 == 9 {
			return ProfileName(i)
		}
	}
	return ""
}

// Generate returns a config file with n profiles (a few static-key base
// profiles, role chains of depth 1-3 with external ids, MFA, regions, SSO
// profiles, a [services] section and comments) and its credentials file.
// The same n always gives the same bytes.
func Generate(n int) (config, credentials []byte) {
	var cfg, cred bytes.Buffer
	nb := bases(n)
	cfg.WriteString("# Generated organisation config: do not edit by hand.\n")
	cfg.WriteString("[default]\nregion = us-east-1\noutput = json\n\n")
	cfg.WriteString("[services corp-endpoints]\nsts =\n  endpoint_url = https://sts.corp.example.internal\ns3 =\n  addressing_style = path\n\n")
	cfg.WriteString("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n")
	for b := 0; b < nb; b++ {
		fmt.Fprintf(&cred, "[%s]\naws_access_key_id = AKIAEXAMPLE%09d\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY%d\n\n", BaseName(b), b, b)
		fmt.Fprintf(&cfg, "[profile %s]\nregion = %s\n", BaseName(b), region(b))
		if b%2 == 1 {
			fmt.Fprintf(&cfg, "mfa_serial = arn:aws:iam::100000000000:mfa/user-%d\n", b)
		}
		cfg.WriteString("\n")
	}
	for i := 0; i < n-nb; i++ {
		if i%50 == 0 {
			fmt.Fprintf(&cfg, "# ---- team %d ----\n", i/50)
		}
		account := 200000000000 + i*7919%99999999
		name := ProfileName(i)
		fmt.Fprintf(&cfg, "[profile %s]\n", name)
		kind := i % 10
		if kind == 0 {
			fmt.Fprintf(&cfg, "sso_session = corp\nsso_account_id = %012d\nsso_role_name = %s\nregion = %s\n\n",
				account, roleName(i), region(i))
			continue
		}
		fmt.Fprintf(&cfg, "role_arn = arn:aws:iam::%012d:role/org/%s\n", account, roleName(i))
		switch {
		case kind <= 3:
			b := i % nb
			fmt.Fprintf(&cfg, "source_profile = %s\n", BaseName(b))
			if b%2 == 1 && i%3 == 0 {
				fmt.Fprintf(&cfg, "mfa_serial = arn:aws:iam::100000000000:mfa/user-%d\n", b)
			}
		default:
			fmt.Fprintf(&cfg, "source_profile = %s\n", ProfileName(i-3))
		}
		if i%4 == 1 {
			// A comment on its own line: after a value it would be part of it.
			fmt.Fprintf(&cfg, "# shared with the account owner\nexternal_id = ext-%d-%x\n", i, i*2654435761%(1<<32))
		}
		if i%7 == 2 {
			fmt.Fprintf(&cfg, "role_session_name = ci-%d\n", i)
		}
		if i%11 == 3 {
			cfg.WriteString("duration_seconds = 43200\n")
		}
		if i%97 == 5 {
			cfg.WriteString("services = corp-endpoints\n")
		}
		fmt.Fprintf(&cfg, "region = %s\noutput = json\n\n", region(i))
	}
	return cfg.Bytes(), cred.Bytes()
}
