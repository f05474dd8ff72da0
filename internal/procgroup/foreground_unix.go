//go:build !windows

package procgroup

import (
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// foreground is the controlling terminal while a helper's group holds it.
type foreground struct {
	tty  *os.File
	pgrp int // this process's group, which had the terminal before
}

// takeForeground opens the controlling terminal if this process's group is
// its foreground group; otherwise (no terminal, or run in the background)
// it returns nil and the helper runs in the background, as this process
// does.
func takeForeground() *foreground {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil
	}
	pgrp := syscall.Getpgrp()
	if fg, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP); err != nil || fg != pgrp {
		tty.Close()
		return nil
	}
	return &foreground{tty: tty, pgrp: pgrp}
}

func (f *foreground) fd() int { return int(f.tty.Fd()) }

func (f *foreground) close() {
	if f != nil {
		f.tty.Close()
	}
}

// giveBack makes this process's group the foreground one again, if the
// helper's group still has the terminal. A process outside the foreground
// group that sets it is sent SIGTTOU unless it blocks that signal, which Go
// cannot do for the calling thread; Go blocks it in a child it starts
// (SysProcAttr.Foreground sets the group before unblocking signals), so a
// no-op child joins this process's group and sets the foreground for it.
func (f *foreground) giveBack(helperGroup int) {
	if f == nil {
		return
	}
	defer f.close()
	if fg, err := unix.IoctlGetInt(f.fd(), unix.TIOCGPGRP); err != nil || fg != helperGroup {
		return // someone else has taken it since
	}
	restore := exec.Command("/bin/sh", "-c", ":")
	restore.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: f.pgrp, Foreground: true, Ctty: f.fd()}
	_ = restore.Run()
}
