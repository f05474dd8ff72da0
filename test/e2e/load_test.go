package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/pkg/keyrings"
)

// TestLoadThousandSequentialCacheHits: once the chain is cached, 1,000
// credential_process calls in a row are all answered from the cache:
// the same credentials every time, no warning, no STS request.
func TestLoadThousandSequentialCacheHits(t *testing.T) {
	sb, s := strictSandbox(t, "")
	first := mustSucceed(t, sb.run("--credential-process", "c"))
	warm := len(s.Requests())
	if warm != 3 {
		t.Fatalf("warm-up made %d STS requests, want 3", warm)
	}
	const n = 1000
	start := time.Now()
	for i := 0; i < n; i++ {
		r := sb.run("--credential-process", "c")
		if r.Code != 0 || r.Stdout != first.Stdout || strings.Contains(r.Stderr, "warning") {
			t.Fatalf("run %d: exit %d, same output %v, stderr %q", i, r.Code, r.Stdout == first.Stdout, r.Stderr)
		}
	}
	elapsed := time.Since(start)
	t.Logf("%d sequential cache hits: %s (%s each)", n, elapsed.Round(time.Millisecond), (elapsed / n).Round(10*time.Microsecond))
	if got := len(s.Requests()); got != warm {
		t.Fatalf("%d STS requests during %d cache hits", got-warm, n)
	}
}

var (
	exportKeyRe = regexp.MustCompile(`(?m)^export AWS_ACCESS_KEY_ID='([^']+)'$`)
	execKeyRe   = regexp.MustCompile(`(?m)^KEY=(\S+)$`)
)

// accessKeyOf extracts the access key id a caller received, whatever its mode.
func accessKeyOf(t *testing.T, mode string, r result) string {
	t.Helper()
	switch mode {
	case "export":
		if m := exportKeyRe.FindStringSubmatch(r.Stdout); m != nil {
			return m[1]
		}
	case "exec":
		if m := execKeyRe.FindStringSubmatch(r.Stdout); m != nil {
			return m[1]
		}
	case "process":
		var out struct{ AccessKeyId, SessionToken string }
		if json.Unmarshal([]byte(r.Stdout), &out) == nil && out.SessionToken != "" {
			return out.AccessKeyId
		}
	}
	t.Fatalf("%s caller: no access key in %q", mode, r.Stdout)
	return ""
}

// cacheKeyOf is what determines a session, as STS saw it (but for the
// region, which callers must keep the same).
func cacheKeyOf(r fakests.Request) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%s", r.Action, r.RoleARN, r.RoleSessionName, r.ExternalID, r.DurationSeconds, r.SerialNumber)
}

// TestLoadSixtyFourMixedCallers: 64 processes at once, mixing export, exec
// and credential_process over five profiles (chains sharing hops, an MFA
// role with a single-use code). Every caller succeeds, callers of a profile
// get the same session, STS sees each session requested exactly once, and
// afterwards every cached item decrypts and a second round is all hits.
func TestLoadSixtyFourMixedCallers(t *testing.T) {
	sb, s := strictSandbox(t, "\n[profile c2]\nrole_arn = "+roleC+"\nsource_profile = b\nrole_session_name = sibling\n")
	dir := withFileKeyring(t, sb)
	// The cache key includes the region (c sets eu-central-1), which the
	// fake does not record: one region for all makes the STS parameters
	// below identify the cache key exactly.
	sb.Env["AWS_REGION"] = "eu-central-1"
	profiles := []string{"a", "b", "c", "c2", "mfa"}
	modes := []string{"export", "exec", "process"}
	args := func(profile, mode string) []string {
		var a []string
		if profile == "mfa" {
			a = append(a, "--mfa-token", "123456") // usable once: only one caller may spend it
		}
		switch mode {
		case "export":
			return append(a, "--export", "--format", "sh", profile)
		case "exec":
			return append(a, profile, "--", "sh", "-c", `printf 'KEY=%s\n' "$AWS_ACCESS_KEY_ID"`)
		}
		return append(a, "--credential-process", profile)
	}

	round := func(label string) map[string]string {
		const n = 64
		type call struct {
			profile, mode string
			r             result
		}
		calls := make([]call, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range calls {
			calls[i].profile, calls[i].mode = profiles[i%len(profiles)], modes[(i/len(profiles))%len(modes)]
			wg.Add(1)
			go func(c *call) {
				defer wg.Done()
				<-start
				c.r = sb.run(args(c.profile, c.mode)...)
			}(&calls[i])
		}
		began := time.Now()
		close(start)
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Minute): // hang guard only
			t.Fatalf("%s: 64 callers still running after 5 minutes", label)
		}
		t.Logf("%s: 64 mixed callers in %s", label, time.Since(began).Round(time.Millisecond))
		keys := map[string]string{}
		for i, c := range calls {
			if c.r.Code != 0 || strings.Contains(c.r.Stderr, "warning") {
				t.Fatalf("%s: caller %d (%s %s): exit %d, stderr %q", label, i, c.mode, c.profile, c.r.Code, c.r.Stderr)
			}
			k := accessKeyOf(t, c.mode, c.r)
			if prev, ok := keys[c.profile]; ok && prev != k {
				t.Fatalf("%s: callers of %s got different sessions (%s, %s)", label, c.profile, prev, k)
			}
			keys[c.profile] = k
		}
		return keys
	}

	firstKeys := round("round 1")
	reqs := s.Requests()
	perKey := map[string]int{}
	for _, r := range reqs {
		if r.Status != 200 {
			t.Errorf("STS answered %d %s to %s %s", r.Status, r.ErrorCode, r.Action, r.RoleARN)
		}
		perKey[cacheKeyOf(r)]++
	}
	for k, n := range perKey {
		if n != 1 {
			t.Errorf("%d STS requests for one session (%s), want 1", n, k)
		}
	}
	// a, b, c, c2, and mfa's role session signed by its MFA session
	// (GetSessionToken): the shared hops a and b once each.
	if len(reqs) != 6 {
		t.Fatalf("%d STS requests, want 6 (one per distinct session): %v", len(reqs), perKey)
	}

	// Every item in the keyring decrypts and holds a session.
	ring, _, err := keyrings.Open(keyrings.Config{
		Backend: "file", FileDir: dir,
		Passphrase: func() (string, error) { return sb.Env["ASSUME_KEYRING_PASSPHRASE"], nil },
		Getenv:     func(k string) string { return sb.Env[k] },
	})
	if err != nil {
		t.Fatal(err)
	}
	names, err := ring.Keys()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(reqs) {
		t.Fatalf("%d keyring items, want %d, one per session: %q", len(names), len(reqs), names)
	}
	for _, name := range names {
		checkItem(t, ring, name)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(names) {
		t.Fatalf("%d files in %s for %d items: leftover temporary files", len(entries), filepath.Base(dir), len(names))
	}
	listed := sessionProfiles(t, sb)
	sort.Strings(listed)
	// alice: the MFA session on alice's device that signs mfa's role call
	if strings.Join(listed, " ") != "a alice b c c2 mfa" {
		t.Fatalf("assume sessions lists %q", listed)
	}

	// A second round is all hits: same sessions, no STS request, and the
	// MFA code (already spent) is not needed.
	secondKeys := round("round 2")
	if got := len(s.Requests()); got != len(reqs) {
		t.Fatalf("second round made %d STS requests, want 0", got-len(reqs))
	}
	for p, k := range firstKeys {
		if secondKeys[p] != k {
			t.Fatalf("second round gave %s another session", p)
		}
	}
}

// checkItem decrypts one keyring item and checks it holds a session.
func checkItem(t *testing.T, ring keyring.Keyring, name string) {
	t.Helper()
	it, err := ring.Get(name)
	if err != nil {
		t.Fatalf("item %s does not decrypt: %v", name, err)
	}
	var p struct{ AccessKeyId, SecretAccessKey, SessionToken string }
	if err := json.Unmarshal(it.Data, &p); err != nil || p.AccessKeyId == "" || p.SecretAccessKey == "" || p.SessionToken == "" {
		t.Fatalf("item %s holds no session (%v)", name, err)
	}
}
