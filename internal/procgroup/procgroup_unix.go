//go:build !windows

package procgroup

import (
	"errors"
	"os/exec"
	"sync"
	"syscall"
)

// Group is a started command leading a process group of its own.
type Group struct {
	cmd  *exec.Cmd
	pgid int
	fg   *foreground // nil unless the group was given the terminal
	once sync.Once
}

// Start starts cmd as the leader of a new process group.
func Start(cmd *exec.Cmd) (*Group, error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	fg := takeForeground()
	if fg != nil {
		// The child makes its group the foreground one before exec.
		cmd.SysProcAttr.Foreground = true
		cmd.SysProcAttr.Ctty = fg.fd()
	}
	if err := cmd.Start(); err != nil {
		fg.close()
		return nil, err
	}
	return &Group{cmd: cmd, pgid: cmd.Process.Pid, fg: fg}, nil
}

// ID is the process group id (the leader's pid).
func (g *Group) ID() int { return g.pgid }

// Kill sends SIGKILL to every process of the group. It is safe to call at
// any time, repeatedly, and concurrently with Wait.
func (g *Group) Kill() {
	if err := syscall.Kill(-g.pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		_ = g.cmd.Process.Kill() // at least the leader
	}
}

// Wait waits for the leader to exit, then kills whatever of its group is
// left (a background job still holding the output pipe) and gives the
// terminal back if the group had it. It returns the leader's exit error.
//
// The group is killed after the leader is reaped: if nothing of it is left,
// the id is free, and the signal could reach another group only if the
// system handed out that same id to a new group leader in between, which
// takes a full cycle of the pid space.
func (g *Group) Wait() error {
	err := g.cmd.Wait()
	g.Kill()
	g.once.Do(func() { g.fg.giveBack(g.pgid) })
	return err
}
