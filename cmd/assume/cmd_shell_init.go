package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/internal/shellhook"
)

func newCmdShellInit(f *factory) *cobra.Command {
	shells := shellhook.Shells()
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
				return fmt.Errorf("shell-init takes one shell (%s), e.g. eval \"$(assume shell-init bash)\"", strings.Join(shells, ", "))
			}
			return nil
		},
		ValidArgs: shells,
		RunE: func(cmd *cobra.Command, args []string) error {
			script, err := shellhook.Script(args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(f.IO.Out, script)
			return err
		},
	}
}
