//go:build unix

package privdir

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// checkParent refuses a parent of target that someone other than root or
// us could use to rename target away: owned by another user, or writable
// by others (or a group not ours alone) without the sticky bit.
func checkParent(p string, st fs.FileInfo, target string) error {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("checking %s: no owner information", p)
	}
	euid := uint32(os.Geteuid())
	of := "(a parent of " + target + ")"
	if sys.Uid != 0 && sys.Uid != euid {
		return &Error{Path: p, Problem: fmt.Sprintf("%s belongs to uid %d, not you (uid %d) or root", of, sys.Uid, euid),
			Fix: "its owner can swap what is inside; point assume at a directory you own"}
	}
	if st.Mode()&fs.ModeSticky != 0 {
		return nil // like /tmp: others may add entries but not rename ours
	}
	mode := sys.Mode & 0o7777
	if mode&0o002 != 0 {
		return &Error{Path: p, Problem: fmt.Sprintf("%s is writable by everyone without the sticky bit (mode %04o)", of, mode),
			Fix: fmt.Sprintf("anyone can rename what is inside; run chmod o-w %q, or point assume at a directory only you can write", p)}
	}
	if mode&0o020 != 0 && !privateGroup(sys.Gid, euid) {
		return &Error{Path: p, Problem: fmt.Sprintf("%s is writable by group %d without the sticky bit (mode %04o)", of, sys.Gid, mode),
			Fix: fmt.Sprintf("the group's members can rename what is inside; run chmod g-w %q, or point assume at a directory only you can write", p)}
	}
	return nil
}

// privateGroup says gid is the user's own group (the "user private group"
// of Debian, Ubuntu and Fedora, where a umask of 002 makes directories
// such as ~/.cache group-writable): the user's primary group, named after
// the user.
func privateGroup(gid, uid uint32) bool {
	if int(gid) != os.Getegid() {
		return false
	}
	g, err := user.LookupGroupId(strconv.FormatUint(uint64(gid), 10))
	if err != nil {
		return false
	}
	u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10))
	return err == nil && g.Name == u.Username
}

// checkOwnDir refuses a directory that is not ours or that others can
// enter.
func checkOwnDir(dir string, st fs.FileInfo) error {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("checking %s: no owner information", dir)
	}
	if euid := uint32(os.Geteuid()); sys.Uid != euid {
		return &Error{Path: dir, Problem: fmt.Sprintf("belongs to uid %d, not you (uid %d)", sys.Uid, euid),
			Fix: "someone else made it, perhaps to read or swap your files; remove it, or point assume at a directory of your own"}
	}
	if mode := sys.Mode & 0o7777; mode&0o077 != 0 {
		return &Error{Path: dir, Problem: fmt.Sprintf("has mode %04o, open to group or others", mode),
			Fix: fmt.Sprintf("run chmod 700 %q", dir)}
	}
	return nil
}
