package doctor

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/render"
)

// testHome is a home with the given files (relative paths) and nothing from
// the machine running the tests. A leading "@" in an env value stands for
// the home directory.
func testHome(t *testing.T, files map[string]string, env map[string]string) (host.Host, map[string]string) {
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
		"HOME":            home,
		"SHELL":           "/bin/bash",
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
	}
	for k, v := range env {
		if strings.HasPrefix(v, "@") {
			v = home + v[1:]
		}
		base[k] = v
	}
	return host.FromMap(base), base
}

func hasCode(fs []Finding, code string) (Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return Finding{}, false
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
	for code, sev := range map[string]Severity{
		"credentials-file-mode": SeverityError,
		"config-file-mode":      SeverityWarning,
		"config-dir-mode":       SeverityWarning,
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
			map[string]string{render.ExportedMarker: "AWS_ACCESS_KEY_ID ASSUME_PROFILE", "ASSUME_PROFILE": "prod"}, "credentials-exported", "", `profile "prod"`},
		{"stray hook variable", nil, map[string]string{render.HookVar: "bash"}, "shell-hook-env", "", "ASSUME_SHELL_HOOK=bash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, base := testHome(t, tc.files, tc.env)
			f, ok := hasCode(checkShellHook(h), tc.code)
			if !ok {
				t.Fatalf("no %s in %+v", tc.code, checkShellHook(h))
			}
			if tc.at != "" && f.At.String() != filepath.Join(base["HOME"], tc.at) {
				t.Errorf("at %s, want %s", f.At, tc.at)
			}
			if !strings.Contains(f.Message+" "+f.Fix, tc.text) {
				t.Errorf("%q / %q lacks %q", f.Message, f.Fix, tc.text)
			}
			if f.Severity != SeverityInfo {
				t.Errorf("severity %s, want info", f.Severity)
			}
		})
	}
}

func TestDoctorReportFormats(t *testing.T) {
	fs := []Finding{
		{Severity: SeverityError, Code: "source-cycle", Profile: "a", At: profiles.Location{File: "/c", Line: 3}, Message: "loop", Fix: "break it"},
		{Severity: SeverityInfo, Code: "keyring", Message: "works"},
	}
	var text bytes.Buffer
	if err := Write(&text, fs, false); err != nil {
		t.Fatal(err)
	}
	want := "Errors (1)\n  /c:3  source-cycle  profile \"a\"\n    loop\n    fix: break it\n\nInfo (1)\n  -  keyring\n    works\n\n1 error, 0 warnings, 1 info\n"
	if text.String() != want {
		t.Errorf("text report:\n%s\nwant:\n%s", text.String(), want)
	}
	var js bytes.Buffer
	if err := Write(&js, nil, true); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(js.String()) != "[]" {
		t.Errorf("no findings as JSON: %q, want []", js.String())
	}
	js.Reset()
	if err := Write(&js, fs[:1], true); err != nil {
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

func TestDiagnoseSortsAndReportsBrokenSettings(t *testing.T) {
	h, _ := testHome(t, map[string]string{".aws/config": "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = a\n"}, nil)
	fs := Diagnose(Options{Host: h, SettingsErr: os.ErrPermission})
	if len(fs) < 2 || fs[0].Severity != SeverityError {
		t.Fatalf("errors first: %+v", fs)
	}
	if _, ok := hasCode(fs, "settings-error"); !ok {
		t.Errorf("a broken config.yaml is a finding: %+v", fs)
	}
	if f, ok := hasCode(fs, "self-source"); !ok || f.At.Line != 3 {
		t.Errorf("the linter's finding with its line: %+v", fs)
	}
	for i := 1; i < len(fs); i++ {
		if fs[i-1].Severity.Rank() > fs[i].Severity.Rank() {
			t.Errorf("not sorted by severity: %+v", fs)
		}
	}
}
