package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// doctorFinding is the documented --json shape.
type doctorFinding struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Profile  string `json:"profile"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// noNetwork points every endpoint assume or an SDK could use at a listener
// that counts what reaches it; doctor must leave it at zero.
func noNetwork(t *testing.T, sb *sandbox) *atomic.Int64 {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "doctor must not call the network", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	for _, k := range []string{"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		sb.Env[k] = srv.URL
	}
	delete(sb.Env, "AWS_EC2_METADATA_DISABLED")
	return &hits
}

const doctorSecret = "wJalrXUtnFEMI/K7MDENG/doctorSECRET"

func TestDoctorOnABadSetup(t *testing.T) {
	config := `[default]
region = us-east-1

[profile loop-a]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111111111111:role/b
source_profile = loop-a

[profile typo]
role-arn = arn:aws:iam::111111111111:role/t
source_profile = alice

[profile badarn]
role_arn = arn:aws:iam::1111:role/x
source_profile = alice

[profile first]
role_arn = arn:aws:iam::111111111111:role/first
source_profile = alice

[profile second]
role_arn = arn:aws:iam::222222222222:role/second
source_profile = first
duration_seconds = 43200

[work]
region = eu-west-1
`
	sb := newSandbox(t, config, "[alice]\naws_access_key_id = AKIAEXAMPLEDOCTOR\naws_secret_access_key = "+doctorSecret+"\n")
	creds := sb.Env["AWS_SHARED_CREDENTIALS_FILE"]
	if err := os.Chmod(creds, 0o644); err != nil {
		t.Fatal(err)
	}
	hits := noNetwork(t, sb)
	cfg := sb.Env["AWS_CONFIG_FILE"]

	r := sb.run("doctor")
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
	for _, want := range []string{
		cfg + ":6  source-cycle", cfg + ":13  unknown-key", "did you mean role_arn?",
		cfg + ":17  invalid-role-arn", cfg + ":27  chain-cap", "hop 2 of alice -> first -> second",
		cfg + ":29  missing-profile-prefix", creds + "  credentials-file-mode", "chmod 600 " + creds,
		creds + ":2  plaintext-keys", "assume keys add alice",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	r = sb.run("doctor", "--json")
	if r.Code != 1 {
		t.Fatalf("--json: exit %d, want 1\nstderr: %s", r.Code, r.Stderr)
	}
	var fs []doctorFinding
	if err := json.Unmarshal([]byte(r.Stdout), &fs); err != nil {
		t.Fatalf("--json does not parse: %v\n%s", err, r.Stdout)
	}
	byCode := map[string]doctorFinding{}
	for _, f := range fs {
		byCode[f.Code] = f
	}
	if f := byCode["credentials-file-mode"]; f.Severity != "error" || f.File != creds {
		t.Errorf("credentials-file-mode: %+v", f)
	}
	if f := byCode["source-cycle"]; f.Severity != "error" || f.File != cfg || f.Line != 6 || f.Fix == "" {
		t.Errorf("source-cycle: %+v", f)
	}
	if f := byCode["keyring"]; !strings.Contains(f.Message, "file works") {
		t.Errorf("keyring: %+v", f)
	}
	for _, out := range []string{r.Stdout, r.Stderr} {
		if strings.Contains(out, doctorSecret) {
			t.Fatal("the secret access key reached doctor's output")
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("doctor made %d network requests", n)
	}
}

func TestDoctorOnACleanSetupExitsZero(t *testing.T) {
	sb := newSandbox(t, `[default]
region = us-east-1

[profile alice]
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::111111111111:role/admin
source_profile = alice
external_id = ext-1
duration_seconds = 43200
`, "")
	hits := noNetwork(t, sb)
	// alice's keys live in the keyring, the hook in ~/.bashrc.
	mustSucceed(t, sb.exec("sh", "-c", "printf 'AKIAEXAMPLECLEAN\\nsecret\\n' | "+binary+" keys add alice"))
	if err := os.WriteFile(filepath.Join(sb.Home, ".bashrc"), []byte("eval \"$(assume shell-init bash)\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustSucceed(t, sb.run("doctor", "--json"))
	var fs []doctorFinding
	if err := json.Unmarshal([]byte(r.Stdout), &fs); err != nil {
		t.Fatalf("--json does not parse: %v\n%s", err, r.Stdout)
	}
	codes := map[string]bool{}
	for _, f := range fs {
		codes[f.Code] = true
		if f.Severity != "info" {
			t.Errorf("clean setup has a %s: %+v", f.Severity, f)
		}
	}
	if !codes["keyring"] || !codes["shell-hook"] {
		t.Errorf("want the keyring and hook reported as info, got %+v", fs)
	}
	if r := sb.run("doctor"); r.Code != 0 || !strings.Contains(r.Stdout, "0 errors, 0 warnings") {
		t.Errorf("text report: exit %d\n%s", r.Code, r.Stdout)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("doctor made %d network requests", n)
	}
}
