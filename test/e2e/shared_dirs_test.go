//go:build linux

package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
	"github.com/assume-cli/assume/internal/testenv"
)

// The shared-directory attacks of issue 9, played by two real Unix users
// created for the test: an attacker who pre-creates the victim's
// XDG_RUNTIME_DIR (/tmp/runtime-$USER, as on WSL and in containers) open
// to all and plants lock files or links in it, and a victim running the
// real binary. Both run under their own uid (SysProcAttr.Credential), so
// the kernel's permission checks are the real ones. Needs root (CI runs
// as root) and useradd.

// unixUser is a throwaway account.
type unixUser struct {
	Name     string
	UID, GID uint32
}

var userSeq atomic.Int32

// addUser creates an account without a home, removed at cleanup.
func addUser(t *testing.T, role string) unixUser {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Unavailable(t, "creating users for the shared-directory attacks needs root")
	}
	useradd, err := exec.LookPath("useradd")
	if err != nil {
		testenv.Unavailable(t, "useradd is not on PATH")
	}
	name := fmt.Sprintf("as%s%d%d", role, os.Getpid()%100000, userSeq.Add(1))
	if out, err := exec.Command(useradd, "--no-create-home", "--shell", "/bin/sh", name).CombinedOutput(); err != nil {
		testenv.Unavailable(t, "useradd %s: %v: %s", name, err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("userdel", name).CombinedOutput(); err != nil {
			t.Errorf("userdel %s: %v: %s", name, err, out)
		}
	})
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return unixUser{Name: name, UID: uint32(uid), GID: uint32(gid)}
}

// command is prog run as u, in a process group of its own.
func (u unixUser) command(env []string, prog string, args ...string) *exec.Cmd {
	cmd := exec.Command(prog, args...)
	cmd.Env = env
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: &syscall.Credential{Uid: u.UID, Gid: u.GID}}
	return cmd
}

// sh runs a script as u and fails the test if it fails.
func (u unixUser) sh(t *testing.T, script string) {
	t.Helper()
	out, err := u.command([]string{"PATH=" + os.Getenv("PATH")}, "sh", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("as %s: %s: %v\n%s", u.Name, script, err, out)
	}
}

// sharedWorld is a victim with a role to assume against the strict fake,
// and an attacker on the same machine.
type sharedWorld struct {
	t        *testing.T
	sts      *fakests.Server
	victim   unixUser
	attacker unixUser
	binary   string // a copy the victim can run
	home     string // the victim's
	env      map[string]string
}

func newSharedWorld(t *testing.T) *sharedWorld {
	t.Helper()
	w := &sharedWorld{t: t, victim: addUser(t, "v"), attacker: addUser(t, "a")}
	// Everything the victim needs hangs under a 0755 directory of root's:
	// the test's own temp dirs are 0700.
	base, err := os.MkdirTemp("", "assume-shared-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	w.binary = filepath.Join(base, "assume")
	copyFile(t, binary, w.binary, 0o755)
	copyFile(t, filepath.Join(filepath.Dir(binary), "assume-full"), filepath.Join(base, "assume-full"), 0o755) // the pair, as installed
	w.home = filepath.Join(base, "home")
	for _, d := range []string{w.home, filepath.Join(w.home, ".aws"), filepath.Join(w.home, "run")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		w.chownVictim(d)
	}
	w.sts = fakests.New(t)
	akid, secret := w.sts.AddUser(aliceARN)
	w.sts.AddRole(fakests.Role{ARN: roleA, Trust: []string{aliceARN}, ExternalID: "ext-a"})
	w.writeVictimFile(".aws/config", fmt.Sprintf("[profile a]\nrole_arn = %s\nsource_profile = alice\nexternal_id = ext-a\n", roleA))
	w.writeVictimFile(".aws/credentials", fmt.Sprintf("[alice]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	w.env = map[string]string{
		"HOME":                        w.home,
		"PATH":                        os.Getenv("PATH"),
		"USER":                        w.victim.Name,
		"AWS_CONFIG_FILE":             filepath.Join(w.home, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(w.home, ".aws", "credentials"),
		"AWS_ENDPOINT_URL_STS":        w.sts.URL(),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"XDG_RUNTIME_DIR":             filepath.Join(w.home, "run"),
		"ASSUME_KEYRING_BACKEND":      "file",
		"ASSUME_KEYRING_FILE_DIR":     filepath.Join(w.home, ".local", "share", "assume", "keyring"),
		"ASSUME_KEYRING_PASSPHRASE":   "victim passphrase",
	}
	return w
}

func copyFile(t *testing.T, from, to string, mode fs.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func (w *sharedWorld) chownVictim(path string) {
	w.t.Helper()
	if err := os.Lchown(path, int(w.victim.UID), int(w.victim.GID)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *sharedWorld) writeVictimFile(rel, body string) {
	w.t.Helper()
	path := filepath.Join(w.home, rel)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
	w.chownVictim(path)
}

func (w *sharedWorld) environ() []string {
	out := make([]string, 0, len(w.env))
	for k, v := range w.env {
		out = append(out, k+"="+v)
	}
	return out
}

// run runs the victim's assume; one still running after within (a lock
// held by the attacker would hold it 2 minutes) is killed and reported.
// It may run on other goroutines than the test's, so it never stops the
// test: a failure is a result with code -1.
func (w *sharedWorld) run(within time.Duration, args ...string) result {
	w.t.Helper()
	cmd := w.victim.command(w.environ(), w.binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		w.t.Errorf("starting the victim's assume: %v", err)
		return result{Code: -1}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(within):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		w.t.Errorf("the victim's assume %v was still running after %s; stderr: %s", args, within, errb.String())
		return result{Stdout: out.String(), Stderr: errb.String(), Code: -1}
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Errorf("running the victim's assume: %v", err)
		code = -1
	}
	return result{Stdout: out.String(), Stderr: errb.String(), Code: code}
}

// learnLockNames runs the victim once with a private runtime directory and
// returns the lock file names a run of profile a takes: what an attacker
// who knows the victim's config computes. The cache is emptied after.
func (w *sharedWorld) learnLockNames() []string {
	w.t.Helper()
	mustSucceed(w.t, w.run(60*time.Second, "--credential-process", "a"))
	entries, err := os.ReadDir(filepath.Join(w.home, "run", "assume"))
	if err != nil {
		w.t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".lock") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		w.t.Fatal("a run took no lock")
	}
	mustSucceed(w.t, w.run(60*time.Second, "sessions", "clear"))
	return names
}

// sharedRuntimeDir is /tmp/runtime-VICTIM as the attacker made it: theirs,
// mode 0777, with an assume directory just as open.
func (w *sharedWorld) sharedRuntimeDir() string {
	w.t.Helper()
	dir := filepath.Join(os.TempDir(), "runtime-"+w.victim.Name)
	w.t.Cleanup(func() { os.RemoveAll(dir) })
	w.attacker.sh(w.t, fmt.Sprintf("mkdir -m 0777 %[1]s %[1]s/assume && chmod 0777 %[1]s %[1]s/assume", dir))
	w.env["XDG_RUNTIME_DIR"] = dir
	return dir
}

// ownedOnlyBy fails if anything under dir belongs to someone but u.
func ownedOnlyBy(t *testing.T, dir string, u unixUser) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(path)
		if err != nil {
			return err
		}
		if uid := st.Sys().(*syscall.Stat_t).Uid; uid != u.UID {
			t.Errorf("%s belongs to uid %d: the victim wrote into the attacker's directory", path, uid)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The attacker holds flock on lock files of theirs in the victim's
// runtime directory, which used to hold every victim run for 2 minutes
// (past --timeout). Now the victim refuses that directory, says so once,
// and locks in its private cache directory instead, so 8 parallel runs
// still make one STS call between them.
func TestSharedRuntimeDirWithPlantedLocksNeitherBlocksNorBreaksSingleFlight(t *testing.T) {
	requireTool(t, "flock")
	w := newSharedWorld(t)
	names := w.learnLockNames()
	shared := w.sharedRuntimeDir()
	script := "sleep 600"
	for _, n := range names {
		lock := filepath.Join(shared, "assume", n)
		w.attacker.sh(t, fmt.Sprintf(": > %[1]s && chmod 0666 %[1]s", lock))
		script = fmt.Sprintf("flock --exclusive %s %s", lock, script)
	}
	holder := w.attacker.command([]string{"PATH=" + os.Getenv("PATH")}, "sh", "-c", script)
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-holder.Process.Pid, syscall.SIGKILL); _ = holder.Wait() })
	for _, n := range names {
		waitLocked(t, filepath.Join(shared, "assume", n))
	}

	calls := w.sts.Calls("AssumeRole")
	results := make([]result, 8)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = w.run(60*time.Second, "--timeout", "3s", "--credential-process", "a")
		}(i)
	}
	wg.Wait()
	sameCredentials(t, results)
	if n := w.sts.Calls("AssumeRole") - calls; n != 1 {
		t.Fatalf("AssumeRole calls = %d, want 1: single flight broke", n)
	}
	fallback := filepath.Join(w.home, ".cache", "assume", "locks")
	// A run that took a lock says so once; one that came late and found
	// the session cached took none and says nothing.
	warned := 0
	for i, r := range results {
		if r.Stderr == "" {
			continue
		}
		warned++
		lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "not locking in "+filepath.Join(shared, "assume")) ||
			!strings.Contains(lines[0], "belongs to uid "+strconv.Itoa(int(w.attacker.UID))) || !strings.Contains(lines[0], "locking in "+fallback+" instead") {
			t.Errorf("run %d: want one line naming the refused directory, why, and the fallback; stderr:\n%s", i, r.Stderr)
		}
	}
	if warned == 0 {
		t.Error("no run said it refused the shared lock directory")
	}
	for _, n := range names {
		st, err := os.Lstat(filepath.Join(fallback, n))
		if err != nil || st.Sys().(*syscall.Stat_t).Uid != w.victim.UID || st.Mode().Perm() != 0o600 {
			t.Errorf("fallback lock %s: %v %v", n, st, err)
		}
	}
	if st, err := os.Stat(fallback); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("fallback directory: %v %v", st, err)
	}
	ownedOnlyBy(t, shared, w.attacker)
}

// waitLocked waits until another process holds flock on path.
func waitLocked(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the attacker never locked %s (%v)", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A planted FP.lock -> ~victim/anything used to make the victim create
// that file (O_CREAT follows links). The target is never created now,
// and nothing of the victim's lands in the attacker's directory.
func TestSharedRuntimeDirWithAPlantedLinkCreatesNothing(t *testing.T) {
	w := newSharedWorld(t)
	names := w.learnLockNames()
	shared := w.sharedRuntimeDir()
	target := filepath.Join(w.home, "planted-by-the-attacker")
	for _, n := range names {
		w.attacker.sh(t, fmt.Sprintf("ln -s %s %s", target, filepath.Join(shared, "assume", n)))
	}
	r := mustSucceed(t, w.run(60*time.Second, "--credential-process", "a"))
	if !strings.Contains(r.Stderr, "not locking in "+filepath.Join(shared, "assume")) {
		t.Errorf("no word of the refused directory: %s", r.Stderr)
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the link's target was created: %v", err)
	}
	ownedOnlyBy(t, shared, w.attacker)
}

// Nothing is created in a runtime directory the attacker owns, even when
// they left no assume directory in it to be refused.
func TestSharedRuntimeDirGetsNothingFromTheVictim(t *testing.T) {
	w := newSharedWorld(t)
	dir := filepath.Join(os.TempDir(), "runtime-"+w.victim.Name)
	t.Cleanup(func() { os.RemoveAll(dir) })
	w.attacker.sh(t, fmt.Sprintf("mkdir -m 0777 %[1]s && chmod 0777 %[1]s", dir))
	w.env["XDG_RUNTIME_DIR"] = dir
	mustSucceed(t, w.run(60*time.Second, "--credential-process", "a"))
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the victim created %v in the attacker's directory", entries)
	}
	// The credentials server refuses it, saying where and what to do.
	r := w.run(60*time.Second, "a", "--server", "--", "true")
	mustFailCleanly(t, r, dir, "belongs to uid "+strconv.Itoa(int(w.attacker.UID)), "XDG_RUNTIME_DIR")
}

// Another run of the same user holds the lock while it waits for an MFA
// code; a second run gives up at its --lock-timeout, naming the holder.
func TestLockHeldByAnotherRunTimesOutNamingIt(t *testing.T) {
	t.Parallel()
	sb, _ := strictSandbox(t, "")
	marker := filepath.Join(t.TempDir(), "asked")
	appendConfig(t, sb, fmt.Sprintf("\n[profile slow-mfa]\nrole_arn = %s\nsource_profile = alice\nmfa_serial = %s\nmfa_process = touch %s; sleep 60; echo 123456\n",
		roleMFA, aliceMFA, marker))
	holder := sb.startAssume(t, "--credential-process", "slow-mfa")
	deadline := time.Now().Add(30 * time.Second)
	for _, err := os.Stat(marker); err != nil; _, err = os.Stat(marker) {
		if time.Now().After(deadline) {
			t.Fatal("the holder never asked for a code")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := sb.run("--lock-timeout", "2s", "--credential-process", "slow-mfa")
	mustFailCleanly(t, r, "gave up after 2s waiting for the cache lock",
		fmt.Sprintf("held by pid %d (assume, ", holder.cmd.Process.Pid), "--no-cache")
	holder.signal(syscall.SIGTERM)
	holder.wait(30 * time.Second)
}
