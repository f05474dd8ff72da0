package e2e

import (
	"bufio"
	"encoding/base64"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
)

// hangGuard bounds a run that should end on its own: it only catches a
// hang, it measures nothing.
const hangGuard = 60 * time.Second

// runGuarded runs the binary and fails the test if it outlives hangGuard.
func runGuarded(t *testing.T, sb *sandbox, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- sb.run(args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(hangGuard):
		t.Fatalf("assume %q still running after %s", args, hangGuard)
		return result{}
	}
}

// mustFailOnLastLine is mustFailCleanly for chains, whose plan notices
// (a hop capped at 1h) come before the error: non-zero exit, nothing on
// stdout, and the last stderr line holds the error with every want.
func mustFailOnLastLine(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.Code == 0 {
		t.Fatalf("expected failure, got exit 0\nstdout: %s\nstderr: %s", r.Stdout, r.Stderr)
	}
	if r.Stdout != "" {
		t.Fatalf("failure printed on stdout (would be eval'ed): %q", r.Stdout)
	}
	lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !strings.Contains(l, "requesting 1h0m0s") {
			t.Errorf("stderr line before the error is not a plan notice: %q", l)
		}
	}
	last := lines[len(lines)-1]
	for _, w := range want {
		if !strings.Contains(last, w) {
			t.Errorf("error %q does not mention %q", last, w)
		}
	}
}

// sessionProfiles is the PROFILE column of `assume sessions`.
func sessionProfiles(t *testing.T, sb *sandbox) []string {
	t.Helper()
	r := mustSucceed(t, sb.run("sessions"))
	var out []string
	sc := bufio.NewScanner(strings.NewReader(r.Stdout))
	for first := true; sc.Scan(); first = false {
		if f := strings.Fields(sc.Text()); !first && len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

func TestFaultUnreachableEndpointIsNamed(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	for name, endpoint := range map[string]string{"closed port": closed, "unresolvable host": "http://sts.invalid"} {
		t.Run(name, func(t *testing.T) {
			sb, _ := strictSandbox(t, "")
			sb.Env["AWS_ENDPOINT_URL_STS"] = endpoint
			r := runGuarded(t, sb, "--export", "c")
			mustFailOnLastLine(t, r, `profile "a": hop 1/3`, "could not reach STS at "+endpoint)
			if got := sessionProfiles(t, sb); len(got) != 0 {
				t.Fatalf("a failed run cached %q", got)
			}
		})
	}
}

func TestFaultTimeoutFlagCutsAHungSTS(t *testing.T) {
	sb, s := strictSandbox(t, "")
	s.SetDelay(time.Hour)
	r := runGuarded(t, sb, "--timeout", "500ms", "--credential-process", "a")
	mustFailCleanly(t, r, `profile "a"`, "timeout", "--timeout", s.URL())
}

// Throttling and 5xx answers are retried by the real binary: the user
// sees credentials, STS sees the failed attempts plus one success.
func TestFaultThrottlingAndServerErrorsAreRetried(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
	}{{400, "Throttling"}, {500, "InternalFailure"}, {503, "ServiceUnavailable"}} {
		t.Run(tc.code, func(t *testing.T) {
			sb, s := strictSandbox(t, "")
			s.FailNext(2, tc.status, tc.code, "slow down")
			r := mustSucceed(t, runGuarded(t, sb, "--export", "a"))
			if !strings.Contains(r.Stdout, "AWS_SESSION_TOKEN") {
				t.Fatalf("no credentials: %q", r.Stdout)
			}
			if n := s.Calls("AssumeRole"); n != 3 {
				t.Fatalf("AssumeRole calls = %d, want 3 (2 failed + 1)", n)
			}
		})
	}
}

// A 3-hop chain whose 3rd hop is denied: nothing on stdout, hops 1-2
// cached, nothing for hop 3; once the config is fixed, only hop 3 calls STS.
func TestFaultDeniedThirdHopKeepsTheFirstTwo(t *testing.T) {
	// d: a -> b -> a role that only trusts alice.
	sb, s := strictSandbox(t, "\n[profile d]\nrole_arn = "+roleMFA+"\nsource_profile = b\n")
	r := runGuarded(t, sb, "--export", "d")
	mustFailOnLastLine(t, r, `profile "d": hop 3/3`, "AccessDenied", roleMFA)
	if got := strings.Join(sessionProfiles(t, sb), " "); got != "a b" && got != "b a" {
		t.Fatalf("sessions after the denied hop: %q, want a and b only", got)
	}

	cfg := readFile(t, sb.Env["AWS_CONFIG_FILE"])
	fixed := strings.Replace(cfg, "[profile d]\nrole_arn = "+roleMFA, "[profile d]\nrole_arn = "+roleC, 1)
	if fixed == cfg {
		t.Fatal("could not fix the config")
	}
	if err := os.WriteFile(sb.Env["AWS_CONFIG_FILE"], []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	before := s.Requests()
	r = mustSucceed(t, runGuarded(t, sb, "--export", "d"))
	if !strings.Contains(r.Stdout, "AWS_SESSION_TOKEN") {
		t.Fatalf("no credentials: %q", r.Stdout)
	}
	after := s.Requests()[len(before):]
	if len(after) != 1 || after[0].RoleARN != roleC || after[0].Status != 200 {
		t.Fatalf("the retry made %d STS requests (%+v), want one AssumeRole of %s", len(after), after, roleC)
	}
	if got := sessionProfiles(t, sb); len(got) != 3 {
		t.Fatalf("sessions after the fix: %q, want a, b and d", got)
	}
}

// Credentials that are already expired by the local clock (the fake STS's
// clock is two days behind) are never exported.
func TestFaultSkewedClockRefusesExpiredCredentials(t *testing.T) {
	for _, mode := range [][]string{{"--export"}, {"--credential-process"}, {"--format", "fish", "--export"}} {
		t.Run(mode[0], func(t *testing.T) {
			sb, s := strictSandbox(t, "")
			s.SetNow(func() time.Time { return time.Now().Add(-48 * time.Hour) })
			r := runGuarded(t, sb, append(mode, "c")...)
			mustFailOnLastLine(t, r, `profile "c"`, "expired", "clock")
			if s.Calls("AssumeRole") == 0 {
				t.Fatal("failed before calling STS: not the clock check")
			}
		})
	}
}

func remount(t *testing.T, dir, opts string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s %s: %v: %s", dir, opts, err, out)
	}
}

// A keyring on a full or read-only filesystem: the run still prints
// working credentials, with exactly one warning naming the cause.
func TestFaultKeyringOnFullOrReadOnlyDisk(t *testing.T) {
	for _, tc := range []struct {
		name, cause string
		spoil       func(t *testing.T, mnt string)
	}{
		{"full", "no space left on device", func(t *testing.T, mnt string) {
			f, err := os.Create(filepath.Join(mnt, "filler"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			buf := make([]byte, 4096)
			for {
				if _, err := f.Write(buf); err != nil {
					if !errors.Is(err, syscall.ENOSPC) {
						t.Fatal(err)
					}
					return
				}
			}
		}},
		{"read-only", "read-only file system", func(t *testing.T, mnt string) { remount(t, mnt, "ro") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb, s := strictSandbox(t, "")
			mnt := testenv.MountTmpfs(t, "size=64k,mode=0700")
			dir := filepath.Join(mnt, "kr")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			sb.Env["ASSUME_KEYRING_FILE_DIR"] = dir
			tc.spoil(t, mnt)
			r := mustSucceed(t, runGuarded(t, sb, "--export", "c"))
			if n := strings.Count(r.Stderr, "warning"); n != 1 || !strings.Contains(r.Stderr, tc.cause) {
				t.Fatalf("want one warning naming %q, got %q", tc.cause, r.Stderr)
			}
			// The printed credentials are the real ones: bash evals them
			// and STS recognises role c.
			sb.Env["ASSUME_TEST_EXPORTS"] = r.Stdout
			who := mustSucceed(t, sb.bash(`eval "$ASSUME_TEST_EXPORTS" && assume whoami`))
			if !strings.Contains(who.Stdout, "assumed-role/c/") {
				t.Fatalf("whoami with the printed credentials: %s", who.Stdout)
			}
			if n := s.Calls("AssumeRole"); n != 3 {
				t.Fatalf("AssumeRole calls = %d, want 3", n)
			}
			if names, _ := os.ReadDir(dir); len(names) != 0 {
				t.Fatalf("left %d files in the keyring dir", len(names))
			}
		})
	}
}

// A cached item whose file is damaged is discarded with one warning and
// refetched; the chain's other hops still come from the cache.
func TestFaultCorruptedCacheFileIsRefetched(t *testing.T) {
	sb, s := strictSandbox(t, "")
	dir := withFileKeyring(t, sb)
	mustSucceed(t, sb.run("--export", "c"))
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 3 {
		t.Fatalf("%d cached items (%v), want 3", len(entries), err)
	}
	var victim string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "."+b64url("c")+"."+b64url(roleC)) {
			victim = filepath.Join(dir, e.Name())
		}
	}
	if victim == "" {
		t.Fatalf("no item for hop c among %v", entries)
	}
	if err := os.WriteFile(victim, []byte("eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJlbmMiOiJBMjU2R0NNIn0.cut"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustSucceed(t, runGuarded(t, sb, "--export", "c"))
	if n := strings.Count(r.Stderr, "warning"); n != 1 || !strings.Contains(r.Stderr, "discarding") {
		t.Fatalf("want one discard warning, got %q", r.Stderr)
	}
	if n := s.Calls("AssumeRole"); n != 4 {
		t.Fatalf("AssumeRole calls = %d, want 4 (3 + the corrupted hop)", n)
	}
	r = mustSucceed(t, runGuarded(t, sb, "--export", "c"))
	if strings.Contains(r.Stderr, "warning") || s.Calls("AssumeRole") != 4 {
		t.Fatalf("third run not a clean hit: %d calls, stderr %q", s.Calls("AssumeRole"), r.Stderr)
	}
}

// b64url is how item names carry profile and role names.
func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// The run refused above must not leave its already-expired sessions in the
// keyring either: nothing usable was issued, so nothing may be cached.
func TestFaultSkewedClockCachesNothing(t *testing.T) {
	sb, s := strictSandbox(t, "")
	s.SetNow(func() time.Time { return time.Now().Add(-48 * time.Hour) })
	mustFailOnLastLine(t, runGuarded(t, sb, "--export", "c"), "clock")
	if got := sessionProfiles(t, sb); len(got) != 0 {
		t.Fatalf("a run refused for the clock cached %q", got)
	}
}
