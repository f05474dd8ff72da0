package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// privateTempDir is a 0700 directory (t.TempDir's are 0755).
func privateTempDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "locks")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFileLocksSerialiseAndTimeOutNamingTheHolder(t *testing.T) {
	l := &FileLocks{Dir: filepath.Join(t.TempDir(), "locks"), Timeout: 200 * time.Millisecond, Poll: 5 * time.Millisecond}
	unlock, err := l.Lock(context.Background(), keyA)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks are per open file description: a second open in this
	// process contends like another process would.
	_, err = l.Lock(context.Background(), keyA)
	want := fmt.Sprintf("held by pid %d (%s, profile %q) for ", os.Getpid(), filepath.Base(os.Args[0]), keyA.Profile)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "gave up after 200ms") {
		t.Fatalf("second lock: %v; want it to say %q", err, want)
	}
	var setup *lockSetupError
	if errors.As(err, &setup) {
		t.Fatalf("a lock held too long is not a setup failure: %v", err)
	}
	unlock()
	unlock2, err := l.Lock(context.Background(), keyA)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	unlock2()
}

// The wait ends with the run's context, long before the lock timeout.
func TestFileLocksWaitEndsWithTheContext(t *testing.T) {
	l := &FileLocks{Dir: privateTempDir(t), Timeout: time.Hour, Poll: 5 * time.Millisecond}
	unlock, err := l.Lock(context.Background(), keyA)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := l.Lock(ctx, keyA)
		done <- err
	}()
	cancel()
	err = <-done
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), fmt.Sprintf("held by pid %d", os.Getpid())) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestFileLocksHolderUnknownForARecordlessLock(t *testing.T) {
	dir := privateTempDir(t)
	l := &FileLocks{Dir: dir, Timeout: 50 * time.Millisecond, Poll: 5 * time.Millisecond}
	unlock, err := l.Lock(context.Background(), keyA)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	// An older assume holds it and wrote nothing.
	if err := os.Truncate(filepath.Join(dir, keyA.Fingerprint+".lock"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Lock(context.Background(), keyA); err == nil || !strings.Contains(err.Error(), "held by another process") {
		t.Fatalf("recordless holder: %v", err)
	}
}

func TestFileLocksNeverFollowALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no O_NOFOLLOW; the directory check covers Windows")
	}
	dir := privateTempDir(t)
	target := filepath.Join(t.TempDir(), "anything")
	if err := os.Symlink(target, filepath.Join(dir, keyA.Fingerprint+".lock")); err != nil {
		t.Fatal(err)
	}
	l := &FileLocks{Dir: dir}
	_, err := l.Lock(context.Background(), keyA)
	var setup *lockSetupError
	if !errors.As(err, &setup) || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("a planted link: %v", err)
	}
	if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the link's target was created: %v", err)
	}
	// A hard link to another file of ours is refused too: the holder
	// record would overwrite it.
	other := filepath.Join(dir, "precious")
	if err := os.WriteFile(other, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	keyB := keyA
	keyB.Fingerprint = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	if err := os.Link(other, filepath.Join(dir, keyB.Fingerprint+".lock")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Lock(context.Background(), keyB); !errors.As(err, &setup) || !strings.Contains(err.Error(), "hard links") {
		t.Fatalf("a hard-linked lock: %v", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "keep me" {
		t.Fatalf("the linked file was changed to %q", b)
	}
}

func TestFileLocksFallBackOnceFromADirectoryOthersCanWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no modes on Windows")
	}
	base := t.TempDir()
	open := filepath.Join(base, "runtime")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	fallback := filepath.Join(base, "cache", "locks")
	l := &FileLocks{Dir: filepath.Join(open, "assume"), Fallback: fallback, Warn: &warn}
	for _, k := range []Key{keyA, {Kind: KindRole, Fingerprint: "cccccccccccccccccccccccccccccccc", Profile: "other"}} {
		unlock, err := l.Lock(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		unlock()
		if _, err := os.Stat(filepath.Join(fallback, k.Fingerprint+".lock")); err != nil {
			t.Fatalf("lock not in the fallback: %v", err)
		}
	}
	if entries, _ := os.ReadDir(open); len(entries) != 0 {
		t.Fatalf("wrote %v into a directory others can write", entries)
	}
	if got := warn.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, open) || !strings.Contains(got, fallback) {
		t.Fatalf("want one warning naming both directories, got %q", got)
	}
	// Without a fallback the run goes on unlocked (a setup error).
	bare := &FileLocks{Dir: filepath.Join(open, "assume")}
	var setup *lockSetupError
	if _, err := bare.Lock(context.Background(), keyA); !errors.As(err, &setup) {
		t.Fatalf("no fallback: %v", err)
	}
}

// An MFA device's lock is named by its serial.
func TestFileLocksNameTheMFADevice(t *testing.T) {
	l := &FileLocks{Dir: privateTempDir(t), Timeout: 20 * time.Millisecond, Poll: 5 * time.Millisecond}
	dev := Key{Kind: KindMFADevice, Fingerprint: "dddddddddddddddddddddddddddddddd", Profile: "arn:aws:iam::1:mfa/me", Role: "arn:aws:iam::1:mfa/me"}
	unlock, err := l.Lock(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := l.Lock(context.Background(), dev); err == nil || !strings.Contains(err.Error(), "cache lock of MFA device arn:aws:iam::1:mfa/me, held by pid") {
		t.Fatalf("device lock: %v", err)
	}
}
