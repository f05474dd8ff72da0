package e2e

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// While the child runs, the token is in no process's argv (nor in the
// child's environment: it gets the file's path); when assume is killed
// with SIGKILL, the child dies too and the port closes.
func TestServerTokenInNoArgvAndChildDiesWithAssume(t *testing.T) {
	c := newServedChain(t)
	cmd := exec.Command(binary, "c", "--server", "--", "sh", "-c", reportServed+` echo $$ > "$HOME/pid"; exec sleep 120`)
	cmd.Env, cmd.Dir = c.sb.environ(), c.sb.Home
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	s := readServed(t, c.sb.Home+"/served")
	waitForFile(t, filepath.Join(c.sb.Home, "pid"))
	child, err := strconv.Atoi(strings.TrimSpace(readFile(t, filepath.Join(c.sb.Home, "pid"))))
	if err != nil {
		t.Fatal(err)
	}
	token, err := os.ReadFile(s.tokenFile)
	if err != nil || len(token) != 64 {
		t.Fatalf("token file: %q, %v", token, err)
	}
	if fi, err := os.Stat(s.tokenFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, %v", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(filepath.Dir(s.tokenFile)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("token directory mode %v, %v", fi.Mode().Perm(), err)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	scanned := 0
	for _, p := range procs {
		argv, err := os.ReadFile(p)
		if err != nil {
			continue // gone, or not ours to read
		}
		scanned++
		if bytes.Contains(argv, token) {
			t.Errorf("the token is in the argv of %s: %q", p, bytes.ReplaceAll(argv, []byte{0}, []byte{' '}))
		}
	}
	if scanned < 3 {
		t.Fatalf("scanned only %d command lines", scanned)
	}
	if env, err := os.ReadFile("/proc/" + strconv.Itoa(child) + "/environ"); err != nil || bytes.Contains(env, token) || !bytes.Contains(env, []byte(s.tokenFile)) {
		t.Errorf("child environment: token there %v, token file named %v (%v)", bytes.Contains(env, token), bytes.Contains(env, []byte(s.tokenFile)), err)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for deadline := time.Now().Add(20 * time.Second); alive(child); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			syscall.Kill(child, syscall.SIGKILL)
			t.Fatalf("the child %d outlived its SIGKILLed assume", child)
		}
	}
	if conn, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections", s.addr)
	}
}

// alive says whether pid runs (a zombie no one reaped counts as dead).
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}
