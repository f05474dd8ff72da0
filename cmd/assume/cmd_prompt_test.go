package main

import (
	"testing"
	"time"
)

func TestPromptSegment(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ profile, exp, want string }{
		{"", "2026-01-02T04:00:00Z", ""},
		{"prod-admin", "2026-01-02T03:42:30Z", "prod-admin 42m"},
		{"prod-admin", "2026-01-02T04:05:00Z", "prod-admin 1h05m"},
		{"prod-admin", "2026-01-02T03:00:30Z", "prod-admin <1m"},
		{"prod-admin", "2026-01-02T02:59:00Z", "prod-admin expired"},
		{"prod-admin", "2026-01-02T05:00:00+02:00", "prod-admin expired"},
		{"static", "", "static"},
		{"odd", "tomorrow", "odd"},
		{"evil\x1b[31m", "", "evil?[31m"},
	} {
		if got := promptSegment(tc.profile, tc.exp, now); got != tc.want {
			t.Errorf("promptSegment(%q, %q) = %q, want %q", tc.profile, tc.exp, got, tc.want)
		}
	}
}

func TestPromptCommandReadsOnlyTheEnvironment(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	env := map[string]string{
		"ASSUME_PROFILE":            "prod-admin",
		"AWS_CREDENTIAL_EXPIRATION": "2026-01-02T03:42:00Z",
		// a config that cannot be read: prompt must not try
		"AWS_CONFIG_FILE": "/nonexistent/dir/config",
		"HOME":            "/nonexistent",
	}
	d, out, errb := testFactory(env, false)
	d.Host.Now = func() time.Time { return now }
	cmd := newRootCmd(d)
	cmd.SetArgs([]string{"prompt"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "prod-admin 42m\n" || errb.Len() != 0 {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
	out.Reset()
	delete(env, "ASSUME_PROFILE")
	cmd = newRootCmd(d)
	cmd.SetArgs([]string{"prompt"})
	if err := cmd.Execute(); err != nil || out.Len() != 0 {
		t.Errorf("nothing assumed: %q, %v", out.String(), err)
	}
}
