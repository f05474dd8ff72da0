// Package front is the fast path of `assume` on Linux: it answers a run
// only when the full program has left a memo describing exactly that run
// (same arguments, same environment, same files, same programs, same
// cache epoch) and the credentials it names are at hand without D-Bus or
// key derivation: in the kernel keyring (the keyctl backend, or the hot
// tier the full program keeps for the others). Anything else, and
// anything uncertain, is handed to the full program.
package front

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/internal/memo"
	"github.com/assume-cli/assume/internal/recent"
	"github.com/assume-cli/assume/pkg/cache/payload"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/render"
)

// FullName is the full program's file name, next to the front's.
const FullName = "assume-full"

// ExecError explains why the full program next to exe could not start.
func ExecError(exe, full string, err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s is missing next to %s: reinstall assume (make install, or both programs of the release archive)", FullName, exe)
	}
	return fmt.Errorf("starting %s: %w", full, err)
}

// Request is one run of the front: its arguments (without the program
// name), its environment, and where output goes.
type Request struct {
	Args    []string
	Environ []string
	Stdout  io.Writer
	Stderr  io.Writer
	// Self is this program's path and Full the full program's; empty:
	// os.Executable and FullProgram.
	Self, Full string
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// Answer answers req from a memo when it can; answered false means the
// full program must run, and nothing has been written.
func Answer(req Request) (code int, answered bool) {
	out, rec, ok := prepare(req)
	if !ok {
		return 0, false
	}
	if rec.Mode == memo.ModeExport && rec.RecentFile != "" {
		_ = recent.Remember(rec.RecentFile, rec.Profile) // as the full program does: ordering is a convenience
	}
	if _, err := req.Stdout.Write(out); err != nil {
		fmt.Fprintf(req.Stderr, "assume: writing to stdout: %v\n", err)
		return 1, true
	}
	return 0, true
}

// prepare renders the answer in memory: until it is complete, the full
// program can still take over.
func prepare(req Request) ([]byte, memo.Record, bool) {
	env := envMap(req.Environ)
	h := host.FromMap(env)
	dir := memo.Dir(h.LockDir())
	rec, err := memo.Read(dir, memo.Key(req.Args, req.Environ))
	if err != nil || !current(req, rec, dir) {
		return nil, rec, false
	}
	now := time.Now
	if req.Now != nil {
		now = req.Now
	}
	expires := time.Unix(rec.Expires, 0)
	if expires.Sub(now()) <= time.Duration(rec.MarginNs) {
		return nil, rec, false // due for renewal: the full program renews
	}
	data, err := itemData(rec)
	if err != nil {
		return nil, rec, false
	}
	c, err := payload.Decode(data, rec.Fingerprint, expires)
	if err != nil {
		return nil, rec, false
	}
	out, err := renderAnswer(rec, c, h.Env)
	if err != nil {
		return nil, rec, false
	}
	return out, rec, true
}

// current says whether everything the memo depends on is as recorded.
func current(req Request, rec memo.Record, dir string) bool {
	self, full := req.Self, req.Full
	if self == "" {
		exe, err := os.Executable()
		if err != nil {
			return false
		}
		self, full = exe, filepath.Join(filepath.Dir(exe), FullName)
	}
	if rec.Front.Path != self || rec.Full.Path != full || rec.Epoch.Path != memo.EpochFile(dir) {
		return false // another installation's memo, or a forged one
	}
	if !rec.Front.Exists || !rec.Full.Exists || !rec.Front.Unchanged() || !rec.Full.Unchanged() || !rec.Epoch.Unchanged() {
		return false
	}
	for _, f := range rec.Files {
		if !f.Unchanged() {
			return false
		}
	}
	return true
}

// renderAnswer prints what the full program printed for the memo's run.
func renderAnswer(rec memo.Record, c creds.Credentials, getenv func(string) string) ([]byte, error) {
	var buf bytes.Buffer
	switch rec.Mode {
	case memo.ModeCredentialProcess:
		if err := render.CredentialProcess(&buf, c); err != nil {
			return nil, err
		}
	case memo.ModeExport:
		format, err := render.ParseFormat(rec.Format)
		if err != nil {
			return nil, err
		}
		env := render.Exports(c, rec.Region, rec.Profile)
		if format != render.FormatDotenv {
			env = render.WithMarker(env, getenv)
		}
		if err := render.Write(&buf, format, env); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown mode %q", rec.Mode)
	}
	return buf.Bytes(), nil
}

func envMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			if _, dup := m[k]; !dup { // getenv takes the first of duplicates
				m[k] = v
			}
		}
	}
	return m
}
