// Package memo is the full program's note, for the front program, of a
// run that was a pure cache hit: which item answered, how to print it,
// and everything the answer depended on (the arguments and environment,
// by hash; the files read, by identity; both programs, by identity; and
// the cache's epoch, which every write to the cache changes). It holds no
// secret. The front answers a run only when all of that is unchanged;
// anything uncertain means the full program runs.
package memo

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sort"
	"strings"
)

// Version is the record format; a record of another version is ignored.
const Version = 1

// Modes a memo can answer.
const (
	ModeExport            = "export"             // --export: shell statements in Format
	ModeCredentialProcess = "credential-process" // --credential-process: the SDKs' JSON
)

// Record describes one memoised run.
type Record struct {
	V     int
	Front FileState // the front program, next to the full one
	Full  FileState // the full program that wrote this
	Epoch FileState // the cache's epoch when the hit was read
	Files []FileState

	Mode       string
	Format     string // render format (ModeExport)
	Profile    string
	Region     string
	RecentFile string // where an --export run remembers the profile for the picker

	Backend     string // keyring backend that holds the item
	Service     string // its service (keyctl: the named keyring)
	Hot         bool   // the hot tier may answer
	Item        string // the item's name
	Fingerprint string
	Expires     int64 // Unix seconds, as in the item name
	MarginNs    int64 // the final hop's reuse margin
}

// volatile are variables a shell changes on its own between runs, which
// nothing in assume reads.
var volatile = map[string]bool{"_": true, "PWD": true, "OLDPWD": true, "SHLVL": true}

// Key names the memo of a run: a hash of its arguments and of every
// variable of its environment but the volatile ones, in any order.
func Key(args, environ []string) string {
	env := make([]string, 0, len(environ))
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !volatile[name] {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	h := sha256.New()
	h.Write([]byte("assume memo v1\x00"))
	for _, a := range args {
		h.Write([]byte(a))
		h.Write([]byte{0})
	}
	h.Write([]byte{1})
	for _, kv := range env {
		h.Write([]byte(kv))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Dir is the memo directory under assume's runtime directory (or the
// lock directory's fallback when there is none): given the same
// environment, the front and the full program find the same one.
func Dir(lockDir string) string { return filepath.Join(lockDir, "memo") }

func path(dir, key string) string { return filepath.Join(dir, key+".json") }

const epochName = "epoch"
