//go:build unix

package e2e

import (
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServerRefusesRequestsWithoutTheTokenOrForAnotherHost(t *testing.T) {
	c := newServedChain(t)
	r := mustSucceed(t, c.sb.run("c", "--server", "--", sdkConsumer(t), "-probe"))
	var got map[string]int
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
		t.Fatalf("probe output %q: %v", r.Stdout, err)
	}
	want := map[string]int{"no token": 401, "wrong token": 401, "rebound host": 403, "right request": 200}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: status %d, want %d", k, got[k], v)
		}
	}
}

// served is what a child reports about its server: the URL's host:port
// and the token file.
type served struct{ addr, tokenFile string }

func readServed(t *testing.T, path string) served {
	t.Helper()
	var lines []string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(path)
		if lines = strings.Fields(string(b)); len(lines) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child never wrote %s", path)
		}
	}
	u, err := url.Parse(lines[0])
	if err != nil || u.Host == "" || !strings.HasPrefix(u.Host, "127.0.0.1:") {
		t.Fatalf("server URL %q", lines[0])
	}
	return served{addr: u.Host, tokenFile: lines[1]}
}

// reportServed is a shell line writing the server's URL and token file.
const reportServed = `printf '%s\n%s\n' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" > "$HOME/served.tmp" && mv "$HOME/served.tmp" "$HOME/served";`

// checkGone asserts the server's port is closed and its token file removed.
func checkGone(t *testing.T, s served) {
	t.Helper()
	if conn, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after the child ended", s.addr)
	}
	if _, err := os.Stat(filepath.Dir(s.tokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the token directory %s is still there: %v", filepath.Dir(s.tokenFile), err)
	}
}

func TestServerEndsWithTheChildAndPassesItsStatus(t *testing.T) {
	c := newServedChain(t)
	r := c.sb.run("c", "--server", "--", "sh", "-c", reportServed+` exit 7`)
	if r.Code != 7 {
		t.Fatalf("exit %d, want the child's 7\nstderr: %s", r.Code, r.Stderr)
	}
	checkGone(t, readServed(t, c.sb.Home+"/served"))
}

func TestServerEndsWhenTheChildIsKilled(t *testing.T) {
	c := newServedChain(t)
	cmd := exec.Command(binary, "c", "--server", "--", "sh", "-c", reportServed+` kill -9 $$`)
	cmd.Env, cmd.Dir = c.sb.environ(), c.sb.Home
	err := cmd.Run()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("assume ended %v (%v); want killed by SIGKILL like its child, as with plain exec", cmd.ProcessState, err)
	}
	checkGone(t, readServed(t, c.sb.Home+"/served"))
}

// Signals sent to assume by a supervisor (no terminal here) reach the
// child once each, and a child dying by a signal makes assume die by it.
func TestServerRelaysSignalsOnceAndDiesAsTheChildDies(t *testing.T) {
	c := newServedChain(t)
	log := filepath.Join(c.sb.Home, "signals")
	script := `for s in HUP INT QUIT USR1 USR2 WINCH; do trap "echo $s >> '` + log + `'" $s; done
trap "echo TERM >> '` + log + `'; exit 3" TERM
echo ready > "$HOME/ready"
while :; do sleep 0.05; done`
	cmd := exec.Command(binary, "c", "--server", "--", "sh", "-c", script)
	cmd.Env, cmd.Dir = c.sb.environ(), c.sb.Home
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal, as under a supervisor
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, filepath.Join(c.sb.Home, "ready"))
	sent := []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH}
	for i, sig := range sent {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		waitForLines(t, log, i+1) // one at a time: sh may merge two pending ones
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("assume exited %d (%v), want the child's 3", code, err)
	}
	if got := strings.Fields(readFile(t, log)); strings.Join(got, " ") != "HUP INT QUIT USR1 USR2 WINCH TERM" {
		t.Fatalf("the child received %q", got)
	}

	// A child killed by SIGTERM: assume dies by SIGTERM too, so a shell
	// or supervisor sees what it would see with plain exec.
	cmd = exec.Command(binary, "c", "--server", "--", "sh", "-c", "kill -TERM $$")
	cmd.Env, cmd.Dir = c.sb.environ(), c.sb.Home
	_ = cmd.Run()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Fatalf("assume ended %v, want killed by SIGTERM", cmd.ProcessState)
	}
}

func waitForFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
	}
}

func waitForLines(t *testing.T, path string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(path)
		if len(strings.Fields(string(b))) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %q, want %d lines", path, b, n)
		}
	}
}

// Long-term keys never expire: there is nothing to renew, so --server
// runs the command with them (saying so), and serve refuses.
func TestServerLongTermKeysNeedNoServer(t *testing.T) {
	sb, s := strictSandbox(t, "")
	r := mustSucceed(t, sb.run("alice", "--server", "--", "sh", "-c", `printf '%.4s %s' "$AWS_ACCESS_KEY_ID" "${AWS_CONTAINER_CREDENTIALS_FULL_URI-none}"`))
	if r.Stdout != "AKIA none" || !strings.Contains(r.Stderr, `profile "alice" has long-term keys`) {
		t.Fatalf("stdout %q stderr %q", r.Stdout, r.Stderr)
	}
	mustFailCleanly(t, sb.run("serve", "alice"), `profile "alice"`, "long-term keys", "nothing to renew")
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d STS requests for long-term keys", n)
	}
}

// Under --debug the server's requests are logged by method, path and
// status; the token, the served secrets and the MFA code never appear.
func TestServerDebugLogHoldsNoToken(t *testing.T) {
	c := newServedChain(t)
	r := mustSucceed(t, c.sb.run("--debug", "c", "--server", "--", "sh", "-c",
		`cp "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" "$HOME/token-copy" && "$0" -probe > "$HOME/probe"`, sdkConsumer(t)))
	token := readFile(t, c.sb.Home+"/token-copy")
	if len(token) != 64 {
		t.Fatalf("token %q", token)
	}
	for _, want := range []string{`server: GET "/credentials" from 127.0.0.1:`, ": 401", ": 403", ": 200", "server: serving {AccessKeyID:ASIA"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("debug log lacks %q:\n%s", want, r.Stderr)
		}
	}
	var secrets []string
	for _, rq := range c.sts.Requests() {
		if rq.TokenCode != "" {
			secrets = append(secrets, rq.TokenCode)
		}
	}
	secrets = append(secrets, token)
	for _, s := range secrets {
		if strings.Contains(r.Stderr, s) || strings.Contains(r.Stdout, s) {
			t.Errorf("the debug run printed a secret (%.6s...)", s)
		}
	}
	if strings.Contains(r.Stderr, "SecretAccessKey") || strings.Contains(r.Stderr, "Authorization") {
		t.Errorf("the debug log names a secret field:\n%s", r.Stderr)
	}
}
