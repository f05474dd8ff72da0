package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/session"
)

const (
	testUserARN  = "arn:aws:iam::111111111111:user/alice"
	testRoleARN  = "arn:aws:iam::222222222222:role/admin"
	testRole2ARN = "arn:aws:iam::333333333333:role/deploy"
)

// world is a user's home with a two-hop chain (base → admin → deploy)
// served by the strict fake STS, an in-memory keyring shared by every run
// in the test, and a count of the STS clients' calls.
type world struct {
	t     *testing.T
	sts   *fakests.Server
	env   map[string]string
	ring  *keyring.ArrayKeyring
	calls atomic.Int32 // AssumeRole calls made through the session's client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	s := fakests.New(t)
	akid, secret := s.AddUser(testUserARN)
	s.AddRole(fakests.Role{ARN: testRoleARN, Trust: []string{testUserARN}, ExternalID: "ext-1"})
	s.AddRole(fakests.Role{ARN: testRole2ARN, Trust: []string{testRoleARN}})
	home := t.TempDir()
	aws := filepath.Join(home, ".aws")
	if err := os.MkdirAll(aws, 0o700); err != nil {
		t.Fatal(err)
	}
	config := "[profile base]\nregion = eu-west-1\n" +
		"[profile admin]\nrole_arn = " + testRoleARN + "\nsource_profile = base\nexternal_id = ext-1\nregion = eu-west-1\n" +
		"[profile deploy]\nrole_arn = " + testRole2ARN + "\nsource_profile = admin\n"
	credentials := "[base]\naws_access_key_id = " + akid + "\naws_secret_access_key = " + secret + "\n"
	for name, body := range map[string]string{"config": config, "credentials": credentials} {
		if err := os.WriteFile(filepath.Join(aws, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &world{t: t, sts: s, ring: keyring.NewArrayKeyring(nil), env: map[string]string{
		"HOME":                        home,
		"USER":                        "tester",
		"SHELL":                       "/bin/bash",
		"AWS_CONFIG_FILE":             filepath.Join(aws, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(aws, "credentials"),
		"AWS_ENDPOINT_URL_STS":        s.URL(),
		"XDG_RUNTIME_DIR":             filepath.Join(home, "run"),
	}}
}

// countingSTS counts AssumeRole calls on the way to the real SDK client.
type countingSTS struct {
	assume.STS
	calls *atomic.Int32
}

func (c countingSTS) AssumeRole(ctx context.Context, caller creds.Credentials, req assume.RoleRequest) (creds.Credentials, error) {
	c.calls.Add(1)
	return c.STS.AssumeRole(ctx, caller, req)
}

// run executes one assume command line in the world.
func (w *world) run(args ...string) (stdout, stderr string, err error) {
	w.t.Helper()
	f, out, errb := testFactory(w.env, false)
	f.NewSTS = func(ctx context.Context, o assume.ClientOptions) (assume.STS, error) {
		c, err := assume.NewSDKClient(ctx, o)
		return countingSTS{STS: c, calls: &w.calls}, err
	}
	f.OpenKeyring = func(session.KeyringConfig) (session.Keyring, session.BackendType, error) {
		return w.ring, "array", nil
	}
	root := newRootCmd(f)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func exported(t *testing.T, stdout, name string) string {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		if v, ok := strings.CutPrefix(line, "export "+name+"="); ok {
			return strings.Trim(v, "'")
		}
	}
	t.Fatalf("no %s in %q", name, stdout)
	return ""
}

func TestMainExportsAChainAndAnswersTheNextRunFromTheCache(t *testing.T) {
	w := newWorld(t)
	out, errb, err := w.run("--export", "deploy")
	if err != nil {
		t.Fatalf("assume -x deploy: %v\n%s", err, errb)
	}
	akid := exported(t, out, "AWS_ACCESS_KEY_ID")
	if !strings.HasPrefix(akid, "ASIA") || exported(t, out, "AWS_SESSION_TOKEN") == "" {
		t.Fatalf("not role-session credentials: %s", out)
	}
	if got := exported(t, out, "ASSUME_PROFILE"); got != "deploy" {
		t.Errorf("ASSUME_PROFILE = %q", got)
	}
	if w.calls.Load() != 2 || w.sts.RoleCalls(testRoleARN) != 1 || w.sts.RoleCalls(testRole2ARN) != 1 {
		t.Fatalf("a cold 2-hop chain: %d AssumeRole calls through the session's client, fake saw %d and %d",
			w.calls.Load(), w.sts.RoleCalls(testRoleARN), w.sts.RoleCalls(testRole2ARN))
	}
	keys, _ := w.ring.Keys()
	if len(keys) != 2 {
		t.Errorf("want both hops cached, keyring holds %q", keys)
	}

	out2, _, err := w.run("--export", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	if exported(t, out2, "AWS_ACCESS_KEY_ID") != akid || w.calls.Load() != 2 {
		t.Errorf("second run was not a cache hit: %d calls", w.calls.Load())
	}
	// A sibling reaching the shared first hop reuses it.
	if _, _, err := w.run("--export", "admin"); err != nil {
		t.Fatal(err)
	}
	if w.calls.Load() != 2 {
		t.Errorf("admin is deploy's cached first hop, yet STS was called: %d", w.calls.Load())
	}
}

func TestMainCredentialProcessAndNoCache(t *testing.T) {
	w := newWorld(t)
	out, _, err := w.run("--credential-process", "--no-cache", "admin")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version                                                int
		AccessKeyID, SecretAccessKey, SessionToken, Expiration string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Version != 1 || doc.SessionToken == "" || doc.Expiration == "" {
		t.Fatalf("credential_process JSON %q: %v", out, err)
	}
	if keys, _ := w.ring.Keys(); len(keys) != 0 {
		t.Errorf("--no-cache wrote %q", keys)
	}
}

func TestMainFailsCleanlyWithoutCallingSTS(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"--export", "admn"},
		{"--export", "--mfa-token", "12345", "admin"},
		{"--export", "--duration", "13h", "admin"},
		{"--credential-process", "--export", "admin"},
	} {
		out, _, err := w.run(args...)
		if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want a one-line error and nothing on stdout, got %q, %v", args, out, err)
		}
	}
	if w.calls.Load() != 0 || len(w.sts.Requests()) != 0 {
		t.Errorf("bad input reached STS: %d calls", w.calls.Load())
	}
}

func TestPlanResolvesWithoutNetwork(t *testing.T) {
	w := newWorld(t)
	out, _, err := w.run("plan", "--json", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		Hops []struct {
			RoleARN    string `json:"role_arn"`
			ExternalID string `json:"external_id"`
			Chained    bool   `json:"chained"`
		} `json:"hops"`
		Region string `json:"region"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("plan --json: %v\n%s", err, out)
	}
	if len(plan.Hops) != 2 || plan.Hops[0].RoleARN != testRoleARN || plan.Hops[0].ExternalID != "ext-1" || !plan.Hops[1].Chained || plan.Region != "" {
		t.Errorf("plan: %+v", plan)
	}
	text, _, err := w.run("plan", "deploy")
	if err != nil || !strings.Contains(text, testRole2ARN) {
		t.Errorf("plan text: %v\n%s", err, text)
	}
	if len(w.sts.Requests()) != 0 {
		t.Errorf("plan made %d STS requests", len(w.sts.Requests()))
	}
	if _, _, err := w.run("plan"); err == nil {
		t.Error("plan without a profile must fail")
	}
}

func TestWhoamiThroughTheSession(t *testing.T) {
	w := newWorld(t)
	out, _, err := w.run("whoami", "admin")
	if err != nil {
		t.Fatal(err)
	}
	var id assume.Identity
	if err := json.Unmarshal([]byte(out), &id); err != nil {
		t.Fatal(err)
	}
	if id.Account != "222222222222" || !strings.Contains(id.Arn, ":assumed-role/admin/") {
		t.Errorf("whoami admin: %+v", id)
	}
	if w.sts.Calls("GetCallerIdentity") != 1 {
		t.Errorf("GetCallerIdentity calls: %d", w.sts.Calls("GetCallerIdentity"))
	}

	// Without a profile: the keys this shell holds, at the endpoint the
	// environment names.
	shell, _, err := w.run("--export", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		w.env[k] = exported(t, shell, k)
	}
	out, _, err = w.run("whoami")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &id); err != nil || id.Account != "333333333333" {
		t.Errorf("whoami from the environment: %+v %v", id, err)
	}

	delete(w.env, "AWS_SECRET_ACCESS_KEY")
	if out, _, err = w.run("whoami"); err == nil || out != "" {
		t.Errorf("whoami without keys: %q, %v", out, err)
	}
}

// TestJSONOutputIsTheDocumentedSchema pins the --json field names scripts
// parse (docs/json-output.md): lower-case, every field present.
func TestJSONOutputIsTheDocumentedSchema(t *testing.T) {
	w := newWorld(t)
	out, _, err := w.run("plan", "--json", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	wantKeys := func(what string, m map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q: %v", what, k, m)
			}
		}
		if len(m) != len(keys) {
			t.Errorf("%s has %d fields, the schema %d: %v", what, len(m), len(keys), m)
		}
	}
	wantKeys("plan", plan, "profile", "region", "sts_endpoint", "source", "hops", "notices")
	wantKeys("source", plan["source"].(map[string]any), "kind", "profile", "file", "line", "access_key_id", "from_keyring",
		"temporary", "mfa_serial", "mfa_session_seconds", "credential_process", "sso_session", "sso_start_url", "sso_region",
		"sso_account_id", "sso_role_name", "web_identity_token_file", "web_identity_role_arn", "web_identity_role_session_name")
	hop := plan["hops"].([]any)[1].(map[string]any)
	wantKeys("hop", hop, "profile", "file", "line", "role_arn", "external_id", "mfa_serial", "mfa_process", "role_session_name",
		"source_identity", "asked_seconds", "duration_seconds", "cap_reason", "chained")
	if hop["duration_seconds"].(float64) != 3600 || hop["chained"] != true {
		t.Errorf("hop 2: %v", hop)
	}
	if strings.Contains(out, "aws_secret") || strings.Contains(out, "SecretAccessKey") {
		t.Errorf("a secret field in plan --json: %s", out)
	}

	out, _, err = w.run("list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	wantKeys("list entry", list[0], "name", "kind", "source", "region")
	if list[2]["name"] != "deploy" || list[2]["kind"] != "role" || list[2]["source"] != "admin" {
		t.Errorf("list entry: %v", list[2])
	}
}

// TestProfileArgumentsCompleteProfileNames: every command whose argument is
// a profile completes profile names, never file names.
func TestProfileArgumentsCompleteProfileNames(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"__complete", "ad"}, {"__complete", "plan", "ad"}, {"__complete", "whoami", "ad"},
		{"__complete", "sessions", "clear", "ad"}, {"__complete", "keys", "rm", "ad"}, {"__complete", "keys", "add", "ad"},
	} {
		out, _, err := w.run(args...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || lines[0] != "admin" || lines[1] != ":4" { // 4: ShellCompDirectiveNoFileComp
			t.Errorf("%q completes %q, want admin and no file names", args, lines)
		}
	}
}

func TestListShowsKeyringKeysAsStatic(t *testing.T) {
	w := newWorld(t)
	if err := os.WriteFile(w.env["AWS_CONFIG_FILE"], []byte("[profile work]\nregion = eu-west-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, _, _ := testFactory(w.env, false)
	f.IO.In = strings.NewReader("AKIAWORK\nsecret\n")
	f.OpenKeyring = func(session.KeyringConfig) (session.Keyring, session.BackendType, error) { return w.ring, "array", nil }
	root := newRootCmd(f)
	root.SetArgs([]string{"keys", "add", "work"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	out, _, err := w.run("list")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^work\s+static\s+keyring\s+eu-west-1$`).MatchString(out) {
		t.Errorf("list:\n%s", out)
	}
	if strings.Contains(out, "secret") {
		t.Error("list printed a secret")
	}
}

// TestSessionsAreSharedAcrossRegions: STS credentials do not depend on the
// region that issued them, so switching region (flag, profile or
// environment) reuses every cached hop, and `assume sessions` lists each
// session once.
func TestSessionsAreSharedAcrossRegions(t *testing.T) {
	w := newWorld(t)
	if _, _, err := w.run("--export", "deploy"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--export", "--region", "us-west-2", "deploy"},
		{"--export", "--region", "ap-southeast-2", "admin"},
	} {
		out, _, err := w.run(args...)
		if err != nil {
			t.Fatal(err)
		}
		if got := exported(t, out, "AWS_REGION"); got != args[2] {
			t.Errorf("%q exported region %q", args, got)
		}
	}
	if w.calls.Load() != 2 {
		t.Errorf("a region switch refetched: %d AssumeRole calls, want the first run's 2", w.calls.Load())
	}
	out, _, err := w.run("sessions")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, testRoleARN); n != 1 {
		t.Errorf("sessions lists the admin session %d times:\n%s", n, out)
	}
	// Another partition is another identity: never shared.
	if _, _, err := w.run("--export", "--region", "cn-north-1", "admin"); err != nil {
		t.Fatal(err)
	}
	if w.calls.Load() != 3 {
		t.Errorf("a session was reused across partitions: %d calls", w.calls.Load())
	}
}

// TestAskedDurationIsItsOwnSession: asking for a different duration never
// silently returns a cached session of another length, even when the
// chaining cap makes both requests the same.
func TestAskedDurationIsItsOwnSession(t *testing.T) {
	w := newWorld(t)
	if _, _, err := w.run("--export", "deploy"); err != nil {
		t.Fatal(err)
	}
	_, errb, err := w.run("--export", "--duration", "2h", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	if w.calls.Load() != 3 || !strings.Contains(errb, "requesting 1h0m0s") {
		t.Errorf("--duration 2h on a chained hop: %d calls (want a new session) and stderr %q (want the cap said)", w.calls.Load(), errb)
	}
}

// TestWhoamiHonoursIgnoreConfiguredEndpoints: the shell's own keys are
// checked against the endpoint the SDKs would use, so with
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true AWS_ENDPOINT_URL_STS is not it.
func TestWhoamiHonoursIgnoreConfiguredEndpoints(t *testing.T) {
	w := newWorld(t)
	shell, _, err := w.run("--export", "admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		w.env[k] = exported(t, shell, k)
	}
	var endpoint string
	f, _, _ := testFactory(w.env, false)
	f.NewSTS = func(ctx context.Context, o assume.ClientOptions) (assume.STS, error) {
		endpoint = o.Endpoint
		return assume.NewSDKClient(ctx, o)
	}
	w.env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
	w.env["AWS_EC2_METADATA_DISABLED"] = "true"
	root := newRootCmd(f)
	root.SetArgs([]string{"whoami", "--timeout", "1s"})
	_ = root.Execute() // the real STS is unreachable here: only where it went matters
	if endpoint != "" {
		t.Errorf("whoami used %q although configured endpoints are ignored", endpoint)
	}
}
