package assume

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

const (
	aliceARN  = "arn:aws:iam::111111111111:user/alice"
	aliceMFA  = "arn:aws:iam::111111111111:mfa/alice"
	roleA     = "arn:aws:iam::222222222222:role/a"
	roleB     = "arn:aws:iam::333333333333:role/b"
	roleC     = "arn:aws:iam::444444444444:role/c"
	roleMFA   = "arn:aws:iam::222222222222:role/needs-mfa"
	roleMFA2  = "arn:aws:iam::222222222222:role/needs-mfa-too"
	roleLong  = "arn:aws:iam::222222222222:role/long"
	roleAfter = "arn:aws:iam::555555555555:role/after-long"
)

// world is a fake STS with alice's keys, three roles trusting each other in
// a chain, MFA-protected roles, and a config file describing them.
type world struct {
	sts     *fakests.Server
	cfg     *profiles.Config
	notices bytes.Buffer
	client  *SDKClient
}

func newWorld(t *testing.T, extraConfig string) *world {
	t.Helper()
	s := fakests.New(t)
	akid, secret := s.AddUser(aliceARN)
	s.AddMFADevice(aliceMFA, "111111", "222222", "333333")
	s.AddRole(fakests.Role{ARN: roleA, Trust: []string{aliceARN}, ExternalID: "ext-a", MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleB, Trust: []string{roleA}, ExternalID: "ext-b", MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleC, Trust: []string{roleB}})
	s.AddRole(fakests.Role{ARN: roleMFA, Trust: []string{aliceARN}, RequireMFA: true, MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleMFA2, Trust: []string{aliceARN}, RequireMFA: true})
	s.AddRole(fakests.Role{ARN: roleLong, Trust: []string{aliceARN}, MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleAfter, Trust: []string{roleLong}, MaxSessionDuration: 12 * time.Hour})
	config := fmt.Sprintf(`[profile a]
role_arn = %s
source_profile = alice
external_id = ext-a
duration_seconds = 43200

[profile b]
role_arn = %s
source_profile = a
external_id = ext-b
duration_seconds = 43200

[profile c]
role_arn = %s
source_profile = b

[profile mfa]
role_arn = %s
source_profile = alice
mfa_serial = %s

[profile mfa2]
role_arn = %s
source_profile = alice
mfa_serial = %s
%s`, roleA, roleB, roleC, roleMFA, aliceMFA, roleMFA2, aliceMFA, extraConfig)
	credentials := fmt.Sprintf("[alice]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret)
	cfg, err := profiles.LoadBytes("config", []byte(config), "credentials", []byte(credentials))
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewSDKClient(context.Background(), ClientOptions{Endpoint: s.URL(), MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	return &world{sts: s, cfg: cfg, client: client}
}

func (w *world) plan(t *testing.T, profile string, o profiles.ResolveOptions) *profiles.Plan {
	t.Helper()
	if o.DefaultSessionName == "" {
		o.DefaultSessionName = "alice@laptop"
	}
	p, err := profiles.Resolve(w.cfg, profile, o)
	if err != nil {
		t.Fatalf("resolve %s: %v", profile, err)
	}
	return p
}

func (w *world) assumer(mfa MFASource) *Assumer {
	return &Assumer{
		STS:     w.client,
		Sources: SourceFetcher{Client: w.client},
		MFA:     mfa,
		Timeout: 5 * time.Second,
		Notices: &w.notices,
	}
}

func (w *world) run(t *testing.T, profile string, mfa MFASource) (creds.Credentials, error) {
	t.Helper()
	return w.assumer(mfa).Run(context.Background(), w.plan(t, profile, profiles.ResolveOptions{}))
}

func (w *world) whoami(t *testing.T, c creds.Credentials) string {
	t.Helper()
	id, err := w.client.GetCallerIdentity(context.Background(), c)
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	return id.Arn
}

func TestThreeHopChainUsesEachHopsOwnSettings(t *testing.T) {
	w := newWorld(t, "")
	c, err := w.run(t, "c", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.whoami(t, c); !strings.HasPrefix(got, "arn:aws:sts::444444444444:assumed-role/c/alice@laptop") {
		t.Fatalf("final identity %q", got)
	}
	var hops []fakests.Request
	for _, r := range w.sts.Requests() {
		if r.Action == "AssumeRole" {
			hops = append(hops, r)
		}
	}
	want := []struct {
		role, ext string
		secs      int
	}{{roleA, "ext-a", 43200}, {roleB, "ext-b", 3600}, {roleC, "", 3600}}
	if len(hops) != len(want) {
		t.Fatalf("%d AssumeRole calls, want %d", len(hops), len(want))
	}
	for i, h := range hops {
		if h.RoleARN != want[i].role || h.ExternalID != want[i].ext || h.DurationSeconds != want[i].secs || h.ErrorCode != "" {
			t.Errorf("hop %d = role %s ext %q %ds err %q; want %+v", i+1, h.RoleARN, h.ExternalID, h.DurationSeconds, h.ErrorCode, want[i])
		}
	}
}

func TestFirstHopFromLongTermKeysGetsTwelveHours(t *testing.T) {
	w := newWorld(t, "")
	c, err := w.run(t, "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := time.Until(c.Expires); got < 11*time.Hour {
		t.Fatalf("first hop from long-term keys expires in %s, want 12h", got)
	}
}

func TestMFACodeFromFlagIsSentOnceAndReplayFails(t *testing.T) {
	w := newWorld(t, "")
	if _, err := w.run(t, "mfa", &MFAChain{Given: "111111"}); err != nil {
		t.Fatal(err)
	}
	_, err := w.run(t, "mfa", &MFAChain{Given: "111111"})
	var se *StepError
	if !errors.As(err, &se) || se.Code != "AccessDenied" || !strings.Contains(se.Hint, "already used") {
		t.Fatalf("replayed MFA code: err = %v, want AccessDenied with an MFA hint", err)
	}
}

func TestMFAWithoutCodeSourceFailsBeforeCallingSTS(t *testing.T) {
	w := newWorld(t, "")
	_, err := w.run(t, "mfa", &MFAChain{})
	if err == nil || !strings.Contains(err.Error(), "--mfa-token") {
		t.Fatalf("err = %v, want advice to pass --mfa-token", err)
	}
	if n := w.sts.Calls("AssumeRole"); n != 0 {
		t.Fatalf("%d AssumeRole calls without a code", n)
	}
}

func TestMFAProcessSuppliesTheCode(t *testing.T) {
	w := newWorld(t, "\n[profile mfaproc]\nrole_arn = "+roleMFA+"\nsource_profile = alice\nmfa_serial = "+aliceMFA+"\nmfa_process = echo 222222\n")
	c, err := w.run(t, "mfaproc", &MFAChain{})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.whoami(t, c); !strings.Contains(got, "assumed-role/needs-mfa/") {
		t.Fatalf("identity %q", got)
	}
}

func TestGetSessionTokenSessionServesEveryRoleSharingTheSerial(t *testing.T) {
	// The source profile itself names the device: one GetSessionToken with
	// one code, then both MFA roles without further codes.
	extra := "\n[profile alice]\nmfa_serial = " + aliceMFA + "\n"
	w := newWorld(t, extra)
	mfa := &MFAChain{Given: "333333"}
	plan := w.plan(t, "mfa2", profiles.ResolveOptions{})
	if plan.Source.MFASerial != aliceMFA {
		t.Fatalf("plan does not use GetSessionToken: %+v", plan.Source)
	}
	a := w.assumer(mfa)
	sess, err := a.Run(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.whoami(t, sess); !strings.Contains(got, "assumed-role/needs-mfa-too/") {
		t.Fatalf("identity %q", got)
	}
	if w.sts.Calls("GetSessionToken") != 1 {
		t.Fatalf("GetSessionToken calls = %d", w.sts.Calls("GetSessionToken"))
	}
}

func TestChainedHopAskingTwelveHoursIsCappedNotRejected(t *testing.T) {
	w := newWorld(t, "")
	plan := w.plan(t, "b", profiles.ResolveOptions{})
	if h := plan.Hops[1]; h.Duration != time.Hour || h.CapReason == "" || h.Asked != 12*time.Hour {
		t.Fatalf("hop 2 = %+v, want 12h asked, 1h requested with a reason", h)
	}
	if _, err := w.assumer(nil).Run(context.Background(), plan); err != nil {
		t.Fatalf("capped chain failed: %v", err)
	}
	// Without the cap, real STS (and the fake) refuse the same call.
	first, err := w.run(t, "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.client.AssumeRole(context.Background(), first, RoleRequest{RoleARN: roleB, RoleSessionName: "alice", ExternalID: "ext-b", Duration: 12 * time.Hour})
	if err == nil || !strings.Contains(err.Error(), "role chaining") {
		t.Fatalf("uncapped chained 12h call: err = %v", err)
	}
}

func TestTemporarySourceFromProcessIsCappedAtRunTime(t *testing.T) {
	w := newWorld(t, "")
	sess := w.sts.Issue(aliceARN, true)
	proc := fmt.Sprintf(`printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s","SessionToken":"%s","Expiration":"%s"}'`,
		sess.AccessKeyID, sess.SecretAccessKey, sess.SessionToken, sess.Expiration.UTC().Format(time.RFC3339))
	cfg, err := profiles.LoadBytes("config", []byte(fmt.Sprintf("[profile src]\ncredential_process = %s\n\n[profile long]\nrole_arn = %s\nsource_profile = src\nduration_seconds = 7200\n", proc, roleLong)), "credentials", nil)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	if _, err := w.run(t, "long", nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(w.notices.String(), `profile "long": asked 2h0m0s, requesting 1h0m0s`) {
		t.Fatalf("no run-time cap notice: %q", w.notices.String())
	}
}

func TestWrongExternalIDShowsAWSCodeAndHint(t *testing.T) {
	w := newWorld(t, "\n[profile bad]\nrole_arn = "+roleA+"\nsource_profile = alice\nexternal_id = wrong-id\n")
	_, err := w.run(t, "bad", nil)
	msg := fmt.Sprint(err)
	for _, want := range []string{`profile "bad"`, "hop 1/1", "AccessDenied", "is not authorized to perform: sts:AssumeRole", "external_id"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	w := newWorld(t, "")
	w.sts.FailNext(2, 400, "Throttling", "Rate exceeded")
	a := w.assumer(nil)
	a.Timeout = time.Minute // jittered backoff: allow for slow draws
	if _, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{})); err != nil {
		t.Fatalf("throttled twice, then should succeed: %v", err)
	}
	if n := w.sts.Calls("AssumeRole"); n != 3 {
		t.Fatalf("AssumeRole calls = %d, want 3 (2 throttled + 1)", n)
	}
}

func TestHungSTSIsCutAtTheTimeout(t *testing.T) {
	w := newWorld(t, "")
	w.sts.SetDelay(3 * time.Second)
	a := w.assumer(nil)
	a.Timeout = 200 * time.Millisecond
	a.Endpoint = w.sts.URL()
	start := time.Now()
	_, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
	if err == nil || !strings.Contains(err.Error(), "timeout") || !strings.Contains(err.Error(), w.sts.URL()) {
		t.Fatalf("err = %v, want a timeout naming the endpoint", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err does not wrap the deadline: %v", err)
	}
	_ = start
}

func TestCredentialsAlreadyExpiredByLocalClockAreRefused(t *testing.T) {
	w := newWorld(t, "")
	a := w.assumer(nil)
	a.Now = func() time.Time { return time.Now().Add(24 * time.Hour) } // clock far ahead
	_, err := a.Run(context.Background(), w.plan(t, "a", profiles.ResolveOptions{}))
	if err == nil || !strings.Contains(err.Error(), "clock") {
		t.Fatalf("err = %v, want a clock warning", err)
	}
}
