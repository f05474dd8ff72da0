package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHygieneNoSecretsLeakUnderDebug runs every command with debug logging
// on (ASSUME_DEBUG=1 throughout, --debug on some) through a whole session
// against the strict fake STS, and asserts that no secret — each hop's
// issued secret key and session token, the long-term secret, the MFA
// codes, the keyring passphrase, a key stored with `keys add` — appears on
// stderr, or on stdout unless printing credentials is the command's job
// (export, credential_process, an exec'd child's own output). Failures are
// forced at each hop and their messages checked the same way. Then the
// command lines of mfa_process, credential_process and an exec'd child are
// checked, and every file and directory assume created is walked for its
// mode.
func TestHygieneNoSecretsLeakUnderDebug(t *testing.T) {
	h := newHygiene(t)
	ok := func(stdoutMayHoldSecrets bool, args ...string) result {
		t.Helper()
		r := h.runClean(t, stdoutMayHoldSecrets, args...)
		if r.Code != 0 {
			t.Fatalf("assume %q: exit %d\nstdout: %s\nstderr: %s", args, r.Code, r.Stdout, r.Stderr)
		}
		return r
	}
	fails := func(args ...string) result {
		t.Helper()
		r := h.runClean(t, false, args...)
		if r.Code == 0 || r.Stdout != "" {
			t.Fatalf("assume %q: want a failure with nothing on stdout, got exit %d\nstdout: %s\nstderr: %s", args, r.Code, r.Stdout, r.Stderr)
		}
		return r
	}
	const (
		prints = true  // stdout carries credentials by design
		quiet  = false // stdout must hold no secret
	)

	// The main command in each mode, cold (three hops) and from the cache.
	r := ok(prints, "--debug", "--export", "c")
	for _, want := range []string{"setting timeout", "plan c: source static", "keyring: asked file, using file", "cache get role", "miss, no item",
		"sts AssumeRole " + roleC, "attempt(s), status 200, request id", "cache put role", "done: exit 0"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("debug log lacks %q:\n%s", want, r.Stderr)
		}
	}
	if n := h.secrets.count("issued SessionToken"); n != 3 {
		t.Fatalf("the proxy saw %d session tokens for three hops", n)
	}
	if r = ok(prints, "--export", "c"); !strings.Contains(r.Stderr, "hit, ") {
		t.Errorf("second run was not a cache hit:\n%s", r.Stderr)
	}
	ok(prints, "--credential-process", "b")
	ok(prints, "--format", "json", "a")
	ok(quiet, "whoami", "c")
	r = h.bash(`eval "$(assume --export c)" && assume --debug whoami`)
	h.checkResult(t, r, quiet, []string{"whoami (from the environment)"})
	// exec: the child's own output may show its environment; its argv may not.
	ok(prints, "c", "--", "env")
	ok(quiet, "c", "--", "sh", "-c", `tr "\0" " " < /proc/$$/cmdline`)

	// Every source of MFA codes and a credential_process source.
	ok(prints, "--export", "mfaproc")
	// mfaproc's MFA session is on the same keys and device as viamfa's:
	// viamfa would reuse it. Forget it, so viamfa gets its own.
	ok(quiet, "sessions", "clear")
	h.Env["ASSUME_MFA_TOKEN"] = hygieneMFACodes[1]
	if r = ok(prints, "--export", "viamfa"); !strings.Contains(r.Stderr, "sts GetSessionToken") {
		t.Errorf("viamfa made no GetSessionToken call:\n%s", r.Stderr)
	}
	delete(h.Env, "ASSUME_MFA_TOKEN")
	ok(prints, "--export", "viaproc")

	// Commands that print no credentials.
	ok(quiet, "plan", "c")
	ok(quiet, "plan", "--json", "mfaproc")
	ok(quiet, "list")
	ok(quiet, "list", "--json")
	ok(quiet, "sessions")
	ok(quiet, "shell-init", "bash")
	ok(quiet, "prompt")
	ok(quiet, "version")
	ok(quiet, "completion", "bash")
	ok(quiet, "__complete", "")
	ok(quiet, "__hook-mode", "c")
	if c := h.run("__complete", "doct"); strings.Contains(c.Stdout, "doctor") {
		h.runClean(t, quiet, "doctor")
	}

	// Long-term keys in the keyring: add (from stdin), list, use, remove.
	keysIn := filepath.Join(h.scratch, "keys-in")
	hygieneWrite(t, keysIn, keysAddID+"\n"+keysAddSecret+"\n")
	hygieneAppend(t, h.Env["AWS_CONFIG_FILE"], "\n[profile kk]\nregion = us-east-1\n\n[profile viakk]\nrole_arn = "+roleA+"\nsource_profile = kk\n")
	r = h.bash(`assume keys add kk < ` + keysIn)
	h.checkResult(t, r, quiet, []string{"keys", "add", "kk"})
	ok(quiet, "keys", "list")
	ok(quiet, "plan", "viakk")
	fails("--export", "viakk") // the fake does not know the key: signing with it fails
	ok(quiet, "keys", "rm", "kk")

	// Failures at each hop, from the cache up: a fails at hop 1; with a
	// cached, b fails at hop 2; with b cached, c fails at hop 3.
	ok(quiet, "sessions", "clear")
	for _, p := range []string{"a", "b", "c"} {
		h.sts.FailNext(1, 403, "AccessDenied", "injected failure for "+p)
		r = fails("--debug", "--export", p)
		if !strings.Contains(r.Stderr, "injected failure for "+p) {
			t.Errorf("hop of %s: error does not say what failed:\n%s", p, r.Stderr)
		}
		ok(prints, "--export", p)
	}
	h.sts.FailNext(1, 403, "AccessDenied", "injected GetSessionToken failure")
	h.Env["ASSUME_MFA_TOKEN"] = hygieneMFACodes[2]
	ok(quiet, "sessions", "clear", "alice-mfa")
	fails("--export", "viamfa")
	h.Env["ASSUME_MFA_TOKEN"] = hygieneMFACodes[1] // spent above: STS refuses the replay
	ok(quiet, "sessions", "clear")
	fails("--export", "viamfa")
	delete(h.Env, "ASSUME_MFA_TOKEN")
	h.sts.FailNext(2, 500, "InternalFailure", "injected 5xx")
	if r = ok(prints, "--export", "--no-cache", "a"); !strings.Contains(r.Stderr, "3 attempt(s), status 200") {
		t.Errorf("retries not counted in the debug log:\n%s", r.Stderr)
	}
	hygieneWrite(t, filepath.Join(h.scratch, "process.json"), `{"Version": 1, "AccessKeyId": "AKIAHYGIENEBROKEN001", "SecretAccessKey": "`+keysAddSecret+`"`)
	fails("--export", "viaproc") // truncated JSON holding a secret: the parse error must not quote it

	// What assume started: mfa_process and credential_process (their argv
	// was appended to the log by the commands themselves).
	argv := readFile(t, filepath.Join(h.scratch, "argv"))
	if !strings.Contains(argv, "cmdline") {
		t.Fatalf("mfa_process and credential_process did not record their argv: %q", argv)
	}
	h.assertClean(t, "the argv of mfa_process or credential_process", argv)

	// The remembered backend of auto, then every file assume wrote (with
	// sessions in the keyring again).
	ok(prints, "--export", "c")
	h.Env["ASSUME_KEYRING_BACKEND"] = "auto"
	ok(quiet, "sessions")
	h.Env["ASSUME_KEYRING_BACKEND"] = "file"
	checkPrivateFiles(t, h.Home, map[string]bool{".aws": true})
}

// checkPrivateFiles walks home: every directory but home itself (and the
// skipped ones, which the sandbox made) must be 0700 and every file 0600.
// It also asserts the files assume is known to write were found, so a walk
// of nothing cannot pass.
func checkPrivateFiles(t *testing.T, home string, skip map[string]bool) {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(home, path)
		if rel == "." {
			return nil
		}
		if skip[rel] {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %04o, want %04o", rel, info.Mode().Perm(), want)
		}
		switch {
		case strings.HasSuffix(rel, ".lock"):
			seen["lock file"] = true
		case filepath.Base(rel) == "recent":
			seen["MRU file"] = true
		case filepath.Base(rel) == "keyring-backend":
			seen["remembered backend"] = true
		case strings.Contains(rel, filepath.Join("assume", "keyring")+string(filepath.Separator)):
			seen["keyring item"] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lock file", "MRU file", "remembered backend", "keyring item"} {
		if !seen[want] {
			t.Errorf("no %s found under %s: the walk missed what assume writes", want, home)
		}
	}
}
