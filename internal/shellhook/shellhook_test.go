package shellhook

import (
	"strings"
	"testing"
)

func TestPowerShellHookFollowsTheProtocol(t *testing.T) {
	h, err := Script("pwsh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"-CommandType Application",                                                  // the binary, never this function again
		"$assumeMode = & $assumeExe __hook-mode @args",                              // the binary classifies
		"if ($assumeMode -ne 'eval') {\n        & $assumeExe @args\n        return", // pass-through keeps $LASTEXITCODE
		"$env:ASSUME_SHELL_HOOK = 'powershell'",
		"} finally {\n        Remove-Item Env:ASSUME_SHELL_HOOK",
		"if ($LASTEXITCODE -ne 0) {\n        return\n    }\n    foreach ($assumeLine in @($assumeOut))", // a failure evaluates nothing
	} {
		if !strings.Contains(h, want) {
			t.Errorf("PowerShell hook lacks %q", want)
		}
	}
	if n := strings.Count(h, "Invoke-Expression"); n != 2 { // the usage comment and the one eval
		t.Errorf("Invoke-Expression appears %d times", n)
	}
}

func TestHookHint(t *testing.T) {
	for shell, want := range map[string]string{
		"/bin/bash":    `eval "$(assume shell-init bash)"` + "` to ~/.bashrc",
		"/usr/bin/zsh": `eval "$(assume shell-init zsh)"` + "` to ~/.zshrc",
		"fish":         "assume shell-init fish | source` to ~/.config/fish/config.fish",
		`C:\pwsh.exe`:  "Out-String | Invoke-Expression` to $PROFILE",
		"/bin/dash":    "assume shell-init --help",
	} {
		if got := Hint(shell); !strings.Contains(got, want) || strings.Contains(got, "\n") {
			t.Errorf("hookHint(%q) = %q", shell, got)
		}
	}
}
