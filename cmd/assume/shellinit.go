package main

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// The hooks are real shell files so they can be read, linted and diffed as
// such; @SHELL@ is replaced with the shell name the hook passes back to the
// binary in ASSUME_SHELL_HOOK.
var (
	//go:embed hook_bash.sh
	hookPOSIX string
	//go:embed hook_fish.fish
	hookFish string
	//go:embed hook_powershell.ps1
	hookPowerShell string
)

// hookShells are the shells shell-init knows, in the order help lists them.
var hookShells = []string{"bash", "zsh", "fish", "powershell"}

// hookScript returns the hook for a shell name as given on the command line.
func hookScript(shell string) (string, error) {
	switch strings.ToLower(shell) {
	case "bash", "zsh":
		return strings.ReplaceAll(hookPOSIX, "@SHELL@", strings.ToLower(shell)), nil
	case "fish":
		return hookFish, nil
	case "powershell", "pwsh":
		return hookPowerShell, nil
	}
	return "", fmt.Errorf("unknown shell %q: use one of %s", shell, strings.Join(hookShells, ", "))
}

// rcLine is what a user adds to their shell's startup file, and where.
func rcLine(shell string) (line, file string) {
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

func newShellInitCmd(d *deps) *cobra.Command {
	return &cobra.Command{
		Use:   "shell-init bash|zsh|fish|powershell",
		Short: "Print the shell hook that makes `assume PROFILE` set credentials in the current shell",
		Long: `shell-init prints a shell function named assume for your shell's startup
file. With it, ` + "`assume PROFILE`" + ` sets the credentials in the current shell
instead of opening a subshell, ` + "`assume`" + ` alone opens the profile picker and
sets the one you pick, and ` + "`assume --unset`" + ` removes what assume set.
Every other use (subcommands, --export, --credential-process,
PROFILE -- COMMAND) runs the binary untouched, with its output and exit
status.`,
		Example: `  # ~/.bashrc
  eval "$(assume shell-init bash)"

  # ~/.zshrc
  eval "$(assume shell-init zsh)"

  # ~/.config/fish/config.fish
  assume shell-init fish | source

  # $PROFILE (PowerShell)
  assume shell-init powershell | Out-String | Invoke-Expression`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("shell-init takes one shell (%s), e.g. eval \"$(assume shell-init bash)\"", strings.Join(hookShells, ", "))
			}
			return nil
		},
		ValidArgs: hookShells,
		RunE: func(cmd *cobra.Command, args []string) error {
			script, err := hookScript(args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(d.Stdout, script)
			return err
		},
	}
}

// hookHint is the one stderr line telling a subshell user how to get the
// credentials in the shell they are in instead.
func hookHint(shellPath string) string {
	base := strings.ToLower(shellPath[strings.LastIndexAny(shellPath, `/\`)+1:])
	base = strings.TrimSuffix(base, ".exe")
	if line, file := rcLine(base); line != "" {
		return fmt.Sprintf("assume: to set credentials in this shell instead of a subshell, add `%s` to %s", line, file)
	}
	return "assume: to set credentials in this shell instead of a subshell, see `assume shell-init --help`"
}
