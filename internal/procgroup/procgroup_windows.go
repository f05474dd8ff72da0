//go:build windows

package procgroup

import (
	"context"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/windows"
)

// Group is a started command. Windows has no process group to signal, and
// a job object (which would contain the tree) is out of scope: Kill ends
// the tree with taskkill /T, which finds descendants through their parent
// process ids, then the leader. Descendants whose parent has already exited
// are not found; they no longer hold assume up, because the caller stops
// reading the helper's output a bounded time after the leader ends.
type Group struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	// handle keeps the leader's pid from being reused until Wait, so
	// taskkill never reaches another process tree.
	handle windows.Handle
	waited bool
}

// Start starts cmd.
func Start(cmd *exec.Cmd) (*Group, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &Group{cmd: cmd}
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(cmd.Process.Pid))
	if err == nil {
		g.handle = h
	}
	return g, nil
}

// ID is the leader's pid.
func (g *Group) ID() int { return g.cmd.Process.Pid }

// Kill ends the leader and the descendants taskkill can find. After Wait it
// does nothing: the pid may belong to another process by then.
func (g *Group) Kill() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.waited {
		return
	}
	if g.handle != 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = exec.CommandContext(ctx, "taskkill", "/T", "/F", "/PID", strconv.Itoa(g.cmd.Process.Pid)).Run()
	}
	_ = g.cmd.Process.Kill()
}

// Wait waits for the leader to exit.
func (g *Group) Wait() error {
	err := g.cmd.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.waited = true
	if g.handle != 0 {
		_ = windows.CloseHandle(g.handle)
	}
	return err
}
