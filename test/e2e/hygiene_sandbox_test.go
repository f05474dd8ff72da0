package e2e

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

// The hygiene tests run assume with --debug against the strict fake STS
// and look for every secret of the session everywhere assume writes.

// Distinctive values, so a match is never a coincidence.
const (
	hygienePassphrase = "hygiene keyring passphrase 7f3a"
	// A long-term key stored with `assume keys add` (never sent to STS).
	keysAddID     = "AKIAHYGIENEKEYSADD01"
	keysAddSecret = "hYgIeNe0KeYsAdDsEcReT0wJalrXUtnFEMI0K7MQ"
)

// MFA codes the fake accepts once each, one per use in the tests.
var hygieneMFACodes = []string{"731946", "284615", "590372", "846201", "317594", "962840"}

// secretSet collects every secret of a test: those assume is given and
// those the fake STS issues, read off its responses by a proxy.
type secretSet struct {
	mu   sync.Mutex
	vals map[string]string // value → what it is
}

func (s *secretSet) add(what string, vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		if v != "" {
			s.vals[v] = what
		}
	}
}

func (s *secretSet) snapshot() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.vals))
	for k, v := range s.vals {
		out[k] = v
	}
	return out
}

// count is how many issued session secrets were seen (sanity check).
func (s *secretSet) count(what string) int {
	n := 0
	for _, w := range s.snapshot() {
		if w == what {
			n++
		}
	}
	return n
}

// hygiene is a strict sandbox with --debug on, an STS proxy recording the
// secrets issued, and a scratch directory outside HOME for the tests' own
// files (so HOME holds only what assume and the sandbox wrote).
type hygiene struct {
	*sandbox
	sts     *fakests.Server
	secrets *secretSet
	scratch string
}

var stsSecretRe = regexp.MustCompile(`<(SecretAccessKey|SessionToken)>([^<]+)</`)

func newHygiene(t *testing.T) *hygiene {
	t.Helper()
	scratch := t.TempDir()
	extra := fmt.Sprintf(`
[profile mfaproc]
role_arn = %s
source_profile = alice
mfa_serial = %s
mfa_process = sh -c 'tr "\0" " " < /proc/$$/cmdline >> %s; echo >> %s; cat %s'

[profile alice-mfa]
mfa_serial = %s

[profile viamfa]
role_arn = %s
source_profile = alice-mfa

[profile proc]
credential_process = sh -c 'tr "\0" " " < /proc/$$/cmdline >> %s; echo >> %s; cat %s'

[profile viaproc]
role_arn = %s
source_profile = proc
external_id = ext-a
`, roleMFA, aliceMFA, filepath.Join(scratch, "argv"), filepath.Join(scratch, "argv"), filepath.Join(scratch, "mfa-code"),
		aliceMFA, roleMFA,
		filepath.Join(scratch, "argv"), filepath.Join(scratch, "argv"), filepath.Join(scratch, "process.json"),
		roleA)
	sb, s := strictSandbox(t, extra)
	s.AddMFADevice(aliceMFA, hygieneMFACodes...)
	h := &hygiene{sandbox: sb, sts: s, secrets: &secretSet{vals: map[string]string{}}, scratch: scratch}

	// alice's long-term keys also live in the credentials file of alice-mfa
	// and are handed out by the credential_process of proc.
	credsText := readFile(t, sb.Env["AWS_SHARED_CREDENTIALS_FILE"])
	akid := hygieneField(t, credsText, "aws_access_key_id")
	secret := hygieneField(t, credsText, "aws_secret_access_key")
	hygieneAppend(t, sb.Env["AWS_SHARED_CREDENTIALS_FILE"], fmt.Sprintf("\n[alice-mfa]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	hygieneWrite(t, filepath.Join(scratch, "process.json"), fmt.Sprintf(`{"Version": 1, "AccessKeyId": %q, "SecretAccessKey": %q}`, akid, secret))
	hygieneWrite(t, filepath.Join(scratch, "mfa-code"), hygieneMFACodes[0]+"\n")
	h.secrets.add("long-term secret access key", secret)
	h.secrets.add("keyring passphrase", hygienePassphrase)
	h.secrets.add("keys add secret", keysAddSecret)
	for _, c := range hygieneMFACodes {
		h.secrets.add("MFA code", c)
	}
	// The sandbox's fixed codes are too common a pattern to search for
	// (123456 could be any number); the tests here use only the ones above.

	sb.Env["ASSUME_KEYRING_PASSPHRASE"] = hygienePassphrase
	sb.Env["ASSUME_DEBUG"] = "1"
	sb.Env["AWS_ENDPOINT_URL_STS"] = h.proxy(t, s.URL())
	return h
}

// proxy forwards to the fake STS and records each secret it issues.
func (h *hygiene) proxy(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		for _, m := range stsSecretRe.FindAllStringSubmatch(string(body), -1) {
			var text string // XML-unescape, as the SDK reads it
			if err := xml.Unmarshal([]byte("<x>"+m[2]+"</x>"), &text); err != nil {
				text = m[2]
			}
			h.secrets.add("issued "+m[1], text)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// assertClean fails when text holds any secret, or 32 characters of a
// long one (a truncated token leaks too). where names the stream.
func (h *hygiene) assertClean(t *testing.T, where, text string) {
	t.Helper()
	for v, what := range h.secrets.snapshot() {
		for _, piece := range secretPieces(v) {
			if strings.Contains(text, piece) {
				t.Errorf("%s holds a secret (%s)", where, what)
				break
			}
		}
	}
}

// secretPieces is the value itself and, for long values, overlapping
// 32-character windows, so any leaked run of 48 characters is caught.
func secretPieces(v string) []string {
	const width, step = 32, 16
	out := []string{v}
	if len(v) < 40 {
		return out
	}
	for i := 0; i+width <= len(v); i += step {
		out = append(out, v[i:i+width])
	}
	return append(out, v[len(v)-width:])
}

// runClean runs assume and asserts stderr is clean; stdout is checked too
// unless printing credentials is the command's job.
func (h *hygiene) runClean(t *testing.T, stdoutMayHoldSecrets bool, args ...string) result {
	t.Helper()
	r := h.run(args...)
	h.checkResult(t, r, stdoutMayHoldSecrets, args)
	return r
}

func (h *hygiene) checkResult(t *testing.T, r result, stdoutMayHoldSecrets bool, args []string) {
	t.Helper()
	name := strings.Join(args, " ")
	h.assertClean(t, "stderr of `assume "+name+"`", r.Stderr)
	if !stdoutMayHoldSecrets {
		h.assertClean(t, "stdout of `assume "+name+"`", r.Stdout)
	}
	if !strings.Contains(r.Stderr, "assume: debug") {
		t.Errorf("`assume %s`: no debug output on stderr:\n%s", name, r.Stderr)
	}
}

func hygieneField(t *testing.T, ini, key string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + ` = (\S+)$`).FindStringSubmatch(ini)
	if m == nil {
		t.Fatalf("no %s in %q", key, ini)
	}
	return m[1]
}

func hygieneAppend(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func hygieneWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
