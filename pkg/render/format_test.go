package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{
		"sh": FormatSh, "bash": FormatSh, "zsh": FormatSh, "env": FormatSh, "BASH": FormatSh,
		"fish": FormatFish, "powershell": FormatPowerShell, "pwsh": FormatPowerShell, "PowerShell": FormatPowerShell,
		"cmd": FormatCmd, "dotenv": FormatDotenv, "json": FormatJSON,
	} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseFormat("csh")
	if err == nil {
		t.Fatal("ParseFormat(csh) succeeded")
	}
	for _, name := range []string{"csh", "sh", "fish", "powershell", "cmd", "dotenv", "json", "bash", "zsh", "pwsh", "env"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not mention %s", err, name)
		}
	}
}

func TestDefaultFormat(t *testing.T) {
	for in, want := range map[string]Format{
		"/usr/bin/fish": FormatFish, "/opt/homebrew/bin/fish": FormatFish,
		"/usr/bin/pwsh": FormatPowerShell, "powershell.exe": FormatPowerShell, `C:\Program Files\PowerShell\7\pwsh.exe`: FormatPowerShell,
		`C:\Windows\System32\cmd.exe`: FormatCmd, "cmd.exe": FormatCmd, "CMD.EXE": FormatCmd,
		"/bin/bash": FormatSh, "/bin/zsh": FormatSh, "/bin/dash": FormatSh, "": FormatSh, "/usr/bin/fishy": FormatSh, "/usr/local/bin/nu": FormatSh,
	} {
		if got := DefaultFormat(in); got != want {
			t.Errorf("DefaultFormat(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteJSONIsNotAnEnvFormat(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, FormatJSON, Exports(temporary, "", "p"))
	if err == nil || !strings.Contains(err.Error(), "CredentialProcess") || b.Len() > 0 {
		t.Errorf("Write(json) = %v, output %q; want an error pointing at CredentialProcess", err, b.String())
	}
	if err := Write(&b, Format("tcsh"), Env{}); err == nil {
		t.Error("Write accepted an unknown format")
	}
}

func TestWriteValidates(t *testing.T) {
	for name, e := range map[string]Env{
		"bad set name":     {Set: []Var{{"A-B", "x"}}},
		"name with $()":    {Set: []Var{{"$(id)", "x"}}},
		"leading digit":    {Set: []Var{{"1A", "x"}}},
		"empty name":       {Set: []Var{{"", "x"}}},
		"name with =":      {Set: []Var{{"A=B", "x"}}},
		"bad unset name":   {Unset: []string{"A;id"}},
		"set and unset":    {Set: []Var{{"A", "x"}}, Unset: []string{"A"}},
		"set twice":        {Set: []Var{{"A", "x"}, {"A", "y"}}},
		"NUL in later var": {Set: []Var{{"A", "fine"}, {"B", "x\x00y"}}},
	} {
		for _, f := range []Format{FormatSh, FormatFish, FormatPowerShell, FormatCmd, FormatDotenv} {
			var b bytes.Buffer
			if err := Write(&b, f, e); err == nil || b.Len() > 0 {
				t.Errorf("%s/%s: err = %v, output %q; want an error and no output", name, f, err, b.String())
			}
		}
	}
}

func TestWriteNULNamesVariableNotValue(t *testing.T) {
	for _, f := range []Format{FormatSh, FormatFish, FormatPowerShell, FormatCmd, FormatDotenv} {
		expectNULRejected(t, f, Env{Set: []Var{{"AWS_SESSION_TOKEN", "secretpart\x00more"}}})
	}
}

// Output is statements only: one per line, no comments or blank lines.
func TestWriteOneStatementPerLine(t *testing.T) {
	e := Exports(temporary, "eu-west-1", "prod")
	for f, lines := range map[Format]int{FormatSh: 10, FormatFish: 10, FormatPowerShell: 10, FormatCmd: 10, FormatDotenv: 7} {
		out := render(t, f, e)
		got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(got) != lines || !strings.HasSuffix(out, "\n") {
			t.Errorf("%s: %d lines, want %d:\n%s", f, len(got), lines, out)
		}
		for _, l := range got {
			if l == "" || strings.HasPrefix(l, "#") {
				t.Errorf("%s: blank or comment line in %q", f, out)
			}
		}
	}
}
