//go:build linux

package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

// An endpoint that is hostile, or a proxy intercepting the connection:
// answers without end, oversized credentials, error messages that echo the
// request. assume must fail with one line, bounded memory, nothing on
// stdout and no secret in the error.

// hostileSandbox has alice's static keys and profile a (one hop) pointed at
// endpoint.
func hostileSandbox(t *testing.T, endpoint string) *sandbox {
	t.Helper()
	sb := newSandbox(t, fmt.Sprintf("[profile a]\nrole_arn = %s\nsource_profile = alice\n", roleA),
		"[alice]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
	sb.Env["AWS_ENDPOINT_URL_STS"] = endpoint
	return sb
}

// runMeasured runs the binary and also returns its peak resident memory.
func (sb *sandbox) runMeasured(t *testing.T, args ...string) (result, int64) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env, cmd.Dir = sb.environ(), sb.Home
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	maxRSS := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // KiB on Linux
	return result{Stdout: out.String(), Stderr: errb.String(), Code: cmd.ProcessState.ExitCode()}, maxRSS
}

// streamingSTS answers every request 200 with head, then body bytes of
// filler (n < 0: without end), then tail.
func streamingSTS(t *testing.T, head string, n int64, tail string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml")
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		chunk := bytes.Repeat([]byte("A"), 64<<10)
		for sent := int64(0); n < 0 || sent < n; sent += int64(len(chunk)) {
			if n >= 0 && n-sent < int64(len(chunk)) {
				chunk = chunk[:n-sent]
			}
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up
			}
		}
		_, _ = io.WriteString(w, tail)
	}))
	t.Cleanup(srv.Close)
	return srv
}

const (
	assumeRoleHead = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
		`<AccessKeyId>ASIAHOSTILE000000001</AccessKeyId><SecretAccessKey>hostile-secret</SecretAccessKey><SessionToken>`
	assumeRoleTail = `</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
		`<AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/a/x</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>` +
		`</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`
)

func TestEndlessAnswerFailsOnOneLineWithBoundedMemory(t *testing.T) {
	t.Parallel()
	srv := streamingSTS(t, assumeRoleHead, -1, "")
	sb := hostileSandbox(t, srv.URL)
	r, rss := sb.runMeasured(t, "--export", "--no-cache", "--timeout", "5s", "a")
	mustFailCleanly(t, r, `profile "a"`, strings.TrimPrefix(srv.URL, "http://"), "larger than")
	if rss > 200<<20 {
		t.Fatalf("peak memory %d MiB reading an endless answer, want well under 200", rss>>20)
	}
}

func TestOversizedSessionTokensAreRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		bytes int64
		want  string
	}{
		{"100 MiB", 100 << 20, "larger than"},                  // the response cap
		{"128 KiB", 128 << 10, "SessionToken of 131072 bytes"}, // the value cap
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := streamingSTS(t, assumeRoleHead, tc.bytes, assumeRoleTail)
			sb := hostileSandbox(t, srv.URL)
			mustFailCleanly(t, sb.run("--export", "a"), `profile "a"`, tc.want)
			if r := mustSucceed(t, sb.run("sessions")); strings.Count(r.Stdout, "\n") != 1 {
				t.Fatalf("a refused session was cached:\n%s", r.Stdout)
			}
		})
	}
	t.Run("credential_process", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, fmt.Sprintf("[profile big]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"ASIAHOSTILE000000001\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"%%s\"}' \"$(head -c 131072 /dev/zero | tr '\\0' A)\"\n"), "")
		mustFailCleanly(t, sb.run("--export", "big"), `profile "big"`, "SessionToken of 131072 bytes")
	})
}

var (
	tokenElement  = regexp.MustCompile(`<SessionToken>[^<]*</SessionToken>`)
	secretElement = regexp.MustCompile(`<SecretAccessKey>[^<]*</SecretAccessKey>`)
)

// echoingSTS passes hop 1 (signed with long-term keys) to the strict fake,
// handing back credentials no shape rule would recognise, and answers any
// request signed with a session token with an error that echoes the request
// (headers, body) and hop 1's secret key, as an intercepting proxy may.
func echoingSTS(t *testing.T, s *fakests.Server, hop1Token, hop1Secret string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Amz-Security-Token") != "" {
			var msg bytes.Buffer
			_ = xml.EscapeText(&msg, []byte(fmt.Sprintf("request refused: %v %s (signed with secret %s)", r.Header, body, hop1Secret)))
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>%s</Message></Error><RequestId>echo</RequestId></ErrorResponse>`, msg.String())
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		out := tokenElement.ReplaceAllString(rec.Body.String(), "<SessionToken>"+hop1Token+"</SessionToken>")
		out = secretElement.ReplaceAllString(out, "<SecretAccessKey>"+hop1Secret+"</SecretAccessKey>")
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(rec.Code)
		io.WriteString(w, out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestErrorEchoingTheRequestShowsNoSecret(t *testing.T) {
	const roleEcho = "arn:aws:iam::333333333333:role/echo"
	for _, debug := range []bool{false, true} {
		t.Run(fmt.Sprintf("debug=%v", debug), func(t *testing.T) {
			t.Parallel()
			sb, s := strictSandbox(t, fmt.Sprintf("\n[profile echo]\nrole_arn = %s\nsource_profile = a\nmfa_serial = %s\n", roleEcho, aliceMFA))
			nonce := make([]byte, 8)
			_, _ = rand.Read(nonce)
			// Dots and dashes: neither looks like a key or a token.
			hop1Token := "hop1.session-token." + hex.EncodeToString(nonce) + ".end"
			hop1Secret := "hop1.secret-key." + hex.EncodeToString(nonce)
			sb.Env["AWS_ENDPOINT_URL_STS"] = echoingSTS(t, s, hop1Token, hop1Secret).URL
			args := []string{"--export", "--no-cache", "--mfa-token", "654321", "echo"}
			if debug {
				args = append([]string{"--debug"}, args...)
			}
			r := sb.run(args...)
			if debug {
				if r.Code == 0 || r.Stdout != "" {
					t.Fatalf("exit %d, stdout %q", r.Code, r.Stdout)
				}
			} else {
				mustFailCleanly(t, r, `profile "echo"`, "hop 2/2", "AccessDenied", "request refused", "[REDACTED]")
			}
			var final string // the error line, after any debug lines
			for _, line := range strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n") {
				if !strings.HasPrefix(line, "assume: debug ") {
					final = line
				}
			}
			if !strings.Contains(final, "AccessDenied") || !strings.Contains(final, "X-Amz-Security-Token") {
				t.Fatalf("the error line is not the echoed error: %q", final)
			}
			for what, secret := range map[string]string{"hop 1's session token": hop1Token, "hop 1's secret key": hop1Secret, "the MFA code": "654321"} {
				if strings.Contains(r.Stderr, secret) {
					t.Errorf("stderr holds %s:\n%s", what, r.Stderr)
				}
			}
		})
	}
}
