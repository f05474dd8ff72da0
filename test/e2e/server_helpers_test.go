package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// Lifetimes in the credentials-server tests: the fake STS scales every
// session by 1/300, so a role's hour lasts 12 s and the MFA session asked
// for (36 h) 432 s; the server renews when 2 s remain.
const (
	serverScale    = 1.0 / 300
	roleLifetime   = 12 * time.Second
	serverMargin   = 2 * time.Second
	serverMarginFl = "2s"
)

// servedChain is the strict fake STS with a 3-hop chain a → b → c whose
// source, alice, has an MFA device: one GetSessionToken session signs
// hop a, which requires MFA. mfa_process prints a new accepted code on
// each run and counts its runs in MFACount.
type servedChain struct {
	sb       *sandbox
	sts      *fakests.Server
	MFACount string
}

func newServedChain(t *testing.T) *servedChain {
	t.Helper()
	s := fakests.New(t)
	s.SetLifetimeScale(serverScale)
	akid, secret := s.AddUser(aliceARN)
	codes := make([]string, 50)
	for i := range codes {
		codes[i] = fmt.Sprintf("1000%02d", i+1)
	}
	s.AddMFADevice(aliceMFA, codes...)
	s.AddRole(fakests.Role{ARN: roleA, Trust: []string{aliceARN}, RequireMFA: true})
	s.AddRole(fakests.Role{ARN: roleB, Trust: []string{roleA}})
	s.AddRole(fakests.Role{ARN: roleC, Trust: []string{roleB}})
	home := t.TempDir()
	count := filepath.Join(home, "mfa-runs")
	script := filepath.Join(home, "mfa.sh")
	writeFile(t, script, `n=$(cat "`+count+`" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "`+count+`"; printf '1000%02d\n' $n`+"\n")
	config := fmt.Sprintf(`[profile alice]
mfa_serial = %s
mfa_process = sh %s
duration_seconds = 129600

[profile a]
role_arn = %s
source_profile = alice

[profile b]
role_arn = %s
source_profile = a

[profile c]
role_arn = %s
source_profile = b
region = eu-central-1
`, aliceMFA, script, roleA, roleB, roleC)
	sb := newSandbox(t, config, fmt.Sprintf("[alice]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	sb.Env["AWS_ENDPOINT_URL_STS"] = s.URL()
	return &servedChain{sb: sb, sts: s, MFACount: count}
}

// codes is how many times mfa_process ran.
func (c *servedChain) codes(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(c.MFACount)
	if os.IsNotExist(err) {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("mfa_process count: %v", err)
	}
	return n
}

// hopCalls are the AssumeRole calls per hop, a, b, c.
func (c *servedChain) hopCalls() [3]int {
	return [3]int{c.sts.RoleCalls(roleA), c.sts.RoleCalls(roleB), c.sts.RoleCalls(roleC)}
}

// checkRenewals asserts one STS call per hop per renewal, and renewals
// about once per role lifetime over elapsed (generous bounds: the
// consumers' pace on a busy machine decides when a renewal is asked for).
func (c *servedChain) checkRenewals(t *testing.T, elapsed time.Duration) [3]int {
	t.Helper()
	calls := c.hopCalls()
	if calls[0] != calls[1] || calls[1] != calls[2] {
		t.Errorf("AssumeRole calls per hop a, b, c = %v: want one per hop per renewal", calls)
	}
	lifetimes := float64(elapsed) / float64(roleLifetime)
	renewals := float64(calls[2] - 1) // the first set came before the child started
	if renewals < lifetimes/2-1 || renewals > lifetimes*float64(roleLifetime)/float64(roleLifetime-serverMargin-2*time.Second)+2 {
		t.Errorf("%.0f renewals over %.1f lifetimes (%s)", renewals, lifetimes, elapsed)
	}
	if n := c.sts.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1 (the MFA session lasts the whole test)", n)
	}
	if n := c.codes(t); n != 1 {
		t.Errorf("mfa_process ran %d times, want exactly one code", n)
	}
	return calls
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
}

// sdkConsumer builds testdata/sdkconsumer, a real aws-sdk-go-v2 program,
// once, beside the assume binary.
func sdkConsumer(t *testing.T) string {
	t.Helper()
	return buildOnce(t, "sdkconsumer", "./testdata/sdkconsumer")
}

// built are the helper programs built for this test binary, by name.
var built struct {
	sync.Mutex
	paths map[string]string
	errs  map[string]error
}

// buildOnce builds the Go package pkg as name beside the assume binary,
// once per test run, and returns its path.
func buildOnce(t *testing.T, name, pkg string) string {
	t.Helper()
	built.Lock()
	defer built.Unlock()
	if built.paths == nil {
		built.paths, built.errs = map[string]string{}, map[string]error{}
	}
	if _, done := built.paths[name]; !done {
		path := filepath.Join(filepath.Dir(binary), name)
		if out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput(); err != nil {
			built.errs[name] = fmt.Errorf("building %s: %v\n%s", pkg, err, out)
		}
		built.paths[name] = path
	}
	if err := built.errs[name]; err != nil {
		t.Fatal(err)
	}
	return built.paths[name]
}
