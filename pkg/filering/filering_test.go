package filering

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/keyring"

	// Imported for its init, which must run before keyring's: without a
	// session bus keyring's init would run dbus-launch in this test binary.
	_ "github.com/assume-cli/assume/internal/dbusguard"
)

const fileringPass = "pw for filering tests"

// fileringPair opens ours and 99designs' file backend on one directory.
func fileringPair(t testing.TB) (ours *Ring, theirs keyring.Keyring, dir string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "kr")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	theirs, err := keyring.Open(keyring.Config{
		AllowedBackends:  []keyring.BackendType{keyring.FileBackend},
		FileDir:          dir,
		FilePasswordFunc: keyring.FixedStringPrompt(fileringPass),
	})
	if err != nil {
		t.Fatal(err)
	}
	return New(dir, keyring.FixedStringPrompt(fileringPass)), theirs, dir
}

func fileringItems() []keyring.Item {
	return []keyring.Item{
		{Key: "assume.session.x", Data: []byte(`{"AccessKeyId":"ASIA..."}`), Label: "assume session", Description: "temporary AWS credentials"},
		{Key: "odd/name%with 100% slashes/", Data: bytes.Repeat([]byte{0, 0xff, '"'}, 500), KeychainNotTrustApplication: true},
		{Key: "ünïcode ✓", Data: nil, KeychainNotSynchronizable: true},
	}
}

func TestFileringReadsWhat99designsWrites(t *testing.T) {
	ours, theirs, _ := fileringPair(t)
	for _, it := range fileringItems() {
		if err := theirs.Set(it); err != nil {
			t.Fatal(err)
		}
		got, err := ours.Get(it.Key)
		if err != nil || !reflect.DeepEqual(got, it) {
			t.Fatalf("Get(%q) = %+v, %v; want %+v", it.Key, got, err, it)
		}
	}
}

func Test99designsReadsWhatFileringWrites(t *testing.T) {
	ours, theirs, _ := fileringPair(t)
	for _, it := range fileringItems() {
		if err := ours.Set(it); err != nil {
			t.Fatal(err)
		}
		got, err := theirs.Get(it.Key)
		if err != nil || !reflect.DeepEqual(got, it) {
			t.Fatalf("their Get(%q) = %+v, %v; want %+v", it.Key, got, err, it)
		}
	}
}

func TestFileringKeysRemoveAgreeWith99designs(t *testing.T) {
	ours, theirs, _ := fileringPair(t)
	items := fileringItems()
	for i, it := range items {
		w := keyring.Keyring(ours)
		if i%2 == 1 {
			w = theirs
		}
		if err := w.Set(it); err != nil {
			t.Fatal(err)
		}
	}
	assertSameKeys(t, ours, theirs, len(items))
	if err := ours.Remove(items[0].Key); err != nil {
		t.Fatal(err)
	}
	if err := theirs.Remove(items[1].Key); err != nil {
		t.Fatal(err)
	}
	assertSameKeys(t, ours, theirs, 1)
	for _, r := range []keyring.Keyring{ours, theirs} {
		if _, err := r.Get(items[1].Key); !errors.Is(err, keyring.ErrKeyNotFound) {
			t.Fatalf("removed item: %v", err)
		}
		if _, err := r.GetMetadata(items[0].Key); !errors.Is(err, keyring.ErrKeyNotFound) {
			t.Fatalf("removed item metadata: %v", err)
		}
		if m, err := r.GetMetadata(items[2].Key); err != nil || m.ModificationTime.IsZero() {
			t.Fatalf("metadata: %+v, %v", m, err)
		}
	}
	// A missing item is ErrKeyNotFound for us (their backend returned the
	// bare *PathError), and still fs.ErrNotExist.
	err := ours.Remove(items[0].Key)
	if !errors.Is(err, keyring.ErrKeyNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Remove missing: %v", err)
	}
}

func assertSameKeys(t *testing.T, ours, theirs keyring.Keyring, n int) {
	t.Helper()
	a, err := ours.Keys()
	if err != nil {
		t.Fatal(err)
	}
	b, err := theirs.Keys()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) || len(a) != n {
		t.Fatalf("Keys: ours %q, theirs %q, want %d", a, b, n)
	}
}

func TestFileringWrongPassphrase(t *testing.T) {
	ours, _, dir := fileringPair(t)
	if err := ours.Set(fileringItems()[0]); err != nil {
		t.Fatal(err)
	}
	wrong := New(dir, keyring.FixedStringPrompt("not it"))
	if _, err := wrong.Get(fileringItems()[0].Key); !errors.Is(err, errDecrypt) {
		t.Fatalf("wrong passphrase: %v", err)
	}
}

// The passphrase is asked for lazily, once, and never accepted empty.
func TestFileringPassphrase(t *testing.T) {
	dir := t.TempDir()
	calls := 0
	prompt := func(msg string) (string, error) {
		calls++
		if !strings.Contains(msg, dir) {
			t.Errorf("prompt %q does not name %s", msg, dir)
		}
		return "pw", nil
	}
	r := New(dir, prompt)
	if _, err := r.Keys(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get("missing"); !errors.Is(err, keyring.ErrKeyNotFound) || calls != 0 {
		t.Fatalf("miss: %v, %d prompts", err, calls)
	}
	for range 3 {
		if err := r.Set(keyring.Item{Key: "k", Data: []byte("v")}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Get("k"); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Fatalf("%d prompts", calls)
	}

	empty := New(dir, func(string) (string, error) { calls++; return "", nil })
	calls = 0
	for range 2 {
		if _, err := empty.Get("k"); !errors.Is(err, ErrEmptyPassphrase) {
			t.Fatalf("empty passphrase: %v", err)
		}
	}
	if calls != 1 {
		t.Fatalf("a failed prompt was repeated: %d", calls)
	}
	if err := New(dir, nil).Set(keyring.Item{Key: "k"}); err == nil {
		t.Fatal("Set without a passphrase source")
	}
}

func TestFileringRefusesUnsafeNames(t *testing.T) {
	r := New(t.TempDir(), keyring.FixedStringPrompt("pw"))
	for _, k := range []string{"", ".", "..", tmpPrefix + "x"} {
		if err := r.Set(keyring.Item{Key: k}); err == nil {
			t.Errorf("Set(%q) accepted", k)
		}
		if _, err := r.Get(k); err == nil {
			t.Errorf("Get(%q) accepted", k)
		}
	}
}

// Set replaces the file by rename: a reader holding the old file still
// reads the whole old item (an in-place rewrite would truncate it under
// the reader), and no temp file is left behind, even when the rename fails.
func TestFileringSetIsAtomic(t *testing.T) {
	r, _, dir := fileringPair(t)
	if err := r.Set(keyring.Item{Key: "k", Data: []byte("old")}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "k")
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldSt, _ := old.Stat()
	if err := r.Set(keyring.Item{Key: "k", Data: bytes.Repeat([]byte("new"), 1000)}); err != nil {
		t.Fatal(err)
	}
	newSt, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(oldSt, newSt) {
		t.Fatal("Set rewrote the file in place")
	}
	tok, err := io.ReadAll(old)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := jweOpen(fileringPass, tok); err != nil || !strings.Contains(string(p), `"Data":"b2xk"`) {
		t.Fatalf("old reader saw %q, %v", p, err)
	}

	// A rename that fails (the target is a non-empty directory) cleans up.
	if err := os.MkdirAll(filepath.Join(dir, "blocked", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := r.Set(keyring.Item{Key: "blocked"}); err == nil {
		t.Fatal("Set over a directory succeeded")
	}
	names := dirNames(t, dir)
	if !slices.Equal(names, []string{"blocked", "k"}) {
		t.Fatalf("directory holds %q", names)
	}
}

// Concurrent readers only ever see complete items.
func TestFileringConcurrentReadersSeeWholeItems(t *testing.T) {
	r, _, dir := fileringPair(t)
	path := filepath.Join(dir, "k")
	if err := r.Set(keyring.Item{Key: "k"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	bad := make(chan string, 1)
	go func() {
		defer close(bad)
		for {
			select {
			case <-done:
				return
			default:
			}
			b, err := os.ReadFile(path)
			if err != nil {
				bad <- err.Error()
				return
			}
			parts := bytes.Split(b, []byte{'.'})
			if len(parts) != 5 || len(parts[4]) != 22 { // 16-byte tag
				bad <- string(b)
				return
			}
		}
	}()
	for i := range 30 {
		if err := r.Set(keyring.Item{Key: "k", Data: bytes.Repeat([]byte{'x'}, 4096*(i%3))}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	if b, ok := <-bad; ok {
		t.Fatalf("reader saw a partial item: %.80q", b)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"k"}) {
		t.Fatalf("directory holds %q", names)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileringMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	r := New(dir, keyring.FixedStringPrompt("pw"))
	if keys, err := r.Keys(); err != nil || len(keys) != 0 {
		t.Fatalf("Keys: %q, %v", keys, err)
	}
	if err := r.Set(keyring.Item{Key: "k"}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Fatalf("recreated dir: %v, %v", st, err)
	}
}
