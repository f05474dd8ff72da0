package console

import (
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

func TestRouteAndSessionDuration(t *testing.T) {
	session := creds.Credentials{AccessKeyID: "ASIA1", SecretAccessKey: "s", SessionToken: "t", Expires: time.Now().Add(time.Hour)}
	longTerm := creds.Credentials{AccessKeyID: "AKIA1", SecretAccessKey: "s"}
	static := profiles.Source{Kind: profiles.SourceStatic, AccessKeyID: "AKIA1"}
	hop := func(d time.Duration, chained bool) profiles.Hop {
		return profiles.Hop{RoleARN: "arn:aws:iam::111111111111:role/a", Duration: d, Chained: chained}
	}
	cases := []struct {
		name     string
		src      profiles.Source
		hops     []profiles.Hop
		c        creds.Credentials
		route    Route
		duration time.Duration
	}{
		{"one role from static long-term keys", static, []profiles.Hop{hop(2*time.Hour, false)}, session, RoleFromLongTermKeys, 2 * time.Hour},
		{"one role from keys in the keyring", profiles.Source{Kind: profiles.SourceStatic, AccessKeyID: "AKIA1", FromKeyring: true},
			[]profiles.Hop{hop(time.Hour, false)}, session, RoleFromLongTermKeys, time.Hour},
		{"one role from environment keys", profiles.Source{Kind: profiles.SourceEnvironment}, []profiles.Hop{hop(30*time.Minute, false)}, session, RoleFromLongTermKeys, 30 * time.Minute},
		{"one role from environment session keys", profiles.Source{Kind: profiles.SourceEnvironment}, []profiles.Hop{hop(time.Hour, true)}, session, Chained, 0},
		{"two roles", static, []profiles.Hop{hop(time.Hour, false), hop(time.Hour, true)}, session, Chained, 0},
		{"a role signed by an MFA session", profiles.Source{Kind: profiles.SourceStatic, AccessKeyID: "AKIA1", MFASerial: "arn:aws:iam::1:mfa/a"},
			[]profiles.Hop{hop(time.Hour, true)}, session, Chained, 0},
		{"a role from static session keys", profiles.Source{Kind: profiles.SourceStatic, AccessKeyID: "ASIA1", SessionToken: "t"},
			[]profiles.Hop{hop(time.Hour, true)}, session, Chained, 0},
		// whether a credential_process hands out long-term keys is only
		// known at run time: never risk SessionDuration on it
		{"a role from credential_process", profiles.Source{Kind: profiles.SourceProcess}, []profiles.Hop{hop(time.Hour, false)}, session, Chained, 0},
		{"a role from SSO", profiles.Source{Kind: profiles.SourceSSO}, []profiles.Hop{hop(time.Hour, true)}, session, Chained, 0},
		{"SSO role credentials, no hop", profiles.Source{Kind: profiles.SourceSSO}, nil, session, SourceSession, 0},
		{"web identity, no hop", profiles.Source{Kind: profiles.SourceWebIdentity, RoleARN: "arn:aws:iam::1:role/ci"}, nil, session, SourceSession, 0},
		{"static long-term keys, no role", static, nil, longTerm, FederationToken, 0},
		{"credential_process long-term keys, no role", profiles.Source{Kind: profiles.SourceProcess}, nil, longTerm, FederationToken, 0},
	}
	for _, c := range cases {
		plan := &profiles.Plan{Profile: "p", Source: c.src, Hops: c.hops}
		r := RouteFor(plan, c.c)
		if r != c.route {
			t.Errorf("%s: route %d, want %d", c.name, r, c.route)
		}
		if d := SessionDuration(plan, r); d != c.duration {
			t.Errorf("%s: SessionDuration %s, want %s", c.name, d, c.duration)
		}
	}
}

func TestCheckPlanRefusesAnMFASessionWithoutARole(t *testing.T) {
	plan := &profiles.Plan{Profile: "alice", Source: profiles.Source{Kind: profiles.SourceStatic, Profile: "alice", MFASerial: "arn:aws:iam::1:mfa/alice",
		At: profiles.Location{File: "/home/a/.aws/config", Line: 3}}}
	err := CheckPlan(plan)
	if err == nil || !strings.Contains(err.Error(), `profile "alice" (/home/a/.aws/config:3)`) || !strings.Contains(err.Error(), "source_profile = alice") {
		t.Fatalf("%v", err)
	}
	plan.Hops = []profiles.Hop{{RoleARN: "arn:aws:iam::1:role/a", Chained: true}}
	if err := CheckPlan(plan); err != nil {
		t.Fatalf("a role signed by the MFA session can sign in: %v", err)
	}
}
