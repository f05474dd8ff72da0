package e2e

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakesso"
	"github.com/assume-cli/assume/internal/fakests"
)

const (
	ssoStartURL = "https://corp.awsapps.com/start"
	ssoAccount  = "111111111111"
	ssoRoleName = "AdministratorAccess"
	deployARN   = "arn:aws:iam::555555555555:role/deploy"
)

// ssoWorld is a home whose config has [sso-session corp], a profile for
// one of its roles and a role chained from it, served by a fake Identity
// Center whose role credentials the strict fake STS accepts; BROWSER is a
// scripted browser (curl following the redirects, as a signed-in
// person's browser does) that logs its arguments.
type ssoWorld struct {
	*sandbox
	sts     *fakests.Server
	fake    *fakesso.Server
	argvLog string
}

func newSSOWorld(t *testing.T, extra string) *ssoWorld {
	t.Helper()
	curl := requireTool(t, "curl")
	sts := fakests.New(t)
	fake := fakesso.New(t, fakesso.Options{StartURL: ssoStartURL, Region: "eu-west-1", Issuer: sts})
	fake.AddAccount(ssoAccount, "prod", ssoRoleName, "ReadOnly")
	sts.AddRole(fakests.Role{ARN: deployARN, Trust: []string{fakesso.RoleARN(ssoAccount, ssoRoleName)}, MaxSessionDuration: 12 * time.Hour})
	config := fmt.Sprintf(`[sso-session corp]
sso_start_url = %s
sso_region = eu-west-1

[profile prod-admin]
sso_session = corp
sso_account_id = %s
sso_role_name = %s
region = eu-west-1

[profile deploy]
role_arn = %s
source_profile = prod-admin
duration_seconds = 7200
%s`, ssoStartURL, ssoAccount, ssoRoleName, deployARN, extra)
	sb := newSandbox(t, config, "")
	w := &ssoWorld{sandbox: sb, sts: sts, fake: fake, argvLog: filepath.Join(sb.Home, "browser-argv")}
	browser := filepath.Join(sb.Home, "browser")
	script := fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$*\" >> %s\nexec %s -fsSL -o /dev/null \"$1\"\n", w.argvLog, curl)
	if err := os.WriteFile(browser, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	sb.Env["BROWSER"] = browser
	sb.Env["AWS_ENDPOINT_URL_SSO_OIDC"] = fake.URL()
	sb.Env["AWS_ENDPOINT_URL_SSO"] = fake.URL()
	sb.Env["AWS_ENDPOINT_URL_STS"] = sts.URL()
	return w
}

// tokenFile is the AWS CLI v2's cache file of sso-session corp.
func (w *ssoWorld) tokenFile() string {
	sum := sha1.Sum([]byte("corp"))
	return filepath.Join(w.Home, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json")
}

func (w *ssoWorld) token(t *testing.T) map[string]string {
	t.Helper()
	var tok map[string]string
	if err := json.Unmarshal([]byte(readFile(t, w.tokenFile())), &tok); err != nil {
		t.Fatal(err)
	}
	return tok
}

func (w *ssoWorld) browserRuns(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(w.argvLog)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func (w *ssoWorld) login(t *testing.T, args ...string) result {
	t.Helper()
	return mustSucceed(t, w.run(append([]string{"login"}, args...)...))
}

// syncBuffer is a bytes.Buffer safe for a process writing while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// background starts the binary; wait returns its result.
func (sb *sandbox) background(args ...string) (cmd *exec.Cmd, stderr *syncBuffer, wait func() result) {
	sb.t.Helper()
	cmd = exec.Command(binary, args...)
	cmd.Env = sb.environ()
	cmd.Dir = sb.Home
	var out bytes.Buffer
	stderr = &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Start(); err != nil {
		sb.t.Fatal(err)
	}
	done := make(chan result, 1)
	go func() {
		err := cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		done <- result{Stdout: out.String(), Stderr: stderr.String(), Code: code}
	}()
	return cmd, stderr, func() result {
		select {
		case r := <-done:
			return r
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Kill()
			sb.t.Fatalf("%v did not finish; stderr: %s", args, stderr.String())
			return result{}
		}
	}
}

// waitOutput waits for want to appear in a growing buffer.
func waitOutput(t *testing.T, buf *syncBuffer, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if s := buf.String(); strings.Contains(s, want) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("never saw %q in:\n%s", want, buf.String())
	return ""
}

// checkPrivateTree: every directory under root is 0700, every file 0600.
func checkPrivateTree(t *testing.T, root string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		} else {
			files++
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %04o, want %04o", path, info.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("walking %s: %v (%d files)", root, err, files)
	}
}

// mustFailAfterPrompt is the failure contract of a sign-in, whose prompt
// (the URL to open) comes first: non-zero exit, nothing on stdout, and
// the last stderr line is the whole error.
func mustFailAfterPrompt(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.Code == 0 || r.Stdout != "" {
		t.Fatalf("exit %d, stdout %q (want a failure and nothing on stdout)\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
	lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "assume: ") {
		t.Errorf("last stderr line %q is not the error", last)
	}
	for _, w := range want {
		if !strings.Contains(last, w) {
			t.Errorf("error %q does not mention %q", last, w)
		}
	}
}
