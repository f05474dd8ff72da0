package filering

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"
)

// plant leaves a temporary file as a dead write would, modified age ago.
func plant(t *testing.T, dir, name string, age time.Duration) string {
	t.Helper()
	path := filepath.Join(dir, tmpPrefix+name)
	if err := os.WriteFile(path, []byte("a whole encrypted item"), 0o600); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-age)
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
	return path
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

func TestListingPrunesOnlyTheLitterOfDeadWrites(t *testing.T) {
	dir := t.TempDir()
	r := New(dir, keyring.FixedStringPrompt("pw"))
	if err := r.Set(keyring.Item{Key: "kept", Data: []byte("v")}); err != nil {
		t.Fatal(err)
	}
	dead := plant(t, dir, "dead", staleWrite+time.Minute)
	inFlight := plant(t, dir, "in-flight", 0)
	notAFile := filepath.Join(dir, tmpPrefix+"dir")
	if err := os.Mkdir(notAFile, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(notAFile, time.Unix(0, 0), time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	keys, err := r.Keys()
	if err != nil || len(keys) != 1 || keys[0] != "kept" {
		t.Fatalf("Keys = %q, %v", keys, err)
	}
	if exists(dead) {
		t.Error("the litter of a dead write outlived a listing")
	}
	if !exists(inFlight) {
		t.Error("a write in flight was removed by a listing")
	}
	if !exists(notAFile) {
		t.Error("a directory with the temporary prefix was removed")
	}
	n, err := r.PruneTemporary(0)
	if err != nil || n != 1 || exists(inFlight) {
		t.Fatalf("PruneTemporary(0) = %d, %v; in flight still there: %v", n, err, exists(inFlight))
	}
	if _, err := r.Get("kept"); err != nil {
		t.Fatalf("pruning touched an item: %v", err)
	}
}

// A writer killed between writing its temporary file and renaming it (a
// SIGKILL during the fsync) leaves the whole encrypted item behind; the
// next listing no older than staleWrite keeps it (it could be in flight),
// PruneTemporary(0) removes it.
func TestAKilledWriterLeavesLitterThatIsPruned(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FILERING_CHILD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("the child said nothing: %v", err)
	}
	tmp, ok := strings.CutPrefix(strings.TrimSpace(line), "TMP=")
	if !ok {
		t.Fatalf("the child said %q", line)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	r := New(dir, keyring.FixedStringPrompt("pw"))
	if !exists(tmp) || filepath.Dir(tmp) != dir {
		t.Fatalf("no litter at %s", tmp)
	}
	if keys, _ := r.Keys(); len(keys) != 0 || !exists(tmp) {
		t.Fatalf("the fresh litter is listed (%q) or pruned as if stale (%v)", keys, !exists(tmp))
	}
	// It is a complete item: exactly what must not be left lying around.
	raw, _ := os.ReadFile(tmp)
	if _, err := jweOpen("pw", raw); err != nil {
		t.Fatalf("the litter is not a whole item: %v", err)
	}
	if n, err := r.PruneTemporary(0); err != nil || n != 1 || exists(tmp) {
		t.Fatalf("PruneTemporary(0) = %d, %v", n, err)
	}
}

// TestKilledWriterChild writes an item and stops just before the rename,
// saying where its temporary file is, until it is killed.
func TestKilledWriterChild(t *testing.T) {
	dir := os.Getenv("FILERING_CHILD_DIR")
	if dir == "" {
		t.Skip("only run as the child of TestAKilledWriterLeavesLitterThatIsPruned")
	}
	r := New(dir, keyring.FixedStringPrompt("pw"))
	r.beforeRename = func(tmp string) {
		fmt.Printf("TMP=%s\n", tmp)
		time.Sleep(time.Hour) // until SIGKILL
	}
	_ = r.Set(keyring.Item{Key: "session", Data: []byte("secret")})
}
