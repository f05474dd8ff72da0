//go:build !windows

package assume

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// recordGroup is a shell prefix that writes the helper's process group id
// to a file, so the test can check afterwards that nothing of it is left.
func recordGroup(t *testing.T) (prefix, file string) {
	file = filepath.Join(t.TempDir(), "pgid")
	return fmt.Sprintf("ps -o pgid= -p $$ > %[1]s.tmp && mv %[1]s.tmp %[1]s && ", file), file
}

// groupGone waits for every process of the group in file to be gone
// (killed processes are reaped by init, which may take a moment).
func groupGone(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the helper did not record its group: %v", err)
	}
	pgid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pgid <= 1 {
		t.Fatalf("bad process group %q", b)
	}
	if pgid == syscall.Getpgrp() {
		t.Fatalf("the helper ran in the test's own process group %d", pgid)
	}
	t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	for deadline := time.Now().Add(10 * time.Second); syscall.Kill(-pgid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("processes of the helper's group %d are still running", pgid)
		}
	}
}

func TestHelperLeftoversAreKilledAndDoNotHoldTheOutput(t *testing.T) {
	prefix, file := recordGroup(t)
	// The background sleep keeps stdout open: waiting for EOF would take
	// as long as it runs.
	h := helperCommand{what: "mfa_process", command: prefix + "(sleep 100 &) && echo 123456"}
	out, err := h.run(context.Background())
	if err != nil || strings.TrimSpace(string(out)) != "123456" {
		t.Fatalf("run = %q, %v", out, err)
	}
	groupGone(t, file)
}

func TestHelperIsKilledWithItsGroupAtTheLimit(t *testing.T) {
	prefix, file := recordGroup(t)
	h := helperCommand{what: "mfa_process", command: prefix + "sleep 100 | cat", limit: 300 * time.Millisecond}
	_, err := h.run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "mfa_process did not finish within 300ms") {
		t.Fatalf("err = %v, want the limit named", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("a helper's limit must not read as a network timeout (the hint would say raise --timeout)")
	}
	groupGone(t, file)
}

func TestHelperLimitIsTheSoonerOfItsOwnAndTheContexts(t *testing.T) {
	prefix, file := recordGroup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	h := helperCommand{what: "credential_process", command: prefix + "sleep 100"} // own limit: 1 minute
	_, err := h.run(ctx)
	if err == nil || !strings.Contains(err.Error(), "credential_process did not finish before the run's deadline") {
		t.Fatalf("err = %v, want the context's deadline to stop the helper", err)
	}
	groupGone(t, file)
}

func TestHelperIsKilledWithItsGroupWhenTheRunIsInterrupted(t *testing.T) {
	prefix, file := recordGroup(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if _, err := os.Stat(file); err == nil {
				cancel() // as a SIGTERM does to the run's context
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	h := helperCommand{what: "mfa_process", command: prefix + "sleep 100 | cat"}
	_, err := h.run(ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "mfa_process was interrupted") {
		t.Fatalf("err = %v, want an interruption", err)
	}
	groupGone(t, file)
}

func TestHelperThatEscapedItsGroupDoesNotHoldTheRun(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	// setsid puts the sleep in a session of its own, out of reach of the
	// group kill; it still holds stdout. What was printed is returned.
	h := helperCommand{what: "mfa_process", command: fmt.Sprintf("setsid sh -c 'echo $$ > %[1]s.tmp && mv %[1]s.tmp %[1]s && exec sleep 100' & while [ ! -s %[1]s ]; do sleep 0.01; done; echo 123456", pidFile)}
	out, err := h.run(context.Background())
	if b, rerr := os.ReadFile(pidFile); rerr == nil {
		if pid, _ := strconv.Atoi(strings.TrimSpace(string(b))); pid > 1 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	if err != nil || strings.TrimSpace(string(out)) != "123456" {
		t.Fatalf("run = %q, %v", out, err)
	}
}

func TestHelperOutputIsCapped(t *testing.T) {
	prefix, file := recordGroup(t)
	h := helperCommand{what: "credential_process", command: prefix + "yes"}
	_, err := h.run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "printed more than") {
		t.Fatalf("err = %v, want the output cap", err)
	}
	groupGone(t, file)
}

func TestHelperFailureNeverQuotesItsOutput(t *testing.T) {
	secret := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHELPEROUT"
	h := helperCommand{what: "credential_process", command: "echo " + secret + " && exit 3"}
	_, err := h.run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "credential_process failed: exit status 3") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error quotes the output: %v", err)
	}
}
