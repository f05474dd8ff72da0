package main

import (
	"github.com/spf13/cobra"
)

const rootExamples = `  # a subshell holding prod-admin's credentials (when stdout is a terminal)
  assume prod-admin

  # once, in ~/.bashrc: then "assume prod-admin" sets the credentials in the
  # shell itself, "assume" alone opens a picker, "assume --unset" clears them
  eval "$(assume shell-init bash)"

  # set the credentials in the current shell without the hook
  eval "$(assume --export prod-admin)"
  assume -x --format fish prod-admin | source

  # run one command with the credentials; its exit code passes through
  assume prod-admin -- terraform plan

  # a long command: its SDKs refresh through a local server assume runs
  # beside it, so the 1-hour cap of a chained role never stops it
  assume prod-admin --server -- terraform apply

  # in ~/.aws/config, for every SDK, terraform and the AWS CLI:
  #   [profile prod]
  #   credential_process = assume --credential-process prod-admin
  assume --credential-process prod-admin

  # what would happen, hop by hop, without any network call
  assume plan prod-admin

  # the AWS console as prod-admin, in the browser (also: assume -c prod-admin)
  assume console prod-admin --service s3`

// newRootCmd is the command tree. The root command is the main one:
// `assume PROFILE` (see cmd_main.go).
func newRootCmd(f *factory) *cobra.Command {
	cmd := newCmdMain(f, nil)
	cmd.Use = "assume [flags] PROFILE [-- COMMAND [ARG...]]"
	cmd.Short = "Short-lived AWS credentials for a profile in ~/.aws/config"
	cmd.Long = `assume resolves a profile of ~/.aws/config (role chains, external ids, MFA,
the 1-hour cap on chained sessions), calls STS AssumeRole hop by hop, and
hands the credentials to your shell, a command, or an AWS SDK.

Every flag can also be set as ASSUME_<FLAG> (ASSUME_TIMEOUT=10s) or as a key in
$XDG_CONFIG_HOME/assume/config.yaml (timeout: 10s); flags win over the
environment, which wins over the file.`
	cmd.Example = rootExamples
	cmd.SilenceErrors = true
	cmd.SilenceUsage = true
	// Every subcommand inherits this (none defines its own).
	cmd.PersistentPreRun = func(cmd *cobra.Command, args []string) { setupDebug(cmd, f) }
	cmd.SetOut(f.IO.Out) // machine output only: `assume completion bash > file`
	cmd.SetErr(f.IO.ErrOut)
	cmd.SetIn(f.IO.In)
	// Help is for people: on stderr, so `eval "$(assume --help)"` runs nothing.
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		c.SetOut(f.IO.ErrOut)
		help(c, args)
	})
	cmd.PersistentFlags().Bool("debug", false, "log what assume does to stderr (settings, files, plan, keyring, cache, STS calls, timings), never secrets (also ASSUME_DEBUG=1)")
	cmd.AddCommand(
		newCmdPlan(f, nil),
		newCmdWhoami(f, nil),
		newCmdList(f, nil),
		newCmdSessions(f),
		newCmdKeys(f),
		newCmdVersion(f),
		newCmdShellInit(f),
		newCmdPrompt(f),
		newCmdHookMode(f),
		newCmdDoctor(f, nil),
		newCmdServe(f, nil),
		newCmdConsole(f, nil),
		newCmdLogin(f, nil),
		newCmdSSO(f),
	)
	addConsoleShortcut(cmd, f)
	return cmd
}
