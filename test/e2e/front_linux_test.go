package e2e

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/memo"
)

// The front (cmd/assume-front, installed as assume) answers a repeated
// hit from the full program's memo; these tests run the pair as
// installed, inside a session keyring of their own (as a login session
// has), and tell who answered by the memo file: the full program
// replaces it on every hit it serves, the front only reads it.

// sessionRunner is internal/testsession, built once.
func sessionRunner(t *testing.T) string {
	t.Helper()
	return buildOnce(t, "testsession", "../../internal/testsession")
}

// frontSandbox is a strict-STS sandbox whose runs share a fresh session
// keyring.
type frontSandbox struct {
	*sandbox
	session string
	runner  string
}

func newFrontSandbox(t *testing.T, extra string) (*frontSandbox, func(string) int) {
	t.Helper()
	sb, sts := strictSandbox(t, extra)
	var id [6]byte
	_, _ = rand.Read(id[:])
	fs := &frontSandbox{sandbox: sb, session: "assume-e2e-" + hex.EncodeToString(id[:]), runner: sessionRunner(t)}
	fs.hold(t)
	return fs, sts.Calls
}

// hold keeps the sandbox's session keyring alive for the test, as a
// login shell keeps its session's.
func (fs *frontSandbox) hold(t *testing.T) {
	t.Helper()
	cmd := exec.Command(fs.runner, "-hold", fs.session)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holding session keyring %s: %q, %v", fs.session, line, err)
	}
}

// runIn runs the installed pair in the sandbox's session keyring.
func (fs *frontSandbox) runIn(args ...string) result {
	fs.t.Helper()
	return fs.exec(fs.runner, append([]string{fs.session, binary}, args...)...)
}

// hotCopies is the number of hot copies in the sandbox's session.
func (fs *frontSandbox) hotCopies() string {
	fs.t.Helper()
	return strings.TrimSpace(mustSucceed(fs.t, fs.exec(fs.runner, "-hot", fs.session)).Stdout)
}

// memoState is the identity of the memo of a run with args, or the zero
// state when there is none.
func (fs *frontSandbox) memoState(args ...string) memo.FileState {
	fs.t.Helper()
	key := memo.Key(args, fs.environ())
	st, err := memo.Stat(filepath.Join(fs.Env["XDG_RUNTIME_DIR"], "assume", "memo", key+".json"))
	if err != nil {
		fs.t.Fatal(err)
	}
	return st
}

// primed runs args until the full program has served a hit (and left its
// memo), returning that run's result.
func (fs *frontSandbox) primed(args ...string) result {
	fs.t.Helper()
	mustSucceed(fs.t, fs.runIn(args...)) // miss: fetched and stored
	r := mustSucceed(fs.t, fs.runIn(args...))
	if !fs.memoState(args...).Exists {
		fs.t.Fatalf("no memo after a hit of %q; stderr: %s", args, r.Stderr)
	}
	return r
}

// answeredByFront runs args and says whether the front answered.
func (fs *frontSandbox) answeredByFront(args ...string) (result, bool) {
	fs.t.Helper()
	before := fs.memoState(args...)
	r := fs.runIn(args...)
	return r, before.Exists && fs.memoState(args...) == before
}

func TestFrontPrintsWhatTheFullProgramPrinted(t *testing.T) {
	for _, backend := range []string{"file", "keyctl"} {
		for _, args := range [][]string{
			{"-x", "c"},
			{"--export", "--format", "fish", "c"},
			{"--export", "--format", "powershell", "c"},
			{"--export", "--format", "dotenv", "c"},
			{"--export", "--region", "us-west-2", "a"},
			{"--credential-process", "c"},
			{"--format", "json", "b"},
		} {
			t.Run(backend+" "+strings.Join(args, " "), func(t *testing.T) {
				fs, calls := newFrontSandbox(t, "")
				fs.Env["ASSUME_KEYRING_BACKEND"] = backend
				if backend == "keyctl" {
					t.Cleanup(func() { fs.runIn("sessions", "clear", args[len(args)-1]) })
				}
				// A user's own region and an earlier export: the marker
				// and region rules must come out the same.
				fs.Env["AWS_REGION"] = "ap-south-1"
				fs.Env["AWS_ACCESS_KEY_ID"] = "AKIAOLDOLDOLD"
				fs.Env["ASSUME_EXPORTED"] = "AWS_ACCESS_KEY_ID"
				full := fs.primed(args...)
				stsCalls := calls("AssumeRole")
				r, front := fs.answeredByFront(args...)
				if !front {
					t.Fatalf("the front did not answer a repeated hit; stderr: %s", r.Stderr)
				}
				if r.Code != 0 || r.Stdout != full.Stdout || r.Stderr != "" || full.Stderr != "" {
					t.Fatalf("front: exit %d\nstdout %q\nstderr %q\nfull program: stdout %q stderr %q", r.Code, r.Stdout, r.Stderr, full.Stdout, full.Stderr)
				}
				if calls("AssumeRole") != stsCalls {
					t.Error("the front's run called STS")
				}
			})
		}
	}
}

// Settings from config.yaml and ASSUME_* variables reach the answer
// through the memo, as the full program resolved them.
func TestFrontFollowsSettings(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		env        map[string]string
		args       []string
	}{
		{"config.yaml format and export", "format: fish\nexport: true\n", nil, []string{"c"}},
		{"variables", "", map[string]string{"ASSUME_EXPORT": "true", "ASSUME_FORMAT": "powershell", "ASSUME_REFRESH_MARGIN": "10m"}, []string{"b"}},
		{"credential_process from a variable", "", map[string]string{"ASSUME_CREDENTIAL_PROCESS": "true"}, []string{"a"}},
		{"duration and region flags", "", nil, []string{"-x", "--duration", "20m", "--region", "sa-east-1", "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, _ := newFrontSandbox(t, "")
			if tc.yaml != "" {
				writeSettings(t, fs.sandbox, tc.yaml)
			}
			for k, v := range tc.env {
				fs.Env[k] = v
			}
			full := fs.primed(tc.args...)
			r, front := fs.answeredByFront(tc.args...)
			if !front || r.Code != 0 || r.Stdout != full.Stdout || r.Stderr != "" {
				t.Fatalf("front %v: exit %d\nstdout %q\nfull program's %q\nstderr %q", front, r.Code, r.Stdout, full.Stdout, r.Stderr)
			}
		})
	}
}

func TestFrontHandsEverythingElseToTheFullProgram(t *testing.T) {
	args := []string{"-x", "c"}
	for _, tc := range []struct {
		name   string
		change func(fs *frontSandbox)
		// refetch: the full program must call STS again (the cache changed)
		refetch bool
	}{
		{"config edited", func(fs *frontSandbox) { appendConfig(fs.t, fs.sandbox, "\n# edited\n") }, false},
		{"config.yaml written", func(fs *frontSandbox) { writeSettings(fs.t, fs.sandbox, "refresh-margin: 2m\n") }, false},
		{"sessions cleared", func(fs *frontSandbox) { mustSucceed(fs.t, fs.runIn("sessions", "clear")) }, true},
		{"sessions cleared in another login session", func(fs *frontSandbox) { mustSucceed(fs.t, fs.run("sessions", "clear")) }, true},
		{"keys added", func(fs *frontSandbox) {
			mustSucceed(fs.t, fs.exec("sh", "-c", "printf 'AKIAEXAMPLEFRONT\\nsecret\\n' | "+binary+" keys add other"))
		}, false},
		{"the item file removed", func(fs *frontSandbox) {
			dir := fs.Env["ASSUME_KEYRING_FILE_DIR"]
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), "assume.v2.role.") {
					_ = os.Remove(filepath.Join(dir, e.Name()))
				}
			}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, calls := newFrontSandbox(t, "")
			full := fs.primed(args...)
			before := calls("AssumeRole")
			tc.change(fs)
			r, front := fs.answeredByFront(args...)
			mustSucceed(t, r)
			// A full program's run rewrites the memo after a hit, or
			// calls STS after a miss; the front does neither.
			if front && calls("AssumeRole") == before {
				t.Fatal("the front answered after the change")
			}
			if (calls("AssumeRole") > before) != tc.refetch {
				t.Errorf("AssumeRole calls %d → %d, refetch wanted: %v", before, calls("AssumeRole"), tc.refetch)
			}
			if !tc.refetch && r.Stdout != full.Stdout {
				t.Errorf("the full program printed something else:\n%s\nwas:\n%s", r.Stdout, full.Stdout)
			}
		})
	}
}

func TestFrontNeverAnswersWhatItWasNotShown(t *testing.T) {
	fs, _ := newFrontSandbox(t, "")
	fs.primed("-x", "c")
	for _, args := range [][]string{
		{"-x", "b"},               // another profile: no memo
		{"-x", "--debug", "c"},    // never memoised
		{"-x", "--no-cache", "c"}, // never memoised
		{"c", "--", "true"},       // a command
		{"whoami", "c"},           // another command
	} {
		if r, front := fs.answeredByFront(args...); front && fs.memoState(args...).Exists {
			t.Errorf("%q answered by the front: %+v", args, r)
		}
		if fs.memoState(args...).Exists && args[1] != "b" {
			t.Errorf("%q left a memo", args)
		}
	}
}

// The shell hook's run (ASSUME_SHELL_HOOK, stdout captured) is never
// memoised: the full program checks that stdout is not a terminal.
func TestFrontLeavesTheHookFormToTheFullProgram(t *testing.T) {
	fs, _ := newFrontSandbox(t, "")
	fs.Env["ASSUME_SHELL_HOOK"] = "bash"
	for range 3 {
		r := mustSucceed(t, fs.runIn("c"))
		if !strings.Contains(r.Stdout, "export AWS_ACCESS_KEY_ID=") {
			t.Fatalf("hook output: %q", r.Stdout)
		}
	}
	if fs.memoState("c").Exists {
		t.Fatal("the hook form left a memo")
	}
}

// A lock held by another run (say one renewing a parent hop) does not
// hold up a fresh hit, in the front as in the full program.
func TestFrontAnswersWhileALockIsHeld(t *testing.T) {
	requireTool(t, "flock")
	fs, _ := newFrontSandbox(t, "")
	full := fs.primed("-x", "c")
	locks, _ := filepath.Glob(filepath.Join(fs.Env["XDG_RUNTIME_DIR"], "assume", "*.lock"))
	if len(locks) == 0 {
		t.Fatal("no lock files after a miss")
	}
	for _, l := range locks {
		holder := exec.Command("flock", l, "sleep", "30")
		if err := holder.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = holder.Process.Kill(); _ = holder.Wait() })
		deadline := time.Now().Add(10 * time.Second)
		for exec.Command("flock", "-n", l, "true").Run() == nil { // free: not held yet
			if time.Now().After(deadline) {
				t.Fatalf("flock never took %s", l)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	r, front := fs.answeredByFront("-x", "c")
	if !front || r.Stdout != full.Stdout || r.Code != 0 {
		t.Fatalf("front %v, exit %d, same output %v; stderr %s", front, r.Code, r.Stdout == full.Stdout, r.Stderr)
	}
}

func TestHotCacheSettingAndClear(t *testing.T) {
	fs, _ := newFrontSandbox(t, "")
	fs.primed("-x", "c")
	if n := fs.hotCopies(); n == "0" {
		t.Fatal("a hit on the file backend left no hot copy")
	}
	mustSucceed(t, fs.runIn("sessions", "clear"))
	if n := fs.hotCopies(); n != "0" {
		t.Fatalf("%s hot copies after sessions clear", n)
	}
	fs.primed("-x", "c")
	fs.Env["ASSUME_KEYRING_HOT_CACHE"] = "false"
	mustSucceed(t, fs.runIn("-x", "c"))
	mustSucceed(t, fs.runIn("-x", "c"))
	if n := fs.hotCopies(); n != "0" {
		t.Fatalf("%s hot copies with keyring.hot-cache off", n)
	}
	if _, front := fs.answeredByFront("-x", "c"); front {
		t.Fatal("the front answered with keyring.hot-cache off")
	}
	fs.Env["ASSUME_KEYRING_HOT_CACHE"] = "sometimes"
	mustFailCleanly(t, fs.runIn("-x", "c"), "keyring.hot-cache", "true or false")
}

func TestOtherInstallationsFrontDoesNotAnswer(t *testing.T) {
	fs, _ := newFrontSandbox(t, "")
	fs.primed("-x", "c")
	other := t.TempDir()
	for _, name := range []string{"assume", "assume-full"} {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(binary), name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	before := fs.memoState("-x", "c")
	r := mustSucceed(t, fs.exec(fs.runner, fs.session, filepath.Join(other, "assume"), "-x", "c"))
	if fs.memoState("-x", "c") == before {
		t.Fatalf("another installation's front answered from this one's memo: %s", r.Stderr)
	}
}

// writeSettings writes assume's config.yaml in the sandbox.
func writeSettings(t *testing.T, sb *sandbox, body string) {
	t.Helper()
	dir := filepath.Join(sb.Env["XDG_CONFIG_HOME"], "assume")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// doctor says when hits cannot take the fast path, and why.
func TestDoctorReportsTheFastPath(t *testing.T) {
	fs, _ := newFrontSandbox(t, "")
	inSession := mustSucceed(t, fs.runIn("doctor", "--json")).Stdout
	if strings.Contains(inSession, "hot-tier") || strings.Contains(inSession, "front-missing") {
		t.Errorf("doctor in a login session with the pair installed reports a fast-path finding:\n%s", inSession)
	}
	// A process whose session keyring is the user-session one, shared by
	// all of the user's processes (cron, many containers).
	shared := fmt.Sprintf("_uid_ses.%d", os.Getuid())
	if bare := mustSucceed(t, fs.exec(fs.runner, shared, binary, "doctor", "--json")).Stdout; !strings.Contains(bare, `"hot-tier-unavailable"`) {
		t.Errorf("doctor in the user-session keyring:\n%s", bare)
	}
	fs.Env["ASSUME_KEYRING_HOT_CACHE"] = "false"
	if off := mustSucceed(t, fs.runIn("doctor", "--json")).Stdout; !strings.Contains(off, `"hot-tier-off"`) {
		t.Errorf("doctor with keyring.hot-cache off:\n%s", off)
	}
	alone := mustSucceed(t, fs.exec(filepath.Join(filepath.Dir(binary), "assume-full"), "doctor", "--json"))
	if strings.Contains(alone.Stdout, "front-missing") {
		t.Errorf("assume-full next to its front reported the front missing:\n%s", alone.Stdout)
	}
}
