//go:build linux

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/assume-cli/assume/pkg/profiles"
)

// renames counts, with inotify, the files renamed onto name in dir: an
// atomic write of the config is exactly one.
type renames struct {
	fd    int
	count atomic.Int32
	done  chan struct{}
}

func watchRenames(t *testing.T, dir, name string) *renames {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MOVED_TO|unix.IN_CLOSE_WRITE); err != nil {
		t.Fatal(err)
	}
	r := &renames{fd: fd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			select {
			case <-r.done:
				return
			default:
			}
			n, err := unix.Read(fd, buf)
			if err != nil || n <= 0 {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
				nameBytes := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
				if ev.Mask&unix.IN_MOVED_TO != 0 && strings.TrimRight(string(nameBytes), "\x00") == name {
					r.count.Add(1)
				}
				if ev.Mask&unix.IN_CLOSE_WRITE != 0 && strings.TrimRight(string(nameBytes), "\x00") == name {
					r.count.Add(100) // written in place: not atomic
				}
				off += unix.SizeofInotifyEvent + int(ev.Len)
			}
		}
	}()
	t.Cleanup(func() { close(r.done); unix.Close(fd) })
	return r
}

// settle gives inotify's reader time to see the last event.
func (r *renames) settle() int {
	time.Sleep(200 * time.Millisecond)
	return int(r.count.Load())
}

func TestSSOSyncTwoThousandAccountsWithThrottling(t *testing.T) {
	aws := requireTool(t, "aws")
	w := newSSOWorld(t, "")
	const accounts = 2000
	roles := []string{"AdministratorAccess", "ReadOnly", "Billing"}
	for i := range accounts {
		w.fake.AddAccount(fmt.Sprintf("%012d", 200000000000+i), fmt.Sprintf("acct %04d", i), roles...)
	}
	w.fake.SetPageSize(20)
	w.fake.SetThrottle(10)                  // every 10th portal call: 429 TooManyRequestsException
	w.fake.SetLatency(5 * time.Millisecond) // a portal call is not free
	w.login(t, "--sso-session", "corp")
	config := w.Env["AWS_CONFIG_FILE"]
	before := readFile(t, config)
	if err := os.Chmod(config, 0o640); err != nil {
		t.Fatal(err)
	}
	watch := watchRenames(t, filepath.Dir(config), filepath.Base(config))

	// A reader polls the file throughout: it must only ever see the old
	// file or the whole new one.
	stop := make(chan struct{})
	var reads, torn atomic.Int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(config)
			if err == nil {
				reads.Add(1)
				s := string(b)
				if s != before && !strings.HasSuffix(s, "# END assume sso sync corp\n") {
					torn.Add(1)
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	start := time.Now()
	r := mustSucceed(t, w.run("sso", "sync", "--sso-session", "corp", "--prefix", "corp-", "--region", "eu-west-1"))
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()

	throttled := 0
	for _, req := range w.fake.Requests() {
		if req.Code == "TooManyRequestsException" {
			throttled++
		}
	}
	t.Logf("sso sync of %d accounts x %d roles: %s wall time, %d portal calls throttled, %d reads during the sync; %s",
		accounts, len(roles), elapsed.Round(10*time.Millisecond), throttled, reads.Load(), strings.TrimSpace(r.Stderr))
	if r.Stdout != "" {
		t.Errorf("sync printed on stdout: %q", r.Stdout[:min(len(r.Stdout), 200)])
	}
	if throttled < accounts/20 {
		t.Errorf("only %d throttled calls: the fake did not throttle", throttled)
	}
	if n := watch.settle(); n != 1 {
		t.Errorf("%d renames onto the config (100 per in-place write), want exactly one atomic write", n)
	}
	if torn.Load() != 0 {
		t.Errorf("a reader saw a half-written config %d times", torn.Load())
	}
	if elapsed > 3*time.Minute {
		t.Errorf("sync took %s", elapsed)
	}
	after := readFile(t, config)
	if !strings.HasPrefix(after, before) {
		t.Error("the config before the block was not kept byte for byte")
	}
	if st, _ := os.Stat(config); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %04o, want 0640 kept", st.Mode().Perm())
	}
	cfg, err := profiles.LoadBytes(config, []byte(after), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	generated := 0
	for _, n := range cfg.Names() {
		if strings.HasPrefix(n, "corp-acct-") {
			generated++
		}
	}
	if generated != accounts*len(roles) {
		t.Errorf("%d generated profiles, want %d", generated, accounts*len(roles))
	}

	// Idempotent: a second sync lists again and writes nothing.
	st1, _ := os.Stat(config)
	r = mustSucceed(t, w.run("sso", "sync", "--sso-session", "corp", "--prefix", "corp-", "--region", "eu-west-1"))
	if !strings.Contains(r.Stderr, "already up to date") {
		t.Errorf("second sync: %s", r.Stderr)
	}
	st2, _ := os.Stat(config)
	if n := watch.settle(); n != 1 || !st2.ModTime().Equal(st1.ModTime()) || readFile(t, config) != after {
		t.Errorf("second sync wrote the file (%d renames)", n)
	}

	// A role taken away: the dry run shows it, the sync removes only it.
	w.fake.RemoveRole("200000000042", "Billing")
	r = mustSucceed(t, w.run("sso", "sync", "--sso-session", "corp", "--prefix", "corp-", "--region", "eu-west-1", "--dry-run"))
	if !strings.Contains(r.Stdout, "-[profile corp-acct-0042-Billing]\n") || strings.Count(r.Stdout, "\n-") != 6 || strings.Contains(r.Stdout, "\n+[") {
		t.Errorf("dry run diff:\n%s", r.Stdout)
	}
	if readFile(t, config) != after || watch.settle() != 1 {
		t.Error("--dry-run wrote the file")
	}

	// The aws CLI (botocore) uses a synced profile with the sign-in assume
	// made: the same token cache, the fake portal, the strict fake STS.
	r = mustSucceed(t, w.exec(aws, "sts", "get-caller-identity", "--profile", "corp-acct-0042-AdministratorAccess", "--output", "json"))
	if id := decodeIdentity(t, r.Stdout); !strings.HasPrefix(id.Arn, "arn:aws:sts::200000000042:assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Errorf("aws CLI identity %q", id.Arn)
	}
	r = mustSucceed(t, w.run("whoami", "corp-acct-1999-ReadOnly"))
	if !strings.Contains(r.Stdout, "200000001999:assumed-role/AWSReservedSSO_ReadOnly_") {
		t.Errorf("assume whoami: %s", r.Stdout)
	}
}
