package main

import (
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// The --json shapes of plan and list. They are a documented contract
// (docs/json-output.md): lower-case snake_case names, durations in whole
// seconds, every field always present, and new fields only ever added.
// They are built here, field by field, so renaming a Go field in
// pkg/profiles can never change what scripts parse, and a secret in a
// Source never reaches them.

type planJSON struct {
	Profile     string     `json:"profile"`
	Region      string     `json:"region"`
	STSEndpoint string     `json:"sts_endpoint"`
	Source      sourceJSON `json:"source"`
	Hops        []hopJSON  `json:"hops"`
	Notices     []string   `json:"notices"`
}

type sourceJSON struct {
	Kind        string `json:"kind"`
	Profile     string `json:"profile"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	AccessKeyID string `json:"access_key_id"`
	FromKeyring bool   `json:"from_keyring"`
	Temporary   bool   `json:"temporary"`
	// MFA session (GetSessionToken) signing the first hop.
	MFASerial              string `json:"mfa_serial"`
	MFASessionSeconds      int64  `json:"mfa_session_seconds"`
	CredentialProcess      string `json:"credential_process"`
	SSOSession             string `json:"sso_session"`
	SSOStartURL            string `json:"sso_start_url"`
	SSORegion              string `json:"sso_region"`
	SSOAccountID           string `json:"sso_account_id"`
	SSORoleName            string `json:"sso_role_name"`
	WebIdentityTokenFile   string `json:"web_identity_token_file"`
	WebIdentityRoleARN     string `json:"web_identity_role_arn"`
	WebIdentitySessionName string `json:"web_identity_role_session_name"`
}

type hopJSON struct {
	Profile         string `json:"profile"`
	File            string `json:"file"`
	Line            int    `json:"line"`
	RoleARN         string `json:"role_arn"`
	ExternalID      string `json:"external_id"`
	MFASerial       string `json:"mfa_serial"`
	MFAProcess      string `json:"mfa_process"`
	RoleSessionName string `json:"role_session_name"`
	SourceIdentity  string `json:"source_identity"`
	AskedSeconds    int64  `json:"asked_seconds"`
	DurationSeconds int64  `json:"duration_seconds"`
	CapReason       string `json:"cap_reason"`
	Chained         bool   `json:"chained"`
}

type profileJSON struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Region string `json:"region"`
}

func secondsOf(d time.Duration) int64 { return int64(d / time.Second) }

func toPlanJSON(p *profiles.Plan) planJSON {
	s := p.Source
	out := planJSON{
		Profile: p.Profile, Region: p.Region, STSEndpoint: p.STSEndpoint,
		Source: sourceJSON{
			Kind: string(s.Kind), Profile: s.Profile, File: s.At.File, Line: s.At.Line,
			AccessKeyID: s.AccessKeyID, FromKeyring: s.FromKeyring, Temporary: s.Temporary(),
			MFASerial: s.MFASerial, MFASessionSeconds: secondsOf(s.SessionDuration),
			CredentialProcess: s.CredentialProcess,
			SSOSession:        s.SSOSession, SSOStartURL: s.SSOStartURL, SSORegion: s.SSORegion,
			SSOAccountID: s.SSOAccountID, SSORoleName: s.SSORoleName,
			WebIdentityTokenFile: s.WebIdentityTokenFile, WebIdentityRoleARN: s.RoleARN, WebIdentitySessionName: s.RoleSessionName,
		},
		Hops:    make([]hopJSON, 0, len(p.Hops)),
		Notices: append([]string{}, p.Notices...),
	}
	for _, h := range p.Hops {
		out.Hops = append(out.Hops, hopJSON{
			Profile: h.Profile, File: h.At.File, Line: h.At.Line, RoleARN: h.RoleARN,
			ExternalID: h.ExternalID, MFASerial: h.MFASerial, MFAProcess: h.MFAProcess,
			RoleSessionName: h.RoleSessionName, SourceIdentity: h.SourceIdentity,
			AskedSeconds: secondsOf(h.Asked), DurationSeconds: secondsOf(h.Duration),
			CapReason: h.CapReason, Chained: h.Chained,
		})
	}
	return out
}

func toProfilesJSON(sums []profiles.Summary) []profileJSON {
	out := make([]profileJSON, 0, len(sums))
	for _, s := range sums {
		out = append(out, profileJSON{Name: s.Name, Kind: s.Kind, Source: s.Source, Region: s.Region})
	}
	return out
}
