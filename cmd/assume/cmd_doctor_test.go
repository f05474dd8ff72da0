package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doctorHome is a home with the given files (relative paths), a private
// file keyring and nothing from the machine running the tests. A leading
// "@" in an env value stands for the home directory.
func doctorHome(t *testing.T, files map[string]string, env map[string]string) (*factory, *bytes.Buffer, map[string]string) {
	t.Helper()
	home := t.TempDir()
	for name, body := range files {
		p := filepath.Join(home, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	base := map[string]string{
		"HOME":                      home,
		"SHELL":                     "/bin/bash",
		"XDG_CONFIG_HOME":           filepath.Join(home, ".config"),
		"XDG_CACHE_HOME":            filepath.Join(home, ".cache"),
		"ASSUME_KEYRING_BACKEND":    "file",
		"ASSUME_KEYRING_FILE_DIR":   filepath.Join(home, "keyring"),
		"ASSUME_KEYRING_PASSPHRASE": "test passphrase",
	}
	for k, v := range env {
		if strings.HasPrefix(v, "@") {
			v = home + v[1:]
		}
		base[k] = v
	}
	d, out, _ := testFactory(base, false)
	return d, out, base
}

func runDoctor(t *testing.T, d *factory, args ...string) error {
	t.Helper()
	root := newRootCmd(d)
	root.SetArgs(append([]string{"doctor"}, args...))
	return root.Execute()
}

func findingsJSON(t *testing.T, out string) []doctorJSON {
	t.Helper()
	var fs []doctorJSON
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, out)
	}
	return fs
}

func TestDoctorExitsOneOnlyForErrors(t *testing.T) {
	bad := map[string]string{".aws/config": "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = a\n"}
	d, out, _ := doctorHome(t, bad, nil)
	err := runDoctor(t, d)
	var exit *exitError
	if !errors.As(err, &exit) || exit.code != 1 {
		t.Fatalf("bad config: err = %v, want exit status 1", err)
	}
	if !strings.Contains(out.String(), "config:3  self-source") {
		t.Fatalf("report lacks the finding with file:line:\n%s", out)
	}

	// Warnings and info alone (a broken keyring, no hook) keep exit 0.
	clean := map[string]string{".aws/config": "[default]\nregion = us-east-1\n"}
	d, out, _ = doctorHome(t, clean, map[string]string{"ASSUME_KEYRING_BACKEND": "no-such-backend"})
	if err := runDoctor(t, d, "--json"); err != nil {
		t.Fatalf("clean config: %v", err)
	}
	fs := findingsJSON(t, out.String())
	if len(fs) == 0 || fs[0].Code != "keyring-broken" || fs[0].Severity != "warning" {
		t.Fatalf("want the bad backend as a warning: %+v", fs)
	}
}

func TestDoctorKeyringRoundTripAndStoredKeys(t *testing.T) {
	config := map[string]string{".aws/config": "[profile base]\nregion = us-east-1\n" +
		"[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = base\n"}
	d, out, _ := doctorHome(t, config, nil)
	d.IO.In = strings.NewReader("AKIAKEYRING\nsecret\n")
	root := newRootCmd(d)
	root.SetArgs([]string{"keys", "add", "base"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	// base has keys only in the keyring: without them Lint would call it a
	// profile with no credentials.
	if err := runDoctor(t, d, "--json"); err != nil {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
	fs := findingsJSON(t, out.String())
	var ring *doctorJSON
	for i := range fs {
		if fs[i].Code == "keyring" {
			ring = &fs[i]
		}
		if fs[i].Code == "no-credentials" {
			t.Errorf("keys in the keyring were not passed to Lint: %+v", fs[i])
		}
	}
	if ring == nil || !strings.Contains(ring.Message, "file works") || !strings.Contains(ring.Message, "1 profile(s)") {
		t.Fatalf("keyring finding: %+v", ring)
	}
	if strings.Contains(out.String(), "secret") {
		t.Fatal("a secret reached the report")
	}
	entries, err := os.ReadDir(d.Host.Env("ASSUME_KEYRING_FILE_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "doctor") {
			t.Errorf("test item %s left behind", e.Name())
		}
	}
}

// doctorJSON is one finding of `doctor --json`, as a script reads it.
type doctorJSON struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}
