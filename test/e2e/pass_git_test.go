package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
)

// withPassStore points the sandbox at a new pass store of its own,
// encrypting to the throwaway gpg key scripts/test-env.sh made (its
// GNUPGHOME, and the key named in the .gpg-id of its store), and returns
// assume's folder in it.
func withPassStore(t *testing.T, sb *sandbox) string {
	t.Helper()
	shared := os.Getenv("ASSUME_TEST_PASS_DIR")
	if shared == "" || os.Getenv("GNUPGHOME") == "" {
		testenv.Unavailable(t, "no throwaway gpg key and pass store: run the tests through scripts/test-env.sh (make test)")
	}
	pass := requireTool(t, "pass")
	id, err := os.ReadFile(filepath.Join(shared, ".gpg-id"))
	if err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(sb.Home, ".password-store")
	sb.Env["ASSUME_KEYRING_BACKEND"] = "pass"
	sb.Env["PASSWORD_STORE_DIR"] = store
	sb.Env["GNUPGHOME"] = os.Getenv("GNUPGHOME")
	delete(sb.Env, "ASSUME_KEYRING_PASSPHRASE")
	mustSucceed(t, sb.exec(pass, "init", strings.TrimSpace(string(id))))
	return filepath.Join(store, "assume")
}

// git runs git in the store.
func (sb *sandbox) git(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", sb.Env["PASSWORD_STORE_DIR"]}, args...)...)
	cmd.Env = append(sb.environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// withGitPassStore is withPassStore made a git repository with `pass git
// init`, as pass's docs suggest, with an identity for its commits.
func withGitPassStore(t *testing.T, sb *sandbox) string {
	t.Helper()
	requireTool(t, "git")
	folder := withPassStore(t, sb)
	for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
		"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_NOSYSTEM": "1"} {
		sb.Env[k] = v
	}
	mustSucceed(t, sb.exec(requireTool(t, "pass"), "git", "init"))
	return folder
}

// keysAdd runs `assume keys add PROFILE` with the keys on stdin.
func keysAdd(t *testing.T, sb *sandbox, profile, id, secret string) {
	t.Helper()
	cmd := exec.Command(binary, "keys", "add", profile)
	cmd.Env = sb.environ()
	cmd.Stdin = strings.NewReader(id + "\n" + secret + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("keys add: %v\n%s", err, out)
	}
}

// Every cached session and every `keys add` used to become a commit of a
// git-backed store, and `sessions clear` / `keys rm` a removal commit, so
// encrypted long-term keys stayed in the history for every `pass git
// push`. Now nothing of assume's is committed, and a `git add` of the
// whole store leaves it out too.
func TestPassOnAGitStoreKeepsAssumesItemsOutOfGit(t *testing.T) {
	sb, s := strictSandbox(t, "")
	folder := withGitPassStore(t, sb)
	commits := sb.git(t, "rev-list", "--all", "--count")

	akid, secret := s.AddUser(aliceARN)
	keysAdd(t, sb, "bob", akid, secret)
	mustSucceed(t, sb.run("--credential-process", "a"))
	mustSucceed(t, sb.run("--credential-process", "a")) // a hit: read back through pass
	if n := s.Calls("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole calls = %d: the pass cache does not work", n)
	}
	entries, _ := os.ReadDir(folder)
	if len(entries) < 3 { // .gitignore, a session, the keys
		t.Errorf("assume's folder holds %d entries", len(entries))
	}
	// The user's own bulk add and commit, as after any `pass edit`.
	sb.git(t, "add", "-A")
	if staged := sb.git(t, "diff", "--cached", "--name-only"); strings.Contains(staged, "assume/") {
		t.Fatalf("git add -A staged assume's items:\n%s", staged)
	}
	if st := sb.git(t, "status", "--porcelain", "--ignored", "--", "assume"); !strings.Contains(st, "!! assume/") {
		t.Errorf("assume's folder is not ignored: %q", st)
	}

	if f := doctorFindingOf(t, sb, "pass-git"); f == nil || f.Severity != "info" || !strings.Contains(f.Message, "never committed") {
		t.Errorf("doctor does not say how the git-backed store is handled: %+v", f)
	}

	mustSucceed(t, sb.run("sessions", "clear"))
	mustSucceed(t, sb.run("keys", "rm", "bob"))
	if now := sb.git(t, "rev-list", "--all", "--count"); now != commits {
		t.Fatalf("the store's history grew from %s to %s commits", strings.TrimSpace(commits), strings.TrimSpace(now))
	}
	if touched := sb.git(t, "log", "--all", "--format=%H", "--", "assume"); touched != "" {
		t.Fatalf("commits touch assume/:\n%s", touched)
	}
	if tracked := sb.git(t, "ls-files", "--", "assume"); tracked != "" {
		t.Fatalf("git tracks %s", tracked)
	}
}

// A store whose history holds items an earlier assume let pass commit:
// doctor warns, says what travels with a push, and how to purge it.
func TestDoctorWarnsOfAssumeItemsInAPassStoresHistory(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	folder := withGitPassStore(t, sb)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	// What pass did for the previous release on `keys add`.
	old := filepath.Join(folder, "assume.keys.Ym9i.AKIAEXAMPLE.gpg")
	if err := os.WriteFile(old, []byte("encrypted keys"), 0o600); err != nil {
		t.Fatal(err)
	}
	sb.git(t, "add", "--", "assume")
	sb.git(t, "commit", "-q", "-m", "Add given password for assume/assume.keys.Ym9i.AKIAEXAMPLE to store.")
	found := doctorFindingOf(t, sb, "pass-git-history")
	if found == nil || found.Severity != "warning" || !strings.Contains(found.Message, "1 commit(s)") ||
		!strings.Contains(found.Message, "1 file(s) still tracked") || !strings.Contains(found.Message, "pass git push") ||
		!strings.Contains(found.Fix, "--cached assume") || !strings.Contains(found.Fix, "filter-repo") {
		t.Fatalf("doctor on a store with assume's items in its history: %+v", found)
	}
}

// doctorFindingOf is doctor's finding with code, or nil.
func doctorFindingOf(t *testing.T, sb *sandbox, code string) *doctorFinding {
	t.Helper()
	r := sb.run("doctor", "--json")
	var fs []doctorFinding
	if err := json.Unmarshal([]byte(r.Stdout), &fs); err != nil {
		t.Fatalf("doctor --json: %v\n%s%s", err, r.Stdout, r.Stderr)
	}
	for i := range fs {
		if fs[i].Code == code {
			return &fs[i]
		}
	}
	return nil
}
