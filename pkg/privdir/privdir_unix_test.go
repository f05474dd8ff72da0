//go:build unix

package privdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
)

// otherUID owns what "another user" made in these tests (root only).
const otherUID = 54321

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Unavailable(t, "chown to another user needs root (CI runs as root)")
	}
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode() & (fs.ModePerm | fs.ModeSticky)
}

func mkdir(t *testing.T, path string, perm fs.FileMode) string {
	t.Helper()
	if err := os.Mkdir(path, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

// refused asserts a *Error naming path and mentioning each want.
func refused(t *testing.T, err error, path string, want ...string) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("want a refusal of %s, got %v", path, err)
	}
	if pe.Path != path {
		t.Errorf("refusal names %s, want %s (%v)", pe.Path, path, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("refusal %q does not say %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("refusal is not one line: %q", err)
	}
}

// Not parallel: the umask is process-wide.
func TestEnsureCreatesMissingParentsExactly0700(t *testing.T) {
	old := syscall.Umask(0o277) // would leave 0500: unwritable
	defer syscall.Umask(old)
	base := t.TempDir()
	dir := filepath.Join(base, "a", "b", "c")
	if err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(base, "a"), filepath.Join(base, "a", "b"), dir} {
		if m := mode(t, p); m != 0o700 {
			t.Errorf("%s: mode %v, want 0700", p, m)
		}
	}
	if err := Ensure(dir); err != nil {
		t.Fatalf("a second Ensure refused its own directory: %v", err)
	}
	if err := Check(dir); err != nil {
		t.Fatalf("Check refused it: %v", err)
	}
}

func TestCheckCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing", "dir")
	if err := Check(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Check of a missing directory: %v", err)
	}
	if _, err := os.Lstat(filepath.Dir(dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Check created something: %v", err)
	}
}

func TestEnsureRefusesALinkAFileAndAWideMode(t *testing.T) {
	base := t.TempDir()
	target := mkdir(t, filepath.Join(base, "target"), 0o700)
	link := filepath.Join(base, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(link), link, "symbolic link")

	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(file), file, "not a directory")

	wide := mkdir(t, filepath.Join(base, "wide"), 0o755)
	refused(t, Ensure(wide), wide, "0755", "chmod 700")
	if m := mode(t, wide); m != 0o755 {
		t.Errorf("a refused directory was changed to %v", m)
	}
}

func TestEnsureRefusesAnOpenParentUnlessSticky(t *testing.T) {
	base := t.TempDir()
	open := mkdir(t, filepath.Join(base, "open"), 0o777)
	// Missing: nothing may be created in it.
	refused(t, Ensure(filepath.Join(open, "assume")), open, "writable by everyone", "sticky")
	if entries, _ := os.ReadDir(open); len(entries) != 0 {
		t.Fatalf("created %v inside an open parent", entries)
	}
	// Existing, ours and 0700: still swappable.
	mkdir(t, filepath.Join(open, "ours"), 0o700)
	refused(t, Ensure(filepath.Join(open, "ours")), open, "writable by everyone")

	sticky := mkdir(t, filepath.Join(base, "sticky"), 0o777|fs.ModeSticky)
	if err := os.Chmod(sticky, 0o777|fs.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if err := Ensure(filepath.Join(sticky, "assume")); err != nil {
		t.Fatalf("a sticky parent (like /tmp) was refused: %v", err)
	}

	// A link to the open directory from a safe one is as open.
	link := filepath.Join(base, "link")
	if err := os.Symlink(open, link); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(filepath.Join(link, "assume")), open, "writable by everyone")
}

func TestEnsureRefusesAnotherUsersDirectoryOrParent(t *testing.T) {
	needRoot(t)
	base := t.TempDir()
	// XDG_RUNTIME_DIR=/tmp/runtime-$USER made by someone else, 0700 or not.
	theirs := mkdir(t, filepath.Join(base, "runtime"), 0o755)
	if err := os.Chown(theirs, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(filepath.Join(theirs, "assume")), theirs, "belongs to uid 54321")

	planted := mkdir(t, filepath.Join(base, "planted"), 0o700)
	if err := os.Chown(planted, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(planted), planted, "belongs to uid 54321", "not you")

	group := mkdir(t, filepath.Join(base, "group"), 0o770)
	if err := os.Chown(group, 0, otherUID); err != nil {
		t.Fatal(err)
	}
	refused(t, Ensure(filepath.Join(group, "assume")), group, "writable by group 54321")
}
