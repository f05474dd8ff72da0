// Package privdir is the one check for every directory assume writes: the
// cache locks, the remembered keyring backend, the file keyring, the
// picker's recent profiles, the credentials server's tokens and the
// console's hand-off page. A directory is private when it is a real
// directory (not a symbolic link), owned by the effective user, with no
// permission for group or others, and no parent lets anyone but its owner
// and root rename it away: a directory of ours inside another user's
// directory, or inside a directory everyone may write without the sticky
// bit, can be swapped for theirs between two of our system calls.
//
// It stands alone (no other package of assume), so every room may use it.
package privdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Error says which directory is not private, why, and what to do.
type Error struct {
	Path    string // the directory at fault: the one checked or a parent of it
	Problem string // e.g. "belongs to uid 1001, not you (uid 1000)"
	Fix     string // e.g. "remove it, or point assume at a directory of your own"
}

func (e *Error) Error() string { return e.Path + " " + e.Problem + ": " + e.Fix }

// Ensure creates dir, and any missing parents, mode 0700 unless it exists,
// and checks that it is private. Parents are checked before anything is
// created in them. A directory this call created gets exactly 0700 (the
// umask may have narrowed it); an existing one that is too wide is refused
// rather than narrowed: while it was open someone may have put something
// in it.
func Ensure(dir string) error { return ensure(dir, true) }

// Check is Ensure without creating anything: a missing directory is an
// error matching fs.ErrNotExist.
func Check(dir string) error { return ensure(dir, false) }

func ensure(dir string, create bool) error {
	if dir == "" {
		return errors.New("no directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	// The missing tail of the path, innermost first.
	var missing []string
	existing := abs
	for {
		_, err := os.Lstat(existing)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("checking %s: %w", existing, err)
		}
		if !create {
			return fmt.Errorf("checking %s: %w", abs, err)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return fmt.Errorf("checking %s: %w", abs, err)
		}
		missing = append(missing, existing)
		existing = parent
	}
	// The parents first: what we create hangs under existing, and an
	// existing directory under its parent.
	parent := existing
	if len(missing) == 0 {
		parent = filepath.Dir(abs)
	}
	if err := checkChain(parent, abs); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(missing[i], 0o700)
		switch {
		case err == nil:
			// Exactly 0700: a umask such as 0277 would leave it unwritable.
			if err := os.Chmod(missing[i], 0o700); err != nil {
				return fmt.Errorf("creating %s: %w", missing[i], err)
			}
		case errors.Is(err, fs.ErrExist):
			// Made meanwhile by another process (of ours: the parent is
			// safe); it is checked like any existing directory.
		default:
			return fmt.Errorf("creating %s: %w", missing[i], err)
		}
	}
	return checkDir(abs)
}

// checkChain checks dir and each of its parents up to the root as parents
// of target: only root or we may own them, and one anybody else may write
// needs the sticky bit. A symbolic link on the way is as safe as the
// directory holding it (checked as the next one up) and its target, so the
// path is then resolved and that chain checked too.
func checkChain(dir, target string) error {
	followed := false
	for p := dir; ; {
		st, err := os.Lstat(p)
		if err != nil {
			return fmt.Errorf("checking %s: %w", p, err)
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			followed = true
		} else if err := checkParent(p, st, target); err != nil {
			return err
		}
		next := filepath.Dir(p)
		if next == p {
			break
		}
		p = next
	}
	if !followed {
		return nil
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if real == dir {
		return nil
	}
	return checkChain(real, target)
}

// checkDir checks the directory itself.
func checkDir(dir string) error {
	st, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		return &Error{Path: dir, Problem: "is a symbolic link", Fix: "remove the link; assume writes only into a real directory of its own"}
	case !st.IsDir():
		return &Error{Path: dir, Problem: "is not a directory", Fix: "remove it"}
	case st.Mode()&fs.ModeIrregular != 0: // a Windows junction or other reparse point
		return &Error{Path: dir, Problem: "is not a plain directory (a junction?)", Fix: "remove it; assume writes only into a real directory of its own"}
	}
	return checkOwnDir(dir, st)
}
