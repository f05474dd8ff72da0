// Package shellhook holds the shell functions `assume shell-init` prints and
// what is known about the shells they are for. The hooks are real shell
// files so they can be read, linted and diffed as such; @SHELL@ is replaced
// with the shell name the hook passes back to the binary in
// ASSUME_SHELL_HOOK.
package shellhook

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"
)

var (
	//go:embed hook_bash.sh
	hookPOSIX string
	//go:embed hook_fish.fish
	hookFish string
	//go:embed hook_powershell.ps1
	hookPowerShell string
)

// Shells are the shells a hook exists for, in the order help lists them.
func Shells() []string { return []string{"bash", "zsh", "fish", "powershell"} }

// Script returns the hook for a shell name as given on the command line.
func Script(shell string) (string, error) {
	switch strings.ToLower(shell) {
	case "bash", "zsh":
		return strings.ReplaceAll(hookPOSIX, "@SHELL@", strings.ToLower(shell)), nil
	case "fish":
		return hookFish, nil
	case "powershell", "pwsh":
		return hookPowerShell, nil
	}
	return "", fmt.Errorf("unknown shell %q: use one of %s", shell, strings.Join(Shells(), ", "))
}

// RCLine is what a user adds to their shell's startup file, and where.
func RCLine(shell string) (line, file string) {
	switch shell {
	case "bash":
		return `eval "$(assume shell-init bash)"`, "~/.bashrc"
	case "zsh":
		return `eval "$(assume shell-init zsh)"`, "~/.zshrc"
	case "fish":
		return "assume shell-init fish | source", "~/.config/fish/config.fish"
	case "powershell", "pwsh":
		return "assume shell-init powershell | Out-String | Invoke-Expression", "$PROFILE"
	}
	return "", ""
}

// Hint is the one stderr line telling a subshell user how to get the
// credentials in the shell they are in instead.
func Hint(shellPath string) string {
	base := strings.ToLower(shellPath[strings.LastIndexAny(shellPath, `/\`)+1:])
	base = strings.TrimSuffix(base, ".exe")
	if line, file := RCLine(base); line != "" {
		return fmt.Sprintf("assume: to set credentials in this shell instead of a subshell, add `%s` to %s", line, file)
	}
	return "assume: to set credentials in this shell instead of a subshell, see `assume shell-init --help`"
}

// ShellName maps $SHELL to a shell a hook exists for, or "".
func ShellName(shellPath string) string {
	base := strings.TrimSuffix(filepath.Base(shellPath), ".exe")
	for _, s := range Shells() {
		if base == s {
			return s
		}
	}
	if base == "pwsh" {
		return "powershell"
	}
	return ""
}
