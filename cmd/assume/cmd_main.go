package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/internal/iostreams"
	"github.com/assume-cli/assume/internal/memo"
	"github.com/assume-cli/assume/internal/picker"
	"github.com/assume-cli/assume/internal/recent"
	"github.com/assume-cli/assume/internal/shellhook"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/render"
)

// mainOptions are `assume [flags] PROFILE [-- COMMAND...]` after parsing.
type mainOptions struct {
	f        *factory
	Settings settings
	// Positional are the arguments before `--`; Command those after it.
	Positional []string
	Command    []string
	// Dash says `--` was given (Command may still be empty: an error).
	Dash  bool
	Unset bool
	Nest  bool
	// ServerFlag says --server was given on the command line (not only
	// the setting): then a run with nothing to serve is an error.
	ServerFlag bool
	// Hook is the shell hook's format when this run serves it, else "".
	Hook render.Format
}

// newCmdMain is the main command; runF replaces mainRun in tests.
func newCmdMain(f *factory, runF func(context.Context, *mainOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := parseMain(cmd, f, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return mainRun(cmd.Context(), opts)
		},
	}
	cmd.ValidArgsFunction = completeProfiles(f)
	addFlags(cmd.Flags(), outputFlags, callFlags, resolveFlags, cacheFlags, serverFlags)
	// Read from the command line only, not through settings: ASSUME_UNSET
	// in an environment must never turn every call into an unset.
	cmd.Flags().Bool("unset", false, "print statements that remove the credentials assume set (eval \"$(assume --unset)\"; the shell hook applies them)")
	cmd.Flags().Bool("nest", false, "open a subshell even inside one assume opened (also ASSUME_NEST=1)")
	return cmd
}

func parseMain(cmd *cobra.Command, f *factory, args []string) (*mainOptions, error) {
	s, err := loadSettings(cmd, f)
	if err != nil {
		return nil, err
	}
	opts := &mainOptions{f: f, Settings: s, Positional: args}
	if dash := cmd.ArgsLenAtDash(); dash >= 0 {
		opts.Positional, opts.Command, opts.Dash = args[:dash], args[dash:], true
	}
	opts.Unset, _ = cmd.Flags().GetBool("unset")
	opts.Nest, _ = cmd.Flags().GetBool("nest")
	opts.ServerFlag = explicitServer(cmd)
	if opts.Hook, err = hookFormat(cmd, f, s); err != nil {
		return nil, err
	}
	return opts, nil
}

func mainRun(ctx context.Context, opts *mainOptions) error {
	f, s := opts.f, opts.Settings
	if opts.Unset {
		return unsetRun(opts)
	}
	format, err := outputFormat(s, f)
	if err != nil {
		return err
	}
	if opts.Hook != "" {
		format = opts.Hook
	}
	// A subshell is what a terminal without the hook gets; refusing to nest
	// comes before the picker and any MFA prompt.
	subshell := opts.Hook == "" && !opts.Dash && !s.CredentialProcess && !s.Export &&
		format != render.FormatJSON && f.IO.IsStdoutTTY()
	if subshell {
		if err := checkNesting(opts); err != nil {
			return err
		}
	}
	serve, err := serverMode(opts, subshell)
	if err != nil {
		return err
	}
	if serve {
		s.RefreshMargin = serverMargin(s)
	}
	sess := f.session(s)
	picked := false
	if s.Profile == "" && len(opts.Positional) == 0 {
		picked = true
		if s.Profile, err = chooseProfile(ctx, opts, sess.Config); err != nil {
			return err
		}
	}
	profile, command, err := mainArgs(s, opts)
	if err != nil {
		return err
	}
	if s.CredentialProcess && (s.Export || len(command) > 0) {
		return errors.New("--credential-process prints JSON for an SDK: do not combine it with --export or a command")
	}
	res, err := sess.Credentials(ctx, profile)
	if err != nil {
		return err
	}
	if !s.CredentialProcess {
		// SDKs call --credential-process all the time; only people pick.
		_ = recent.Remember(f.Host.RecentFile(), profile) // ordering is a convenience
	}
	if serve && res.Credentials.CanExpire() {
		return serveChild(f, s, sess, res, profile, command)
	}
	if serve && opts.ServerFlag {
		fmt.Fprintf(f.IO.ErrOut, "assume: profile %q has long-term keys, which never expire: running without a credentials server\n", profile)
	}
	env := render.Exports(res.Credentials, res.Plan.Region, profile)
	switch {
	case s.CredentialProcess || format == render.FormatJSON:
		if f.Debug.On() {
			f.Debug.Printf("printing credential_process JSON on stdout (%s)", res.Credentials)
		}
		if err := render.CredentialProcess(f.IO.Out, res.Credentials); err != nil {
			return err
		}
		if !picked && !s.NoCache && len(command) == 0 && opts.Hook == "" {
			f.memoize(sess, res, memo.ModeCredentialProcess, render.FormatJSON, profile)
		}
		return nil
	case len(command) > 0:
		return runCommand(f, command, env)
	case opts.Hook != "" || s.Export || !f.IO.IsStdoutTTY():
		if format != render.FormatDotenv { // a dotenv file cannot unset, so no marker
			env = render.WithMarker(env, f.Host.Env)
		}
		if f.Debug.On() {
			logExports(f.Debug, format, env)
		}
		if err := render.Write(f.IO.Out, format, env); err != nil {
			return err
		}
		if !picked && !s.NoCache && s.Export && opts.Hook == "" {
			f.memoize(sess, res, memo.ModeExport, format, profile)
		}
		return nil
	default:
		fmt.Fprintln(f.IO.ErrOut, shellhook.Hint(f.Host.Env("SHELL")))
		return runSubshell(f, profile, render.SubshellEnv(env, f.Host.Env, profile))
	}
}

// mainArgs splits `PROFILE -- COMMAND...` and applies --profile.
func mainArgs(s settings, opts *mainOptions) (profile string, command []string, err error) {
	positional, command := opts.Positional, opts.Command
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
	if len(command) == 0 && opts.Dash {
		return "", nil, errors.New("nothing to run after --: give a command, e.g. `assume prod -- aws s3 ls`")
	}
	return profile, command, nil
}

func outputFormat(s settings, f *factory) (render.Format, error) {
	if s.CredentialProcess {
		return render.FormatJSON, nil
	}
	if s.Format == "" {
		return render.DefaultFormat(f.Host.Env("SHELL")), nil
	}
	return render.ParseFormat(s.Format)
}

// checkNesting refuses to open a subshell inside one of assume's own.
func checkNesting(opts *mainOptions) error {
	outer := opts.f.Host.Env(render.SubshellMarker)
	if outer == "" || opts.Nest {
		return nil
	}
	// Read directly, not through viper: only this switch and not the
	// flag's other sources should count.
	if v, err := strconv.ParseBool(strings.TrimSpace(opts.f.Host.Env("ASSUME_NEST"))); err == nil && v {
		return nil
	}
	return fmt.Errorf("already in a subshell assume opened for %q: type `exit` to leave it first, or pass --nest (or set ASSUME_NEST=1) to open another inside it", outer)
}

// chooseProfile is `assume` without a profile: the picker when a person is
// at a terminal, else usage and the profile list on stderr and an error.
// The picker needs stdin to be a terminal too, so scripts and SDKs with a
// terminal somewhere up the process tree never get a full-screen prompt.
func chooseProfile(ctx context.Context, opts *mainOptions, config configLoader) (string, error) {
	f := opts.f
	cfg, err := config()
	if err != nil {
		return "", err
	}
	names := cfg.Names()
	if len(names) == 0 {
		return "", fmt.Errorf("no profiles in %s or %s: add one, then run `assume PROFILE`", cfg.Files().Config, cfg.Files().Credentials)
	}
	if !opts.Settings.CredentialProcess && f.IO.IsStdinTTY() {
		if tty, err := f.IO.Console(); err == nil {
			defer tty.Close()
			color := f.Host.Env("NO_COLOR") == "" && f.Host.Env("TERM") != "dumb"
			return picker.Run(ctx, tty, names, recent.Read(f.Host.RecentFile()), color)
		}
	}
	fmt.Fprintln(f.IO.ErrOut, "usage: assume [flags] PROFILE [-- COMMAND [ARG...]]   (assume --help for more)")
	fmt.Fprintln(f.IO.ErrOut, "profiles:")
	for _, n := range names {
		fmt.Fprintf(f.IO.ErrOut, "  %s\n", iostreams.Printable(n))
	}
	return "", errors.New("no profile given: run `assume PROFILE` with one of the profiles above (the picker needs a terminal)")
}

// configLoader loads the AWS config files (once per run, in a session).
type configLoader func() (*profiles.Config, error)
