package keyrings

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/99designs/keyring"
)

// passRing is the pass backend: pass's own commands on items under the
// store's PREFIX folder, as 99designs' backend runs them, but
//
//   - pass never commits: on a git-backed store it would turn every cached
//     session and every `keys add` into a commit, and `sessions clear` or
//     `keys rm` into a removal commit, so encrypted long-term keys would
//     stay in the history and travel with every `pass git push`. pass
//     decides by asking git whether the item's folder is in a work tree;
//     assume runs it with GIT_DIR (and pass 1.6's PASSWORD_STORE_GIT) at
//     a path that cannot exist, so git says no and pass skips its git
//     steps. PREFIX/.gitignore (ignore everything) keeps the items out of
//     a later `git add` of the whole store, `pass git init` included;
//   - what pass and gpg print is captured into the error, never passed
//     through to assume's stderr;
//   - the environment pass sees has no ASSUME_* or AWS_* variable: none
//     is its business, and some are secrets.
type passRing struct {
	dir    string // the store
	prefix string // assume's folder in it
}

// passCallLimit bounds one pass command, so a gpg that waits for a
// pinentry nobody sees does not outlive the run (the store's deadline
// abandons the call sooner).
const passCallLimit = time.Minute

// noGitDir is where pass is told the git repository is: a path under
// /dev/null cannot exist.
const noGitDir = "/dev/null/assume-keeps-its-items-out-of-git"

// passGitignore is written to PREFIX/.gitignore.
const passGitignore = `# Written by assume: its cached sessions and keys never go into git.
# assume runs pass with git disabled, and this keeps a later "git add"
# of the whole store from picking them up.
*
`

var _ keyring.Keyring = (*passRing)(nil)

func newPassRing(dir, prefix string) *passRing { return &passRing{dir: dir, prefix: prefix} }

// file is the item's file in the store.
func (p *passRing) file(key string) string { return filepath.Join(p.dir, p.prefix, key+".gpg") }

// checkName refuses a name pass could not store in PREFIX: names are
// paths there, as with 99designs' backend, each part a file name.
func checkName(key string) error {
	parts := strings.Split(key, "/")
	for i, part := range parts {
		if part == "" || part == "." || part == ".." || strings.ContainsRune(part, 0) {
			return fmt.Errorf("keyring item name %q cannot be a pass entry", key)
		}
		n := len(part)
		if i == len(parts)-1 {
			n += len(".gpg")
		}
		if n > 255 {
			return fmt.Errorf("keyring item name is %d bytes, longer than a file name may be", n)
		}
	}
	return nil
}

func (p *passRing) exists(key string) bool {
	st, err := os.Stat(p.file(key))
	return err == nil && st.Mode().IsRegular()
}

// env is the environment of a pass command.
func (p *passRing) env() []string {
	out := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "ASSUME_"), strings.HasPrefix(name, "AWS_"),
			strings.HasPrefix(name, "GIT_"), name == "PASSWORD_STORE_DIR", name == "PASSWORD_STORE_GIT":
			continue
		}
		out = append(out, kv)
	}
	return append(out, "PASSWORD_STORE_DIR="+p.dir, "GIT_DIR="+noGitDir, "PASSWORD_STORE_GIT="+noGitDir)
}

// run runs pass with args, stdin as its input, and returns its output.
func (p *passRing) run(stdin []byte, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), passCallLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "pass", args...)
	cmd.Env = p.env()
	cmd.Dir = p.dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if msg := oneLine(errb.Bytes()); msg != "" {
			return nil, fmt.Errorf("pass %s: %w: %s", args[0], err, msg)
		}
		return nil, fmt.Errorf("pass %s: %w", args[0], err)
	}
	return out.Bytes(), nil
}

// Get implements keyring.Keyring.
func (p *passRing) Get(key string) (keyring.Item, error) {
	if err := checkName(key); err != nil || !p.exists(key) {
		return keyring.Item{}, keyring.ErrKeyNotFound
	}
	out, err := p.run(nil, "show", p.prefix+"/"+key)
	if err != nil {
		return keyring.Item{}, err
	}
	var item keyring.Item
	if err := json.Unmarshal(out, &item); err != nil {
		return keyring.Item{}, fmt.Errorf("pass entry %s: decode: %w", key, err)
	}
	return item, nil
}

// GetMetadata implements keyring.Keyring: only the modification time is
// known without decrypting.
func (p *passRing) GetMetadata(key string) (keyring.Metadata, error) {
	st, err := os.Stat(p.file(key))
	if err != nil {
		return keyring.Metadata{}, keyring.ErrKeyNotFound
	}
	return keyring.Metadata{ModificationTime: st.ModTime()}, nil
}

// Set implements keyring.Keyring.
func (p *passRing) Set(item keyring.Item) error {
	if err := checkName(item.Key); err != nil {
		return err
	}
	data, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("encode keyring item: %w", err)
	}
	if err := p.ignoreInGit(); err != nil {
		return err
	}
	_, err = p.run(data, "insert", "--multiline", "--force", p.prefix+"/"+item.Key)
	return err
}

// ignoreInGit writes PREFIX/.gitignore unless it is there, before the
// first item: the store may be a git repository now or become one.
func (p *passRing) ignoreInGit() error {
	folder := filepath.Join(p.dir, p.prefix)
	path := filepath.Join(folder, ".gitignore")
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	// pass creates folders 0700 (its umask is 077); so do we.
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return fmt.Errorf("create the pass folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // written meanwhile by another run
	}
	if err != nil {
		return fmt.Errorf("keep assume's pass entries out of git: %w", err)
	}
	_, werr := f.WriteString(passGitignore)
	if err := errors.Join(werr, f.Close()); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("keep assume's pass entries out of git: %w", err)
	}
	return nil
}

// Remove implements keyring.Keyring.
func (p *passRing) Remove(key string) error {
	if err := checkName(key); err != nil || !p.exists(key) {
		return keyring.ErrKeyNotFound
	}
	_, err := p.run(nil, "rm", "--force", p.prefix+"/"+key)
	return err
}

// Keys implements keyring.Keyring: the entries under PREFIX, read from
// the file names alone (no gpg).
func (p *passRing) Keys() ([]string, error) {
	root := filepath.Join(p.dir, p.prefix)
	keys := []string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name, ok := strings.CutSuffix(path, ".gpg")
		if d.Type().IsRegular() && ok && name != root+string(filepath.Separator) {
			rel, err := filepath.Rel(root, name)
			if err != nil {
				return err
			}
			keys = append(keys, filepath.ToSlash(rel))
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the password store: %w", err)
	}
	return keys, nil
}
