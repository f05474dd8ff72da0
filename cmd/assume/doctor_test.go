package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// doctorHome is a home with the given files (relative paths), a private
// file keyring and nothing from the machine running the tests. A leading
// "@" in an env value stands for the home directory.
func doctorHome(t *testing.T, files map[string]string, env map[string]string) (*deps, *bytes.Buffer, map[string]string) {
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
	// viper reads keyring settings from the process environment: never let
	// a test reach the real user's keyring.
	for _, k := range []string{"ASSUME_KEYRING_BACKEND", "ASSUME_KEYRING_FILE_DIR", "ASSUME_KEYRING_PASSPHRASE"} {
		t.Setenv(k, base[k])
	}
	var out bytes.Buffer
	d := &deps{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &bytes.Buffer{}, Getenv: mapEnv(base),
		StdoutIsTTY: func() bool { return false }, Now: time.Now}
	return d, &out, base
}

func runDoctor(t *testing.T, d *deps, args ...string) error {
	t.Helper()
	root := newRootCmd(d)
	root.SetArgs(append([]string{"doctor"}, args...))
	return root.Execute()
}

func findingsJSON(t *testing.T, out string) []findingJSON {
	t.Helper()
	var fs []findingJSON
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, out)
	}
	return fs
}

func hasCode(fs []profiles.Finding, code string) (profiles.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return profiles.Finding{}, false
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
	d.Stdin = strings.NewReader("AKIAKEYRING\nsecret\n")
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
	var ring *findingJSON
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
	entries, err := os.ReadDir(d.Getenv("ASSUME_KEYRING_FILE_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "doctor") {
			t.Errorf("test item %s left behind", e.Name())
		}
	}
}

func TestDoctorFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits")
	}
	dir := t.TempDir()
	files := profiles.Files{Config: filepath.Join(dir, "aws", "config"), Credentials: filepath.Join(dir, "aws", "credentials")}
	if err := os.MkdirAll(filepath.Dir(files.Config), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{files.Config, files.Credentials} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if fs := checkFileModes(files); len(fs) != 0 {
		t.Fatalf("private files: %+v", fs)
	}
	chmod := func(p string, m os.FileMode) {
		if err := os.Chmod(p, m); err != nil {
			t.Fatal(err)
		}
	}
	chmod(files.Credentials, 0o644)
	chmod(files.Config, 0o664)
	chmod(filepath.Dir(files.Config), 0o777)
	fs := checkFileModes(files)
	for code, sev := range map[string]profiles.Severity{
		"credentials-file-mode": profiles.SeverityError,
		"config-file-mode":      profiles.SeverityWarning,
		"config-dir-mode":       profiles.SeverityWarning,
	} {
		f, ok := hasCode(fs, code)
		if !ok || f.Severity != sev {
			t.Errorf("%s: got %+v (all %+v)", code, f, fs)
		}
	}
	if f, _ := hasCode(fs, "credentials-file-mode"); f.Fix != "chmod 600 "+files.Credentials {
		t.Errorf("fix %q", f.Fix)
	}
	chmod(filepath.Dir(files.Config), os.ModeSticky|0o777) // like /tmp
	if _, ok := hasCode(checkFileModes(files), "config-dir-mode"); ok {
		t.Error("a sticky directory was reported")
	}
}

func TestDoctorShellHook(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		env   map[string]string
		code  string
		at    string // file relative to home, with :line
		text  string
	}{
		{"bashrc", map[string]string{".bashrc": "# assume shell-init bash is below\nexport X=1\neval \"$(assume shell-init bash)\"\n"},
			nil, "shell-hook", ".bashrc:3", "bash shell hook"},
		{"commented out is not installed", map[string]string{".bashrc": "# eval \"$(assume shell-init bash)\"\n"},
			nil, "shell-hook-missing", "", `eval "$(assume shell-init bash)" to ~/.bashrc`},
		{"zsh in ZDOTDIR", map[string]string{"zdot/.zshrc": "eval \"$(assume shell-init zsh)\"\n"},
			map[string]string{"SHELL": "/usr/bin/zsh", "ZDOTDIR": "@/zdot"}, "shell-hook", "zdot/.zshrc:1", "zsh"},
		{"fish conf.d", map[string]string{".config/fish/conf.d/assume.fish": "assume shell-init fish | source\n"},
			map[string]string{"SHELL": "/usr/bin/fish"}, "shell-hook", ".config/fish/conf.d/assume.fish:1", "fish"},
		{"powershell profile", map[string]string{".config/powershell/Microsoft.PowerShell_profile.ps1": "assume shell-init powershell | Out-String | Invoke-Expression\n"},
			map[string]string{"SHELL": "/usr/bin/pwsh"}, "shell-hook", ".config/powershell/Microsoft.PowerShell_profile.ps1:1", "powershell"},
		{"hook for another shell only", map[string]string{".bashrc": "eval \"$(assume shell-init bash)\"\n"},
			map[string]string{"SHELL": "/bin/zsh"}, "shell-hook-missing", "", "~/.zshrc"},
		{"credentials set in this shell", nil,
			map[string]string{exportedMarker: "AWS_ACCESS_KEY_ID ASSUME_PROFILE", "ASSUME_PROFILE": "prod"}, "credentials-exported", "", `profile "prod"`},
		{"stray hook variable", nil, map[string]string{hookEnv: "bash"}, "shell-hook-env", "", "ASSUME_SHELL_HOOK=bash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _, base := doctorHome(t, tc.files, tc.env)
			f, ok := hasCode(checkShellHook(d), tc.code)
			if !ok {
				t.Fatalf("no %s in %+v", tc.code, checkShellHook(d))
			}
			if tc.at != "" && f.At.String() != filepath.Join(base["HOME"], tc.at) {
				t.Errorf("at %s, want %s", f.At, tc.at)
			}
			if !strings.Contains(f.Message+" "+f.Fix, tc.text) {
				t.Errorf("%q / %q lacks %q", f.Message, f.Fix, tc.text)
			}
			if f.Severity != profiles.SeverityInfo {
				t.Errorf("severity %s, want info", f.Severity)
			}
		})
	}
}

func TestDoctorReportFormats(t *testing.T) {
	fs := []profiles.Finding{
		{Severity: profiles.SeverityError, Code: "source-cycle", Profile: "a", At: profiles.Location{File: "/c", Line: 3}, Message: "loop", Fix: "break it"},
		{Severity: profiles.SeverityInfo, Code: "keyring", Message: "works"},
	}
	var text bytes.Buffer
	if err := writeFindings(&text, fs, false); err != nil {
		t.Fatal(err)
	}
	want := "Errors (1)\n  /c:3  source-cycle  profile \"a\"\n    loop\n    fix: break it\n\nInfo (1)\n  -  keyring\n    works\n\n1 error, 0 warnings, 1 info\n"
	if text.String() != want {
		t.Errorf("text report:\n%s\nwant:\n%s", text.String(), want)
	}
	var js bytes.Buffer
	if err := writeFindings(&js, nil, true); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(js.String()) != "[]" {
		t.Errorf("no findings as JSON: %q, want []", js.String())
	}
	js.Reset()
	if err := writeFindings(&js, fs[:1], true); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(js.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"severity", "code", "profile", "file", "line", "message", "fix"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, js.String())
		}
	}
}
