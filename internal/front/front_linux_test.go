package front

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/memo"
	"github.com/assume-cli/assume/pkg/cache/payload"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/render"
)

// world is a memoised hit of the keyctl backend: two stand-in programs,
// a runtime directory with the memo and its epoch, a config file, and
// the item in a keyctl keyring of the test's own name.
type world struct {
	t        *testing.T
	dir      string
	self     string
	full     string
	config   string
	args     []string
	environ  []string
	rec      memo.Record
	creds    creds.Credentials
	ring     keyring.Keyring
	now      time.Time
	memoDir  string
	recent   string
	service  string
	itemName string
}

func newWorld(t *testing.T, mode, format string) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{t: t, dir: dir, now: time.Now()}
	w.self, w.full = filepath.Join(dir, "bin", "assume"), filepath.Join(dir, "bin", FullName)
	w.config = filepath.Join(dir, "config")
	must(t, os.MkdirAll(filepath.Join(dir, "bin"), 0o755))
	for _, p := range []string{w.self, w.full, w.config} {
		must(t, os.WriteFile(p, []byte(p), 0o700))
	}
	runtimeDir := filepath.Join(dir, "run")
	must(t, os.Mkdir(runtimeDir, 0o700))
	w.memoDir = memo.Dir(filepath.Join(runtimeDir, "assume"))
	must(t, memo.Bump(w.memoDir))
	w.recent = filepath.Join(dir, "state", "recent")
	w.args = []string{"--export", "prod"}
	w.environ = []string{"HOME=" + dir, "XDG_RUNTIME_DIR=" + runtimeDir, "SHELL=/bin/bash", "PWD=" + dir}

	var id [6]byte
	_, _ = rand.Read(id[:])
	w.service = "assume-fronttest-" + hex.EncodeToString(id[:])
	ring, err := keyring.Open(keyring.Config{AllowedBackends: []keyring.BackendType{keyring.KeyCtlBackend}, ServiceName: w.service, KeyCtlScope: "user", KeyCtlPerm: 0x3f3f0000})
	if err != nil {
		t.Skipf("no keyctl: %v", err)
	}
	w.ring = ring
	t.Cleanup(func() {
		keys, _ := ring.Keys()
		for _, k := range keys {
			_ = ring.Remove(k)
		}
	})
	exp := time.Unix(w.now.Add(time.Hour).Unix(), 0)
	w.creds = creds.Credentials{AccessKeyID: "ASIAFRONTTEST", SecretAccessKey: "secret/with+chars", SessionToken: "token", Expires: exp}
	w.itemName = fmt.Sprintf("assume.v2.role.0123456789abcdef0123456789abcdef.%d.tagtagtagta.cHJvZA.cm9sZQ", exp.Unix())
	data, err := payload.Encode("0123456789abcdef0123456789abcdef", w.creds)
	must(t, err)
	must(t, ring.Set(keyring.Item{Key: w.itemName, Data: data}))

	epoch, err := memo.Epoch(w.memoDir)
	must(t, err)
	w.rec = memo.Record{Front: stat(t, w.self), Full: stat(t, w.full), Epoch: epoch, Files: []memo.FileState{stat(t, w.config), stat(t, filepath.Join(dir, "absent"))},
		Mode: mode, Format: format, Profile: "prod", Region: "eu-west-1", RecentFile: w.recent,
		Backend: "keyctl", Service: w.service, Item: w.itemName, Fingerprint: "0123456789abcdef0123456789abcdef",
		Expires: exp.Unix(), MarginNs: int64(5 * time.Minute)}
	w.write()
	return w
}

func (w *world) write() {
	must(w.t, memo.Write(w.memoDir, memo.Key(w.args, w.environ), w.rec))
}

func (w *world) answer() (string, string, bool) {
	var out, errb bytes.Buffer
	code, ok := Answer(Request{Args: w.args, Environ: w.environ, Stdout: &out, Stderr: &errb, Self: w.self, Full: w.full, Now: func() time.Time { return w.now }})
	if ok && code != 0 {
		w.t.Fatalf("answered with exit %d: %s", code, errb.String())
	}
	return out.String(), errb.String(), ok
}

func stat(t *testing.T, p string) memo.FileState {
	t.Helper()
	s, err := memo.Stat(p)
	must(t, err)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAnswersWhatTheFullProgramPrints(t *testing.T) {
	for _, tc := range []struct{ mode, format string }{
		{memo.ModeExport, "sh"}, {memo.ModeExport, "fish"}, {memo.ModeExport, "powershell"},
		{memo.ModeExport, "cmd"}, {memo.ModeExport, "dotenv"}, {memo.ModeCredentialProcess, "json"},
	} {
		t.Run(tc.mode+"-"+tc.format, func(t *testing.T) {
			w := newWorld(t, tc.mode, tc.format)
			// What cmd/assume prints for the same credentials (cmd_main.go).
			var want bytes.Buffer
			if tc.mode == memo.ModeCredentialProcess {
				must(t, render.CredentialProcess(&want, w.creds))
			} else {
				env := render.Exports(w.creds, "eu-west-1", "prod")
				if tc.format != "dotenv" {
					env = render.WithMarker(env, func(string) string { return "" })
				}
				f, _ := render.ParseFormat(tc.format)
				must(t, render.Write(&want, f, env))
			}
			out, errOut, ok := w.answer()
			if !ok || out != want.String() || errOut != "" {
				t.Fatalf("answered %v\n got: %q\nwant: %q\nstderr: %q", ok, out, want.String(), errOut)
			}
			recent, _ := os.ReadFile(w.recent)
			if (tc.mode == memo.ModeExport) != (string(recent) == "prod\n") {
				t.Errorf("recent file %q after a %s run", recent, tc.mode)
			}
		})
	}
}

func TestFallsThroughOnAnyChange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(w *world)
	}{
		{"another argument", func(w *world) { w.args = []string{"--export", "prod2"} }},
		{"another variable", func(w *world) { w.environ = append(w.environ, "AWS_REGION=us-east-1") }},
		{"config file rewritten", func(w *world) { must(w.t, os.WriteFile(w.config, []byte("[profile x]\n"), 0o600)) }},
		{"config file touched", func(w *world) { must(w.t, os.Chtimes(w.config, time.Now(), time.Now().Add(time.Second))) }},
		{"a file that was absent appears", func(w *world) { must(w.t, os.WriteFile(filepath.Join(w.dir, "absent"), nil, 0o600)) }},
		{"the cache changed (epoch)", func(w *world) { must(w.t, memo.Bump(w.memoDir)) }},
		{"the full program replaced", func(w *world) { must(w.t, os.WriteFile(w.full, []byte("new build"), 0o700)) }},
		{"the front replaced", func(w *world) { must(w.t, os.WriteFile(w.self, []byte("new build"), 0o700)) }},
		{"another installation's front", func(w *world) { w.rec.Front.Path = filepath.Join(w.dir, "other", "assume"); w.write() }},
		{"within the refresh margin", func(w *world) { w.now = time.Unix(w.rec.Expires, 0).Add(-4 * time.Minute) }},
		{"expired", func(w *world) { w.now = time.Unix(w.rec.Expires, 0).Add(time.Second) }},
		{"item gone", func(w *world) { must(w.t, w.ring.Remove(w.itemName)) }},
		{"item of another key", func(w *world) {
			data, _ := payload.Encode("ffffffffffffffffffffffffffffffff", w.creds)
			must(w.t, w.ring.Set(keyring.Item{Key: w.itemName, Data: data}))
		}},
		{"corrupted item", func(w *world) { must(w.t, w.ring.Set(keyring.Item{Key: w.itemName, Data: []byte("{garbage")})) }},
		{"unknown mode", func(w *world) { w.rec.Mode = "subshell"; w.write() }},
		{"unknown format", func(w *world) { w.rec.Format = "yaml"; w.write() }},
		{"hot copy not allowed", func(w *world) { w.rec.Backend, w.rec.Hot = "file", false; w.write() }},
		{"memo file readable by others", func(w *world) {
			must(w.t, os.Chmod(filepath.Join(w.memoDir, memo.Key(w.args, w.environ)+".json"), 0o644))
		}},
		{"memo directory open to others", func(w *world) { must(w.t, os.Chmod(w.memoDir, 0o755)) }},
		{"memo file is a link", func(w *world) {
			p := filepath.Join(w.memoDir, memo.Key(w.args, w.environ)+".json")
			must(w.t, os.Rename(p, p+".real"))
			must(w.t, os.Symlink(p+".real", p))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, memo.ModeExport, "sh")
			if _, _, ok := w.answer(); !ok {
				t.Fatal("the unchanged world was not answered")
			}
			tc.change(w)
			if out, errOut, ok := w.answer(); ok || out != "" || errOut != "" {
				t.Fatalf("answered %v after the change: stdout %q stderr %q", ok, out, errOut)
			}
		})
	}
}

func TestVolatileVariablesDoNotMatter(t *testing.T) {
	w := newWorld(t, memo.ModeExport, "sh")
	w.environ = append([]string{"SHLVL=3", "_=/usr/bin/assume", "OLDPWD=/"}, w.environ...)
	w.environ[len(w.environ)-1] = "PWD=/elsewhere"
	if _, _, ok := w.answer(); !ok {
		t.Fatal("a change of directory or shell level stopped the front")
	}
}
