package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// dayScale compresses time: the fake STS issues sessions lasting 1/1200
// of what is asked, so an hour lasts 3 s, a 12-hour MFA session 36 s and
// a 9-hour working day 27 s. The refresh margin is scaled the same way.
const (
	dayScale  = 1.0 / 1200
	dayLength = 9 * time.Hour
	dayStep   = 15 * time.Minute // how often the person switches roles
)

func scaled(d time.Duration) time.Duration { return time.Duration(float64(d) * dayScale) }

// mfaDay is one simulated working day with six roles over three regions,
// all on one MFA device, and an mfa_process that counts the codes it
// hands out.
type mfaDay struct {
	sb    *sandbox
	sts   *fakests.Server
	count string // file holding the number of codes typed
	roles []string
}

// newMFADay writes the config. mfaOnUser and mfaOnRoles say where
// mfa_serial goes; every role's trust policy requires MFA.
func newMFADay(t *testing.T, mfaOnUser, mfaOnRoles bool) *mfaDay {
	t.Helper()
	s := fakests.New(t)
	s.SetLifetimeScale(dayScale)
	akid, secret := s.AddUser(aliceARN)
	codes := make([]string, 200)
	for i := range codes {
		codes[i] = fmt.Sprintf("%06d", 100000+i)
	}
	s.AddMFADevice(aliceMFA, codes...)
	d := &mfaDay{sts: s}
	scratch := t.TempDir()
	d.count = filepath.Join(scratch, "count")
	codeFile := filepath.Join(scratch, "codes")
	if err := os.WriteFile(codeFile, []byte(strings.Join(codes, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A person typing the next code off the device: one per call, counted.
	process := fmt.Sprintf(`sh -c 'n=$(cat %[1]s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %[1]s; sed -n "${n}p" %[2]s'`, d.count, codeFile)
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "[profile user]\nmfa_process = %s\n", process)
	if mfaOnUser {
		fmt.Fprintf(&cfg, "mfa_serial = %s\n", aliceMFA)
	}
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	for i := 0; i < 6; i++ {
		name := fmt.Sprintf("role%d", i)
		arn := fmt.Sprintf("arn:aws:iam::%012d:role/%s", 200000000000+i, name)
		s.AddRole(fakests.Role{ARN: arn, Trust: []string{aliceARN}, RequireMFA: true})
		fmt.Fprintf(&cfg, "\n[profile %s]\nrole_arn = %s\nsource_profile = user\nregion = %s\n", name, arn, regions[i%3])
		if mfaOnRoles {
			fmt.Fprintf(&cfg, "mfa_serial = %s\nmfa_process = %s\n", aliceMFA, process)
		}
		d.roles = append(d.roles, name)
	}
	d.sb = newSandbox(t, cfg.String(), fmt.Sprintf("[user]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	d.sb.Env["AWS_ENDPOINT_URL_STS"] = s.URL()
	d.sb.Env["ASSUME_REFRESH_MARGIN"] = scaled(5 * time.Minute).String()
	return d
}

// live runs the day: at every step the person switches to the next role
// in a shell (export) while two SDK callers run credential_process for
// another, in parallel. It returns the number of MFA codes typed.
func (d *mfaDay) live(t *testing.T) int {
	t.Helper()
	steps := int(dayLength / dayStep)
	start := time.Now()
	for i := 0; i < steps; i++ {
		shell := d.roles[i%len(d.roles)]
		sdk := d.roles[(i+3)%len(d.roles)]
		var wg sync.WaitGroup
		results := make([]result, 3)
		for j, args := range [][]string{{"-x", shell}, {"--credential-process", sdk}, {"--credential-process", sdk}} {
			wg.Add(1)
			go func(j int, args []string) {
				defer wg.Done()
				results[j] = d.sb.run(args...)
			}(j, args)
		}
		wg.Wait()
		for j, r := range results {
			if r.Code != 0 {
				t.Fatalf("step %d, caller %d: exit %d\n%s", i, j, r.Code, r.Stderr)
			}
		}
		if next := start.Add(scaled(dayStep) * time.Duration(i+1)); time.Until(next) > 0 {
			time.Sleep(time.Until(next))
		}
	}
	b, _ := os.ReadFile(d.count)
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// TestOneMFACodeADay: over a (compressed) 9-hour day with six roles in
// three regions, shells and parallel SDK callers, a person types one MFA
// code, wherever mfa_serial is written: on the user, on the roles (the
// most common real config), or on both. Role sessions are renewed
// silently from the MFA session.
func TestOneMFACodeADay(t *testing.T) {
	for _, c := range []struct {
		name            string
		onUser, onRoles bool
	}{
		{"mfa_serial on the user", true, false},
		{"mfa_serial on the roles", false, true},
		{"mfa_serial on both", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := newMFADay(t, c.onUser, c.onRoles)
			codes := d.live(t)
			sessions, roles := d.sts.Calls("GetSessionToken"), d.sts.Calls("AssumeRole")
			t.Logf("%s: %d code(s), %d GetSessionToken, %d AssumeRole over a 9-hour day", c.name, codes, sessions, roles)
			if codes != 1 || sessions != 1 {
				t.Errorf("%d MFA codes typed (%d MFA sessions), want 1", codes, sessions)
			}
			// Each role session lasts an hour: renewed about 9 times a day
			// per role, never more often than the margin allows.
			if roles < 6 || roles > 6*12 {
				t.Errorf("%d AssumeRole calls for 6 roles over 9 hours", roles)
			}
		})
	}
}

// TestMFASessionOffSendsACodePerRoleSession: mfa-session: false is
// botocore's way, a code on every role call, so a code per role session.
func TestMFASessionOffSendsACodePerRoleSession(t *testing.T) {
	d := newMFADay(t, false, true)
	d.sb.Env["ASSUME_MFA_SESSION"] = "false"
	codes := d.live(t)
	t.Logf("mfa-session off: %d code(s), %d GetSessionToken, %d AssumeRole", codes, d.sts.Calls("GetSessionToken"), d.sts.Calls("AssumeRole"))
	if d.sts.Calls("GetSessionToken") != 0 || codes != d.sts.Calls("AssumeRole") || codes < 6 {
		t.Errorf("%d codes for %d AssumeRole calls (%d GetSessionToken): want a code on each role call", codes, d.sts.Calls("AssumeRole"), d.sts.Calls("GetSessionToken"))
	}
}
