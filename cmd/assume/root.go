package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/render"
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

  # in ~/.aws/config, for every SDK, terraform and the AWS CLI:
  #   [profile prod]
  #   credential_process = assume --credential-process prod-admin
  assume --credential-process prod-admin

  # what would happen, hop by hop, without any network call
  assume plan prod-admin`

func newRootCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "assume [flags] PROFILE [-- COMMAND [ARG...]]",
		Short: "Short-lived AWS credentials for a profile in ~/.aws/config",
		Long: `assume resolves a profile of ~/.aws/config (role chains, external ids, MFA,
the 1-hour cap on chained sessions), calls STS AssumeRole hop by hop, and
hands the credentials to your shell, a command, or an AWS SDK.

Every flag can also be set as ASSUME_<FLAG> (ASSUME_TIMEOUT=10s) or as a key in
$XDG_CONFIG_HOME/assume/config.yaml (timeout: 10s); flags win over the
environment, which wins over the file.`,
		Example:       rootExamples,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMain(cmd, d, args)
		},
		// Every subcommand inherits this (none defines its own).
		PersistentPreRun: func(cmd *cobra.Command, args []string) { setupDebug(cmd, d) },
	}
	cmd.SetOut(d.Stdout) // machine output only: `assume completion bash > file`
	cmd.SetErr(d.Stderr)
	cmd.SetIn(d.Stdin)
	// Help is for people: on stderr, so `eval "$(assume --help)"` runs nothing.
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		c.SetOut(d.Stderr)
		help(c, args)
	})
	cmd.ValidArgsFunction = completeProfiles(d)
	cmd.PersistentFlags().Bool("debug", false, "log what assume does to stderr (settings, files, plan, keyring, cache, STS calls, timings), never secrets (also ASSUME_DEBUG=1)")
	addMainFlags(cmd.Flags())
	// Read with GetBool, not through settings: ASSUME_UNSET in an
	// environment must never turn every call into an unset.
	cmd.Flags().Bool("unset", false, "print statements that remove the credentials assume set (eval \"$(assume --unset)\"; the shell hook applies them)")
	cmd.Flags().Bool("nest", false, "open a subshell even inside one assume opened (also ASSUME_NEST=1)")
	cmd.AddCommand(newPlanCmd(d), newWhoamiCmd(d), newListCmd(d), newSessionsCmd(d), newKeysCmd(d), newVersionCmd(d),
		newShellInitCmd(d), newPromptCmd(d), newHookModeCmd(d), newDoctorCmd(d))
	return cmd
}

// mainArgs splits `PROFILE -- COMMAND...` and applies --profile.
func mainArgs(cmd *cobra.Command, s settings, args []string) (profile string, command []string, err error) {
	positional := args
	if dash := cmd.ArgsLenAtDash(); dash >= 0 {
		positional, command = args[:dash], args[dash:]
	}
	switch {
	case s.Profile != "" && len(positional) > 0:
		return "", nil, fmt.Errorf("profile given twice (--profile %q and %q): use one", s.Profile, positional[0])
	case s.Profile != "":
		profile = s.Profile
	case len(positional) == 1:
		profile = positional[0]
	case len(positional) > 1:
		return "", nil, fmt.Errorf("expected one profile, got %d arguments %q: put the command to run after --", len(positional), positional)
	}
	if profile == "" {
		return "", nil, errors.New("no profile given: run `assume PROFILE`, see `assume list` for the profiles and `assume --help` for usage")
	}
	if len(command) == 0 && cmd.ArgsLenAtDash() >= 0 {
		return "", nil, errors.New("nothing to run after --: give a command, e.g. `assume prod -- aws s3 ls`")
	}
	return profile, command, nil
}

func runMain(cmd *cobra.Command, d *deps, args []string) error {
	s, err := loadSettings(cmd, d)
	if err != nil {
		return err
	}
	hook, err := hookFormat(cmd, d, s)
	if err != nil {
		return err
	}
	if unset, _ := cmd.Flags().GetBool("unset"); unset {
		return runUnset(d, s, args, hook)
	}
	format, err := outputFormat(s, d)
	if err != nil {
		return err
	}
	if hook != "" {
		format = hook
	}
	// A subshell is what a terminal without the hook gets; refusing to nest
	// comes before the picker and any MFA prompt.
	subshell := hook == "" && cmd.ArgsLenAtDash() < 0 && !s.CredentialProcess && !s.Export &&
		format != render.FormatJSON && d.StdoutIsTTY()
	if subshell {
		if err := checkNesting(cmd, d); err != nil {
			return err
		}
	}
	if s.Profile == "" && noPositional(cmd, args) {
		if s.Profile, err = chooseProfile(cmd.Context(), d, s); err != nil {
			return err
		}
	}
	profile, command, err := mainArgs(cmd, s, args)
	if err != nil {
		return err
	}
	if s.CredentialProcess && (s.Export || len(command) > 0) {
		return errors.New("--credential-process prints JSON for an SDK: do not combine it with --export or a command")
	}
	res, err := obtain(cmd.Context(), d, s, profile)
	if err != nil {
		return err
	}
	if !s.CredentialProcess {
		// SDKs call --credential-process all the time; only people pick.
		_ = rememberProfile(recentFile(d), profile) // ordering is a convenience
	}
	env := render.Exports(res.Credentials, res.Plan.Region, profile)
	switch {
	case s.CredentialProcess || format == render.FormatJSON:
		if d.Debug.On() {
			d.Debug.Printf("printing credential_process JSON on stdout (%s)", res.Credentials)
		}
		return render.CredentialProcess(d.Stdout, res.Credentials)
	case len(command) > 0:
		return runCommand(cmd.Context(), d, command, env)
	case hook != "" || s.Export || !d.StdoutIsTTY():
		if format != render.FormatDotenv { // a dotenv file cannot unset, so no marker
			env = withMarker(env, d.Getenv)
		}
		if d.Debug.On() {
			logExports(d, format, env)
		}
		return render.Write(d.Stdout, format, env)
	default:
		fmt.Fprintln(d.Stderr, hookHint(d.Getenv("SHELL")))
		return runSubshell(cmd.Context(), d, profile, subshellEnv(env, d, profile))
	}
}

// noPositional: neither a profile nor anything before `--`.
func noPositional(cmd *cobra.Command, args []string) bool {
	if dash := cmd.ArgsLenAtDash(); dash >= 0 {
		return dash == 0
	}
	return len(args) == 0
}

func outputFormat(s settings, d *deps) (render.Format, error) {
	if s.CredentialProcess {
		return render.FormatJSON, nil
	}
	if s.Format == "" {
		return render.DefaultFormat(d.Getenv("SHELL")), nil
	}
	return render.ParseFormat(s.Format)
}

// expiresNote is a human line for stderr, never containing secrets.
func expiresNote(profile string, c creds.Credentials) string {
	if !c.CanExpire() {
		return fmt.Sprintf("assume: %s: long-term keys (no expiry)", profile)
	}
	return fmt.Sprintf("assume: %s: credentials valid until %s", profile, c.Expires.Local().Format("15:04:05 MST"))
}
