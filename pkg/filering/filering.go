// Package filering is the encrypted file keyring: one JWE file per item in
// a directory, readable and writable by 99designs/keyring's file backend
// and by assume versions that used it (see jwe.go for why it exists).
// Unlike that backend it replaces files atomically, so a concurrent reader
// never sees half an item.
package filering

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/99designs/keyring"
	"github.com/mtibben/percent"
)

// Ring is the file keyring over one directory. It implements
// keyring.Keyring.
type Ring struct {
	dir    string // created and checked 0700 by the caller
	prompt keyring.PromptFunc

	once    sync.Once // the passphrase is asked for at most once
	pass    string
	passErr error

	// beforeRename, in tests, runs once a write's temporary file is
	// complete, just before it replaces the item.
	beforeRename func(tmp string)
}

// tmpPrefix names in-flight writes; Keys skips them. They only outlive a
// Set if the process dies between create and rename (a SIGKILL during the
// fsync), and then hold a whole encrypted item nothing would ever read:
// Keys removes those older than staleWrite, PruneTemporary any.
const tmpPrefix = ".filering-tmp-"

// staleWrite is the age at which a temporary file is a dead process's
// litter rather than a write in flight: a write takes milliseconds, or a
// few seconds of fsync on a slow disk, and assume gives up on a keyring
// call after 10 seconds.
const staleWrite = 10 * time.Minute

// maxItem bounds what Get reads: items are a few KiB, and a huge
// file in the directory must not be read into memory whole.
const maxItem = 1 << 20

// New opens the file keyring in dir, which the caller has created and
// checked to be private (0700). prompt supplies the passphrase, asked for
// at most once and only when an item is read or written.
func New(dir string, prompt keyring.PromptFunc) *Ring {
	return &Ring{dir: dir, prompt: prompt}
}

// ErrEmptyPassphrase refuses what other tools silently accepted: an empty
// passphrase makes the encrypted files readable by anyone who can read them.
var ErrEmptyPassphrase = errors.New("empty passphrase for the file keyring")

var _ keyring.Keyring = (*Ring)(nil)

// passphrase asks lazily, so a cache listing or a miss never prompts.
func (r *Ring) passphrase() (string, error) {
	r.once.Do(func() {
		if r.prompt == nil {
			r.passErr = errors.New("no passphrase source for the file keyring")
			return
		}
		// The same message 99designs' backend passes.
		r.pass, r.passErr = r.prompt(fmt.Sprintf("Enter passphrase to unlock %q", r.dir))
		if r.passErr == nil && r.pass == "" {
			r.passErr = ErrEmptyPassphrase
		}
	})
	return r.pass, r.passErr
}

// FileName is the name of the file holding item key, in the ring's
// directory.
func FileName(key string) string { return percent.Encode(key, "/") }

// filename escapes key as 99designs does (percent-encoding '/' and '%'),
// so both implementations agree on where an item lives.
func (r *Ring) filename(key string) (string, error) {
	name := FileName(key)
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, filepath.Separator) || strings.HasPrefix(name, tmpPrefix) {
		return "", fmt.Errorf("keyring item name %q cannot be a file name", key)
	}
	return filepath.Join(r.dir, name), nil
}

// Get implements keyring.Keyring.
func (r *Ring) Get(key string) (keyring.Item, error) {
	path, err := r.filename(key)
	if err != nil {
		return keyring.Item{}, err
	}
	token, err := readItemFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Item{}, keyring.ErrKeyNotFound
	}
	if err != nil {
		return keyring.Item{}, err
	}
	pass, err := r.passphrase()
	if err != nil {
		return keyring.Item{}, err
	}
	payload, err := jweOpen(pass, token)
	if err != nil {
		return keyring.Item{}, fmt.Errorf("keyring item %q: %w", key, err)
	}
	var item keyring.Item
	if err := json.Unmarshal(payload, &item); err != nil {
		return keyring.Item{}, fmt.Errorf("keyring item %q: decode: %w", key, err)
	}
	return item, nil
}

func readItemFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // unwrapped: the caller tests for fs.ErrNotExist
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxItem+1))
	if err != nil {
		return nil, fmt.Errorf("read keyring item: %w", err)
	}
	if len(b) > maxItem {
		return nil, fmt.Errorf("keyring item %s is larger than %d bytes", path, maxItem)
	}
	return b, nil
}

// GetMetadata implements keyring.Keyring. As with 99designs' backend, only
// the modification time is known without decrypting.
func (r *Ring) GetMetadata(key string) (keyring.Metadata, error) {
	path, err := r.filename(key)
	if err != nil {
		return keyring.Metadata{}, err
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Metadata{}, keyring.ErrKeyNotFound
	}
	if err != nil {
		return keyring.Metadata{}, fmt.Errorf("stat keyring item: %w", err)
	}
	return keyring.Metadata{ModificationTime: st.ModTime()}, nil
}

// Set implements keyring.Keyring.
func (r *Ring) Set(item keyring.Item) error {
	path, err := r.filename(item.Key)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("encode keyring item: %w", err)
	}
	pass, err := r.passphrase()
	if err != nil {
		return err
	}
	// time.Now().String() is exactly what 99designs puts in "created".
	token, err := jweSeal(pass, payload, time.Now().String())
	if err != nil {
		return fmt.Errorf("encrypt keyring item: %w", err)
	}
	return writeFileAtomic(r.dir, path, token, r.beforeRename)
}

// Remove implements keyring.Keyring. A missing item is ErrKeyNotFound, as
// in the other backends (99designs' file backend returned the bare
// *PathError); the error still matches fs.ErrNotExist.
func (r *Ring) Remove(key string) error {
	path, err := r.filename(key)
	if err != nil {
		return err
	}
	err = os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %w", keyring.ErrKeyNotFound, err)
	}
	if err != nil {
		return fmt.Errorf("remove keyring item: %w", err)
	}
	return nil
}

// Keys implements keyring.Keyring: every file name in dir, unescaped, but
// for writes in flight. A missing directory is an empty keyring. The
// litter of writes that died (older than staleWrite) is removed on the way.
func (r *Ring) Keys() ([]string, error) {
	entries, err := os.ReadDir(r.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the file keyring: %w", err)
	}
	keys := make([]string, 0, len(entries))
	var temps []fs.DirEntry
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			temps = append(temps, e)
		} else {
			keys = append(keys, percent.Decode(e.Name()))
		}
	}
	_, _ = r.prune(temps, staleWrite) // litter left costs disk, not the listing
	return keys, nil
}

// PruneTemporary removes the temporary files of writes older than age (0:
// all, even a write in flight, which then fails) and says how many went.
// `assume sessions clear` calls it with 0: a dead write holds a whole
// encrypted item, perhaps a session being cleared.
func (r *Ring) PruneTemporary(age time.Duration) (int, error) {
	entries, err := os.ReadDir(r.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("list the file keyring: %w", err)
	}
	var temps []fs.DirEntry
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			temps = append(temps, e)
		}
	}
	return r.prune(temps, age)
}

// prune removes the regular files among temps last modified more than age
// ago. Nothing else is touched: a directory or link of that name is not
// ours to remove.
func (r *Ring) prune(temps []fs.DirEntry, age time.Duration) (int, error) {
	n := 0
	var errs []error
	for _, e := range temps {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || (age > 0 && time.Since(info.ModTime()) < age) {
			continue // gone meanwhile, or maybe in flight
		}
		err = os.Remove(filepath.Join(r.dir, e.Name()))
		switch {
		case err == nil:
			n++
		case !errors.Is(err, fs.ErrNotExist):
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return n, fmt.Errorf("remove unfinished writes from the file keyring: %w", err)
	}
	return n, nil
}
