package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/assume-cli/assume/internal/memo"
	"github.com/assume-cli/assume/pkg/filering"
	"github.com/assume-cli/assume/pkg/keyrings"
	"github.com/assume-cli/assume/pkg/render"
	"github.com/assume-cli/assume/pkg/session"
)

// frontName is the front program (cmd/assume-front) next to this one when
// it is installed as assume-full.
const (
	frontName = "assume"
	fullName  = "assume-full"
)

// memoRun is what a memo of this run is keyed on, captured as it starts:
// the arguments and environment exactly as the front saw them, both
// programs, and the cache's epoch (a write by anyone during the run
// makes the run's answer unsafe to memoise).
type memoRun struct {
	Args, Environ []string
	Dir           string
	Front, Full   memo.FileState
	Epoch         memo.FileState
	stderr        *countingWriter
}

// newMemoRun is nil unless a front can use memos of this run: Linux, and
// this program installed as assume-full next to a front.
func newMemoRun(f *factory, exe string, args, environ []string) *memoRun {
	if runtime.GOOS != "linux" || filepath.Base(exe) != fullName {
		return nil
	}
	full, err1 := memo.Stat(exe)
	front, err2 := memo.Stat(filepath.Join(filepath.Dir(exe), frontName))
	dir := memo.Dir(f.Host.LockDir())
	epoch, err3 := memo.Epoch(dir)
	if err1 != nil || err2 != nil || err3 != nil || !front.Exists {
		return nil
	}
	m := &memoRun{Args: args, Environ: environ, Dir: dir, Front: front, Full: full, Epoch: epoch}
	m.stderr = &countingWriter{w: f.IO.ErrOut}
	f.IO.ErrOut = m.stderr
	return m
}

// cacheChanged retires every memo: what a hit returns may have changed.
func (f *factory) cacheChanged() {
	if runtime.GOOS == "linux" {
		_ = memo.Bump(memo.Dir(f.Host.LockDir()))
	}
}

// memoize leaves the front a memo of a run that printed cached
// credentials and nothing else, when the front can print the same bytes
// from the kernel keyring. Any doubt: no memo, and the front hands the
// next run to this program again.
func (f *factory) memoize(sess *session.Session, res *session.Result, mode string, format render.Format, profile string) {
	m := f.Memo
	if m == nil || f.Debug.On() || m.stderr.n > 0 {
		return // a run that said anything on stderr is not answered silently
	}
	store := sess.Store(false)
	if store == nil || store.Changed() {
		return
	}
	hit, ok := store.HitFor(res.Final)
	if !ok || hit.Expires.Unix() != res.Credentials.Expires.Unix() {
		return
	}
	backend := store.Backend()
	if backend != "keyctl" && !sess.HotCache() {
		return
	}
	files := []string{sess.Files().Config, sess.Files().Credentials, f.Host.ConfigFile(), keyrings.RememberedFile(f.Host.StateDir())}
	if backend == "file" {
		files = append(files, filepath.Join(sess.KeyringConfig(nil).FileDir, filering.FileName(hit.Name)))
	}
	rec := memo.Record{Front: m.Front, Full: m.Full, Epoch: m.Epoch,
		Mode: mode, Format: string(format), Profile: profile, Region: res.Plan.Region,
		Backend: backend, Service: sess.KeyringConfig(nil).ServiceName, Hot: backend != "keyctl",
		Item: hit.Name, Fingerprint: hit.Fingerprint, Expires: hit.Expires.Unix(), MarginNs: int64(res.Margin)}
	if mode == memo.ModeExport {
		rec.RecentFile = f.Host.RecentFile()
	}
	for _, p := range files {
		st, err := memo.Stat(p)
		if err != nil {
			return
		}
		rec.Files = append(rec.Files, st)
	}
	if now, err := memo.Epoch(m.Dir); err != nil || now != m.Epoch {
		return // someone wrote to the cache meanwhile
	}
	_ = memo.Write(m.Dir, memo.Key(m.Args, m.Environ), rec) // a memo is an optimisation
}

// countingWriter counts what is written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.w.Write(p)
}

// Fd is the underlying file's, so terminal checks see through the count;
// an invalid descriptor when it is not a file.
func (c *countingWriter) Fd() uintptr {
	if f, ok := c.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// executable is this program's path, "" when unknown.
func executable() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return exe
}
