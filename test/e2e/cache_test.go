package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// withFileKeyring points the sandbox at the encrypted file backend.
func withFileKeyring(t *testing.T, sb *sandbox) string {
	t.Helper()
	dir := filepath.Join(sb.Home, ".local", "share", "assume", "keyring")
	sb.Env["ASSUME_KEYRING_BACKEND"] = "file"
	sb.Env["ASSUME_KEYRING_FILE_DIR"] = dir
	sb.Env["ASSUME_KEYRING_PASSPHRASE"] = "correct horse battery staple"
	return dir
}

// parallel runs n copies of the binary at once and returns their results.
func parallel(t *testing.T, sb *sandbox, n int, args ...string) []result {
	t.Helper()
	out := make([]result, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i] = sb.run(args...)
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

func sameCredentials(t *testing.T, results []result) {
	t.Helper()
	var first map[string]any
	for i, r := range results {
		if r.Code != 0 {
			t.Fatalf("caller %d failed: %s", i, r.Stderr)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
			t.Fatalf("caller %d: not JSON: %q", i, r.Stdout)
		}
		if first == nil {
			first = got
		} else if got["AccessKeyId"] != first["AccessKeyId"] {
			t.Fatalf("caller %d got other credentials than caller 0", i)
		}
	}
}

func TestSixteenParallelCallersMakeOneSTSCall(t *testing.T) {
	sb, s := strictSandbox(t, "")
	withFileKeyring(t, sb)
	results := parallel(t, sb, 16, "--credential-process", "c")
	sameCredentials(t, results)
	if n := s.Calls("AssumeRole"); n != 3 {
		t.Fatalf("AssumeRole calls = %d, want 3 (one per hop of the chain, not per caller)", n)
	}
	// And a later caller is answered from the cache alone.
	mustSucceed(t, sb.run("--credential-process", "c"))
	if n := s.Calls("AssumeRole"); n != 3 {
		t.Fatalf("cache hit called STS: %d", n)
	}
}

func TestSixteenParallelCallersSpendOneMFACode(t *testing.T) {
	sb, s := strictSandbox(t, "")
	withFileKeyring(t, sb)
	results := parallel(t, sb, 16, "--credential-process", "--mfa-token", "123456", "mfa")
	sameCredentials(t, results)
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole calls = %d, want exactly 1", n)
	}
}

func TestEditingTheConfigMissesTheCache(t *testing.T) {
	sb, s := strictSandbox(t, "")
	withFileKeyring(t, sb)
	mustSucceed(t, sb.run("--export", "a"))
	mustSucceed(t, sb.run("--export", "a"))
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("second run not served from the cache: %d calls", n)
	}
	cfg := readFile(t, sb.Env["AWS_CONFIG_FILE"])
	if err := os.WriteFile(sb.Env["AWS_CONFIG_FILE"], []byte(strings.Replace(cfg, "external_id = ext-a", "external_id = ext-changed", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	// The fake refuses the new external id: a cached answer would hide that.
	mustFailCleanly(t, sb.run("--export", "a"), "AccessDenied")
	if n := s.Calls("AssumeRole"); n != 2 {
		t.Fatalf("edited external_id served from the cache (%d calls)", n)
	}
}

func TestNoCacheAlwaysCallsSTSAndStoresNothing(t *testing.T) {
	sb, s := strictSandbox(t, "")
	dir := withFileKeyring(t, sb)
	mustSucceed(t, sb.run("--no-cache", "--export", "a"))
	mustSucceed(t, sb.run("--no-cache", "--export", "a"))
	if n := s.Calls("AssumeRole"); n != 2 {
		t.Fatalf("--no-cache: %d AssumeRole calls, want 2", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("--no-cache stored %d items", len(entries))
	}
}

func TestFileKeyringIsPrivateAndHoldsNoPlaintext(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	dir := withFileKeyring(t, sb)
	r := mustSucceed(t, sb.run("--credential-process", "a"))
	var out map[string]string
	_ = json.Unmarshal([]byte(r.Stdout), &out)
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("keyring dir mode %v, err %v", st.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) == 0 {
		t.Fatal("nothing cached")
	}
	for _, e := range entries {
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", e.Name(), info.Mode().Perm())
		}
		data := readFile(t, filepath.Join(dir, e.Name()))
		if strings.Contains(data, out["SecretAccessKey"]) || strings.Contains(data, out["SessionToken"][:40]) {
			t.Errorf("%s holds the secret in plain text", e.Name())
		}
	}
}

func TestSessionsListsAndClears(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	withFileKeyring(t, sb)
	mustSucceed(t, sb.run("--export", "c"))
	r := mustSucceed(t, sb.run("sessions"))
	for _, want := range []string{"a ", "b ", "c ", roleC, "file"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("sessions lacks %q:\n%s", want, r.Stdout)
		}
	}
	mustSucceed(t, sb.run("sessions", "clear", "c"))
	r = mustSucceed(t, sb.run("sessions"))
	if strings.Contains(r.Stdout, roleC) || !strings.Contains(r.Stdout, roleB) {
		t.Fatalf("after clearing c:\n%s", r.Stdout)
	}
	mustSucceed(t, sb.run("sessions", "clear"))
	if r = mustSucceed(t, sb.run("sessions")); strings.Count(r.Stdout, "\n") != 1 {
		t.Fatalf("after clearing all:\n%s", r.Stdout)
	}
}

func TestUnusableKeyringDegradesWithOneWarning(t *testing.T) {
	sb, s := strictSandbox(t, "")
	sb.Env["ASSUME_KEYRING_BACKEND"] = "file" // and no passphrase, no terminal
	sb.Env["ASSUME_KEYRING_FILE_DIR"] = filepath.Join(sb.Home, "kr")
	delete(sb.Env, "ASSUME_KEYRING_PASSPHRASE")
	r := mustSucceed(t, sb.run("--export", "a"))
	if !strings.Contains(r.Stdout, "AWS_SESSION_TOKEN") {
		t.Fatal("no credentials when the keyring is unusable")
	}
	if n := strings.Count(r.Stderr, "warning"); n != 1 {
		t.Fatalf("want one warning, got %d: %q", n, r.Stderr)
	}
	if s.Calls("AssumeRole") != 1 {
		t.Fatal(fmt.Sprint("calls ", s.Calls("AssumeRole")))
	}
}
