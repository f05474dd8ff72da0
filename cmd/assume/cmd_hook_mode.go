package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/render"
)

// The hook's wire protocol, in two steps:
//
//  1. `assume __hook-mode ARGS...` prints "eval" when ARGS are a form whose
//     output the hook should evaluate (`assume [PROFILE] [flags]` without
//     -x/--export, --format, --credential-process or `-- COMMAND`, and
//     `assume --unset`), and "pass" for everything else. It parses ARGS with
//     the real command tree, so the shell never guesses at flags.
//  2. For "pass" the hook runs `command assume ARGS...` untouched: stdout
//     stays the terminal, exit status and job control are the shell's own.
//     For "eval" it runs ASSUME_SHELL_HOOK=<shell> assume ARGS... with stdout
//     captured, and evaluates that output only when the exit status is 0.
//
// Under ASSUME_SHELL_HOOK the binary prints statements in that shell's
// syntax instead of opening a subshell, and draws the picker on the
// terminal. It honours the variable only when stdout is not a terminal, so
// a stray export of it cannot make `assume PROFILE` print secrets on a
// screen.

// newCmdHookMode is the hidden first step of the protocol above. It never
// fails: anything it cannot classify is "pass", so the real run reports it.
func newCmdHookMode(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:                "__hook-mode [ARGS...]",
		Short:              "Tell the shell hook whether ARGS print statements to evaluate",
		Hidden:             true,
		DisableFlagParsing: true,
		Args:               cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode := "pass"
			if hookEvaluates(f, args) {
				mode = "eval"
			}
			_, err := fmt.Fprintln(f.IO.Out, mode)
			return err
		},
	}
}

// hookEvaluates parses args with a fresh command tree, as Execute would.
func hookEvaluates(f *factory, args []string) bool {
	root := newRootCmd(f)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd(args...)
	root.InitDefaultHelpFlag()
	found, rest, err := root.Find(args)
	if err != nil || found != root {
		return false
	}
	if err := root.ParseFlags(rest); err != nil {
		return false
	}
	if help, _ := root.Flags().GetBool("help"); help {
		return false
	}
	positional := root.Flags().Args()
	if len(positional) > 0 && (positional[0] == cobra.ShellCompRequestCmd || positional[0] == cobra.ShellCompNoDescRequestCmd) {
		return false // cobra handles these before Find sees them
	}
	s, err := loadSettings(root, f)
	if err != nil {
		return false
	}
	return evalForm(root, s)
}

// evalForm reports whether a parsed main command prints credentials for a
// shell to apply: what would open a subshell on a terminal, and --unset.
// An explicit -x or --format means the user wants the text itself.
func evalForm(cmd *cobra.Command, s settings) bool {
	if unset, _ := cmd.Flags().GetBool("unset"); unset {
		return true
	}
	if console, _ := cmd.Flags().GetBool("console"); console {
		return false // -c opens a browser and prints nothing to apply
	}
	// --server needs a subshell to serve: the hook passes it through, so
	// the binary opens one on the terminal, and the server lives as long
	// as that shell.
	return cmd.ArgsLenAtDash() < 0 && !s.CredentialProcess &&
		!cmd.Flags().Changed("export") && !cmd.Flags().Changed("format") && !explicitServer(cmd)
}

// explicitServer says --server (true) is on the command line, where the
// setting's other sources do not count.
func explicitServer(cmd *cobra.Command) bool {
	fl := cmd.Flags().Lookup("server")
	return fl != nil && fl.Changed && fl.Value.String() == "true"
}

// hookFormat is the format to print in when this run serves the shell hook
// (an eval form, ASSUME_SHELL_HOOK set, stdout captured), else "".
func hookFormat(cmd *cobra.Command, f *factory, s settings) (render.Format, error) {
	shell := f.Host.Env(render.HookVar)
	if shell == "" || f.IO.IsStdoutTTY() || !evalForm(cmd, s) {
		return "", nil
	}
	switch fm, _ := render.ParseFormat(shell); fm {
	case render.FormatSh, render.FormatFish, render.FormatPowerShell:
		return fm, nil
	}
	return "", fmt.Errorf("%s=%q is not a shell the hook supports: reload the hook with `assume shell-init bash|zsh|fish|powershell`", render.HookVar, shell)
}
