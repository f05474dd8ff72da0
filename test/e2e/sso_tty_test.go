//go:build !windows

package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// At a terminal, a run without a usable sign-in offers one: yes signs in
// (browser) and the run goes on; no ends it with the one-line hint.
func TestSSOOffersToSignInAtATerminal(t *testing.T) {
	w := newSSOWorld(t, "")
	tt := startTmux(t, w.sandbox)
	out := filepath.Join(w.Home, "out.sh")
	tt.line("assume --export deploy > " + out + "; echo EXIT=$?")
	tt.waitFor("Sign in now? [Y/n]")
	tt.line("y")
	s := tt.waitFor("\nEXIT=")
	if !strings.Contains(s, "EXIT=0") || !strings.Contains(s, `signed in to sso-session "corp"`) {
		t.Fatalf("screen:\n%s", s)
	}
	if exports := readFile(t, out); !strings.Contains(exports, "export AWS_SESSION_TOKEN=") {
		t.Fatalf("exports: %s", exports)
	}
	tt.line(". " + out + " && assume whoami | grep -c assumed-role/deploy/")
	tt.waitFor("\n1\n")
	if len(w.browserRuns(t)) != 1 {
		t.Errorf("browser runs: %q", w.browserRuns(t))
	}

	// Signed out by the administrator: declining leaves the one-line hint.
	w.fake.RevokeSessions()
	tt.line("assume sessions clear >/dev/null 2>&1; rm -f ~/.aws/sso/cache/*.json; assume --export prod-admin > /dev/null; echo EXIT=$?")
	tt.waitFor("Sign in now? [Y/n]")
	tt.line("n")
	s = tt.waitForN("\nEXIT=", 2)
	if !strings.Contains(s, "EXIT=1") || !strings.Contains(s, "not signed in; sign in with `assume login --sso-session corp`") {
		t.Errorf("screen:\n%s", s)
	}
}

// On a terminal, sync shows its progress on one redrawn stderr line.
func TestSSOSyncShowsProgressOnATerminal(t *testing.T) {
	w := newSSOWorld(t, "")
	for i := range 200 {
		w.fake.AddAccount(fmt.Sprintf("%012d", 300000000000+i), fmt.Sprintf("a%d", i), "Admin")
	}
	w.fake.SetLatency(50 * time.Millisecond)
	w.login(t, "--sso-session", "corp")
	tt := startTmux(t, w.sandbox)
	tt.line("assume sso sync --sso-session corp --concurrency 4; echo EXIT=$?")
	s := tt.waitFor("assume: sso sync corp: roles of ")
	if !regexp.MustCompile(`roles of \d+/201 accounts`).MatchString(s) {
		t.Errorf("progress line: %s", s)
	}
	s = tt.waitFor("\nEXIT=")
	if !strings.Contains(s, "EXIT=0") || !strings.Contains(s, "201 account(s), 202 role(s)") {
		t.Errorf("screen:\n%s", s)
	}
}
