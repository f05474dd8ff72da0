//go:build !windows

package procgroup

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// gone waits for every process of group pgid to be reaped.
func gone(t *testing.T, pgid int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); syscall.Kill(-pgid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("group %d still has processes", pgid)
		}
	}
}

func TestHelperLeadsAGroupOfItsOwn(t *testing.T) {
	g, err := Start(exec.Command("sh", "-c", "sleep 100 | cat"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-g.ID(), syscall.SIGKILL) })
	pgid, err := syscall.Getpgid(g.ID())
	if err != nil || pgid != g.ID() || pgid == syscall.Getpgrp() {
		t.Fatalf("helper %d is in group %d (%v); this process is in %d", g.ID(), pgid, err, syscall.Getpgrp())
	}
	g.Kill()
	var exit *exec.ExitError
	if err := g.Wait(); !errors.As(err, &exit) {
		t.Fatalf("Wait after Kill = %v, want the leader's kill", err)
	}
	gone(t, g.ID())
}

func TestWaitKillsWhatTheLeaderLeftRunning(t *testing.T) {
	g, err := Start(exec.Command("sh", "-c", "(sleep 100 &)"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-g.ID(), syscall.SIGKILL) })
	if err := g.Wait(); err != nil {
		t.Fatalf("leader: %v", err)
	}
	gone(t, g.ID())
	g.Kill() // after Wait: harmless
}
