//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// The helper tests run mfa_process and credential_process commands that
// hang, fork and leave processes behind, and check from outside that the
// real binary ends them with their whole process group, honours signals and
// frees the cache lock. Timings are generous bounds, never measurements.

// bgAssume is the real binary running in the background. Its streams are
// files: a leftover process holding them cannot hold up the wait.
type bgAssume struct {
	t              *testing.T
	cmd            *exec.Cmd
	stdout, stderr string
	done           chan struct{}
}

func (sb *sandbox) startAssume(t *testing.T, args ...string) *bgAssume {
	t.Helper()
	return sb.startCommand(t, binary, args...)
}

// startCommand starts prog in the background; a prog that execs assume
// (sh -c '... exec "$0" "$@"') is watched as assume itself.
func (sb *sandbox) startCommand(t *testing.T, prog string, args ...string) *bgAssume {
	t.Helper()
	dir := t.TempDir()
	b := &bgAssume{t: t, stdout: filepath.Join(dir, "stdout"), stderr: filepath.Join(dir, "stderr"), done: make(chan struct{})}
	out, err := os.Create(b.stdout)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	errf, err := os.Create(b.stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer errf.Close()
	b.cmd = exec.Command(prog, args...)
	b.cmd.Env, b.cmd.Dir = sb.environ(), sb.Home
	b.cmd.Stdout, b.cmd.Stderr = out, errf
	// A group of its own, so nothing sent to it reaches the test.
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = b.cmd.Wait(); close(b.done) }()
	t.Cleanup(func() {
		_ = b.cmd.Process.Kill()
		<-b.done
	})
	return b
}

func (b *bgAssume) signal(sig syscall.Signal) {
	b.t.Helper()
	if err := b.cmd.Process.Signal(sig); err != nil {
		b.t.Fatalf("signalling assume: %v", err)
	}
}

// wait returns the finished run, failing the test if it is still running
// after within.
func (b *bgAssume) wait(within time.Duration) result {
	b.t.Helper()
	select {
	case <-b.done:
	case <-time.After(within):
		b.t.Fatalf("assume still running after %s; stderr so far: %s", within, readFile(b.t, b.stderr))
	}
	return result{Stdout: readFile(b.t, b.stdout), Stderr: readFile(b.t, b.stderr), Code: b.cmd.ProcessState.ExitCode()}
}

// recordGroup is a shell prefix making a helper write its process group id
// to file (atomically) before it does anything else.
func recordGroup(file string) string {
	return fmt.Sprintf("ps -o pgid= -p $$ > %[1]s.tmp && mv %[1]s.tmp %[1]s && ", file)
}

// helperGroup waits for the group id a helper recorded and checks that it
// is a group of its own, not the one assume runs in.
func helperGroup(t *testing.T, file string, assumePid int) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(file); err == nil {
			pgid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil || pgid <= 1 {
				t.Fatalf("bad process group %q", b)
			}
			t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
			if assumePid > 0 && pgid == assumePid {
				t.Fatalf("the helper runs in assume's own process group %d", pgid)
			}
			return pgid
		}
		if time.Now().After(deadline) {
			t.Fatalf("the helper never recorded its process group in %s", file)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// helperGroupGone waits until `kill -0 -PGID` fails: no process of the
// helper's group is left (killed ones are reaped by init in a moment).
func helperGroupGone(t *testing.T, pgid int) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); syscall.Kill(-pgid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			out, _ := exec.Command("ps", "-o", "pid,pgid,stat,args", "-g", strconv.Itoa(pgid)).CombinedOutput()
			t.Fatalf("processes of the helper's group %d survive:\n%s", pgid, out)
		}
	}
}

// helperKind configures one kind of helper: a profile whose only helper is
// command, and what a working helper prints.
type helperKind struct {
	name    string
	profile func(t *testing.T, sb *sandbox, s *fakests.Server, command func(ok string) string) string
}

var helperKinds = []helperKind{
	{"mfa_process", func(t *testing.T, sb *sandbox, s *fakests.Server, command func(string) string) string {
		appendConfig(t, sb, fmt.Sprintf("\n[profile helper-mfa]\nrole_arn = %s\nsource_profile = alice\nmfa_serial = %s\nmfa_process = %s\n",
			roleMFA, aliceMFA, command("echo 123456")))
		return "helper-mfa"
	}},
	{"credential_process", func(t *testing.T, sb *sandbox, s *fakests.Server, command func(string) string) string {
		akid, secret := s.AddUser(aliceARN)
		keys := fmt.Sprintf(`printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s"}'`, akid, secret)
		appendConfig(t, sb, fmt.Sprintf("\n[profile helper-src]\ncredential_process = %s\n\n[profile helper-proc]\nrole_arn = %s\nsource_profile = helper-src\nexternal_id = ext-a\n",
			command(keys), roleA))
		return "helper-proc"
	}},
}

// A helper that answers at once but leaves a background job holding its
// stdout: the run ends when the helper does, and the job is killed.
func TestHelperLeftoversDoNotHoldTheRun(t *testing.T) {
	for _, kind := range helperKinds {
		t.Run(kind.name, func(t *testing.T) {
			t.Parallel()
			sb, s := strictSandbox(t, "")
			groupFile := filepath.Join(t.TempDir(), "pgid")
			profile := kind.profile(t, sb, s, func(ok string) string {
				return recordGroup(groupFile) + "(sleep 120 &) && " + ok
			})
			run := sb.startAssume(t, "--export", "--timeout", "3s", profile)
			// Well under the 120 s the leftover would hold stdout.
			r := mustSucceed(t, run.wait(60*time.Second))
			if !strings.Contains(r.Stdout, "export AWS_SESSION_TOKEN=") {
				t.Fatalf("no credentials: %s", r.Stdout)
			}
			helperGroupGone(t, helperGroup(t, groupFile, run.cmd.Process.Pid))
		})
	}
}

// A helper that hangs (a pipeline, as a tool waiting for a touch): one
// signal ends assume with a one-line error, ends the helper's whole group,
// and frees the cache lock, so a parallel caller waiting on it proceeds.
func TestSignalEndsAssumeItsHelperGroupAndFreesTheLock(t *testing.T) {
	signals := map[string]syscall.Signal{"mfa_process": syscall.SIGTERM, "credential_process": syscall.SIGINT}
	for _, kind := range helperKinds {
		sig := signals[kind.name]
		t.Run(kind.name+"/"+sig.String(), func(t *testing.T) {
			t.Parallel()
			sb, s := strictSandbox(t, "")
			dir := t.TempDir()
			groupFile := filepath.Join(dir, "pgid")
			// The first run hangs; the one after it answers.
			profile := kind.profile(t, sb, s, func(ok string) string {
				return fmt.Sprintf("if mkdir %s 2>/dev/null; then %ssleep 1000 | cat; else %s; fi", filepath.Join(dir, "first"), recordGroup(groupFile), ok)
			})
			first := sb.startAssume(t, "--export", profile)
			pgid := helperGroup(t, groupFile, 0)
			second := sb.startAssume(t, "--export", profile)
			time.Sleep(time.Second) // let it reach the lock; if it is late, it simply finds it free
			first.signal(sig)
			r := first.wait(30 * time.Second)
			mustFailCleanly(t, r, kind.name, "interrupted")
			if pgid == first.cmd.Process.Pid {
				t.Fatalf("the helper ran in assume's own process group %d", pgid)
			}
			helperGroupGone(t, pgid)
			// Far sooner than the 2 minutes a held lock would cost.
			r = mustSucceed(t, second.wait(60*time.Second))
			if !strings.Contains(r.Stdout, "export AWS_SESSION_TOKEN=") {
				t.Fatalf("the parallel caller got no credentials: %s", r.Stdout)
			}
		})
	}
}

// The first signal cancels the run; what does not watch for that (here the
// file keyring's passphrase prompt, reading the terminal) may still block,
// and the second signal must end assume at once.
func TestSecondSignalEndsAssumeWhileAPromptBlocks(t *testing.T) {
	t.Parallel()
	sb, _ := strictSandbox(t, "")
	delete(sb.Env, "ASSUME_KEYRING_PASSPHRASE")
	tt := startTmux(t, sb)
	pidFile := filepath.Join(t.TempDir(), "pid")
	tt.line(fmt.Sprintf("bash -c 'echo $$ > %s && exec assume --export a'", pidFile))
	tt.waitFor("Passphrase for the assume file keyring:")
	pid, err := strconv.Atoi(strings.TrimSpace(readFile(t, pidFile)))
	if err != nil {
		t.Fatal(err)
	}
	tt.send("", "C-c")
	time.Sleep(time.Second) // the first interrupt is handled
	if syscall.Kill(pid, 0) != nil {
		t.Fatal("precondition: the prompt should still block after the first interrupt")
	}
	tt.send("", "C-c")
	// At once: well before the 10 s after which the keyring call holding
	// the prompt is abandoned anyway.
	for deadline := time.Now().Add(5 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("assume (pid %d) survives a second interrupt; screen:\n%s", pid, tt.screen())
		}
	}
}

// A helper in a group of its own is outside the terminal's foreground
// group: it gets the foreground while it runs (here it reads a code from
// the terminal), and assume takes it back for its own prompt afterwards.
func TestHelperReadsTheTerminalAndAssumePromptsAfterIt(t *testing.T) {
	t.Parallel()
	const roleAfter = "arn:aws:iam::555555555555:role/after-tty"
	sb, s := strictSandbox(t, fmt.Sprintf(`
[profile tty-helper]
role_arn = %s
source_profile = alice
mfa_serial = %s
mfa_process = printf 'helper code: ' > /dev/tty && read -r c < /dev/tty && echo "$c"

[profile tty-after]
role_arn = %s
source_profile = tty-helper
mfa_serial = %s
`, roleMFA, aliceMFA, roleAfter, aliceMFA))
	s.AddRole(fakests.Role{ARN: roleAfter, Trust: []string{roleMFA}, RequireMFA: true})
	tt := startTmux(t, sb)
	tt.line("assume --export --no-cache tty-after")
	tt.waitFor("helper code: ")
	tt.line("123456")
	tt.waitFor("(profile tty-after): ")
	tt.line("654321")
	tt.waitFor("export AWS_SESSION_TOKEN=")
}

// While assume holds secrets it cannot dump core (its soft core limit is
// 0); a command it execs starts with the user's limit and dumpable.
func TestCoreDumpsOffInAssumeAndBackInTheCommand(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3")
	sb, _ := strictSandbox(t, "")
	groupFile := filepath.Join(t.TempDir(), "pgid")
	appendConfig(t, sb, fmt.Sprintf("\n[profile hold]\nrole_arn = %s\nsource_profile = alice\nmfa_serial = %s\nmfa_process = %ssleep 1000\n", roleMFA, aliceMFA, recordGroup(groupFile)))
	// A soft limit above 0, which assume must lower.
	run := sb.startCommand(t, "sh", "-c", `ulimit -S -c 2048 && exec "$0" "$@"`, binary, "--export", "hold")
	helperGroup(t, groupFile, 0) // assume is waiting for it now
	limits := readFile(t, fmt.Sprintf("/proc/%d/limits", run.cmd.Process.Pid))
	var soft string
	for _, line := range strings.Split(limits, "\n") {
		if f := strings.Fields(strings.TrimPrefix(line, "Max core file size")); line != "" && strings.HasPrefix(line, "Max core file size") && len(f) > 0 {
			soft = f[0]
		}
	}
	if soft != "0" {
		t.Errorf("assume's soft core limit while it holds secrets is %q, want 0:\n%s", soft, limits)
	}
	if os.Getuid() != 0 {
		// Not dumpable: its /proc files belong to root (as root, all do).
		var st syscall.Stat_t
		if err := syscall.Stat(fmt.Sprintf("/proc/%d/status", run.cmd.Process.Pid), &st); err != nil || st.Uid != 0 {
			t.Errorf("assume is dumpable: /proc/PID/status owned by %d (%v)", st.Uid, err)
		}
	}
	run.signal(syscall.SIGTERM)
	run.wait(30 * time.Second)

	probe := `import ctypes, resource; print("dumpable=%d core=%d" % (ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE)[0]))`
	r := mustSucceed(t, sb.bash(fmt.Sprintf("ulimit -S -c 2048 && assume --no-cache c -- %s -c '%s'", python, probe)))
	if !strings.Contains(r.Stdout, "dumpable=1 core=2097152") {
		t.Fatalf("the exec'd command should start dumpable with the user's core limit (2048 KiB): %q", r.Stdout)
	}
}
