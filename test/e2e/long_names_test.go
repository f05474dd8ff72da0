package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

// ssoReservedRole is a legal role ARN of the kind IAM Identity Center
// creates; with a 34-character profile name its v1 item name took 291
// bytes, more than a file name may, so the file and pass backends failed
// every write and every run called STS (and asked for an MFA code).
const ssoReservedRole = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef"

const longProfile = "platform-production-administrators" // 34 characters

// longNamesSandbox has the long profile: the SSO role, MFA on the hop
// (--mfa-session=false sends a code with each role session), and an
// mfa_process that counts the codes it is asked for.
func longNamesSandbox(t *testing.T) (*sandbox, *fakests.Server, string) {
	t.Helper()
	if len(longProfile) != 34 {
		t.Fatalf("the profile name is %d characters", len(longProfile))
	}
	sb, s := strictSandbox(t, "")
	s.AddRole(fakests.Role{ARN: ssoReservedRole, Trust: []string{aliceARN}, RequireMFA: true})
	asked := filepath.Join(t.TempDir(), "codes")
	appendConfig(t, sb, fmt.Sprintf("\n[profile %s]\nrole_arn = %s\nsource_profile = alice\nmfa_serial = %s\nmfa_process = echo >> %s; echo 123456\n",
		longProfile, ssoReservedRole, aliceMFA, asked))
	return sb, s, asked
}

// cachedAndHit runs the long profile twice and checks the second run is
// answered from the cache: one AssumeRole, one MFA code, nothing on stderr,
// file names that fit under dir; then that it is listed and cleared.
func cachedAndHit(t *testing.T, sb *sandbox, s *fakests.Server, asked, dir string) {
	t.Helper()
	for i := 0; i < 2; i++ {
		r := mustSucceed(t, sb.run("--mfa-session=false", "--credential-process", longProfile))
		if r.Stderr != "" {
			t.Errorf("run %d printed on stderr: %s", i+1, r.Stderr)
		}
	}
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole calls = %d, want 1: the second run missed the cache", n)
	}
	if b, _ := os.ReadFile(asked); strings.Count(string(b), "\n") != 1 {
		t.Fatalf("%d MFA codes asked for, want 1", strings.Count(string(b), "\n"))
	}
	fileNamesFit(t, dir, 1)
	r := mustSucceed(t, sb.run("sessions"))
	if !strings.Contains(r.Stdout, longProfile) || !strings.Contains(r.Stdout, "arn:aws:iam::123456789012:role/…/AWSReservedSSO_AdministratorAccess_0123456789abcdef") {
		t.Errorf("sessions does not show the profile and role readably:\n%s", r.Stdout)
	}
	r = mustSucceed(t, sb.run("sessions", "clear", longProfile))
	if !strings.Contains(r.Stderr, "removed 1 cached session") {
		t.Errorf("sessions clear %s: %s", longProfile, r.Stderr)
	}
}

// fileNamesFit fails if a file under dir has a name longer than 255 bytes
// or there is none.
func fileNamesFit(t *testing.T, dir string, want int) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if len(d.Name()) > 255 {
			t.Errorf("%d-byte file name %s", len(d.Name()), d.Name())
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), "assume.v2.") {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("%d session item(s) under %s, want %d", n, dir, want)
	}
}

func TestLongSSORoleNameIsCachedInTheFileBackend(t *testing.T) {
	sb, s, asked := longNamesSandbox(t)
	cachedAndHit(t, sb, s, asked, withFileKeyring(t, sb))
}

// pass used to print gpg's "File name too long" on every run, too.
func TestLongSSORoleNameIsCachedInPassQuietly(t *testing.T) {
	sb, s, asked := longNamesSandbox(t)
	cachedAndHit(t, sb, s, asked, withPassStore(t, sb))
}
