package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/render"
)

// serveOptions are `assume serve PROFILE` after parsing.
type serveOptions struct {
	f        *factory
	Settings settings
	Args     []string
	Port     int
}

const serveExamples = `  # run one command whose SDKs refresh through assume for as long as it runs
  assume prod-admin --server -- terraform apply

  # a subshell served the same way (exit it to stop the server)
  assume prod-admin --server

  # a server in the foreground for an IDE: paste the two variables into its
  # run configuration; with --port both stay the same from run to run
  assume serve prod-admin --port 9911 --format dotenv

  # serve in this terminal; in another: . ~/.assume-prod.env
  assume serve prod-admin > ~/.assume-prod.env`

// newCmdServe is `assume serve`; runF replaces serveRun in tests.
func newCmdServe(f *factory, runF func(context.Context, *serveOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [flags] PROFILE",
		Short: "Serve a profile's credentials to SDKs on 127.0.0.1 until Ctrl-C",
		Long: `serve runs a container-credentials endpoint on 127.0.0.1 for PROFILE in the
foreground and prints the two variables an SDK needs to use it, in the
format of --format (default from $SHELL):

  AWS_CONTAINER_CREDENTIALS_FULL_URI       http://127.0.0.1:PORT/credentials
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE   a 0600 file holding the token

Every AWS SDK and the AWS CLI read those and fetch credentials from assume
whenever theirs near expiry, so a chained role's 1-hour cap never stops a
long-running program. The credentials come from the session cache and are
renewed through the whole chain before they expire, from the cached MFA
session without a prompt; only when that has expired is one code asked for
(mfa_process, else the terminal). Credentials are served only while more
than --refresh-margin remains (default 15m, the SDKs' refresh window).

The server answers only a request carrying the token, addressed to
127.0.0.1:PORT. The program using it must not also have AWS_ACCESS_KEY_ID
and friends set: SDKs prefer those. It stops on Ctrl-C, removing the token
file. To serve one command or a subshell for exactly as long as it runs, use
` + "`assume PROFILE --server [-- COMMAND]`" + ` instead.`,
		Example: serveExamples,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadSettings(cmd, f)
			if err != nil {
				return err
			}
			opts := &serveOptions{f: f, Settings: s, Args: args}
			opts.Port, _ = cmd.Flags().GetInt("port")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	cmd.ValidArgsFunction = completeProfiles(f)
	addFlags(cmd.Flags(), []string{"format"}, resolveFlags, callFlags, cacheFlags)
	cmd.Flags().Int("port", 0, "port on 127.0.0.1 (default: a free one); a fixed port also fixes the token file's path, for an IDE's run configuration")
	return cmd
}

func serveRun(ctx context.Context, opts *serveOptions) error {
	f, s := opts.f, opts.Settings
	format, err := outputFormat(s, f)
	if err != nil {
		return err
	}
	if format == render.FormatJSON {
		return errors.New("serve prints two variables: use --format sh, fish, powershell, cmd or dotenv")
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return fmt.Errorf("--port %d: want 1-65535, or 0 for a free port", opts.Port)
	}
	profile, err := profileArg(s, opts.Args)
	if err != nil {
		return err
	}
	if profile == "" {
		return errors.New("no profile given: run `assume serve PROFILE`, see `assume list` for the profiles")
	}
	s.RefreshMargin = serverMargin(s)
	sess := f.session(s)
	res, err := sess.Credentials(ctx, profile)
	if err != nil {
		return err
	}
	if !res.Credentials.CanExpire() {
		return fmt.Errorf("profile %q has long-term keys, which never expire: there is nothing to renew, so no server; use `assume %s -- COMMAND`", profile, profile)
	}
	tokenName := ""
	if opts.Port != 0 {
		tokenName = fmt.Sprintf("port-%d", opts.Port)
	}
	srv, err := startServer(f, s, sess, profile, res.Credentials, opts.Port, tokenName)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := render.Write(f.IO.Out, format, render.ServerVars(srv.srv.URL(), srv.token.Path)); err != nil {
		return err
	}
	if err := f.IO.Flush(); err != nil {
		return fmt.Errorf("writing to stdout: %w", err)
	}
	fmt.Fprintf(f.IO.ErrOut, "assume: serving %s's credentials on %s until Ctrl-C\n", profile, srv.srv.Addr())
	// Ctrl-C and SIGTERM end ctx (main); a closed terminal ends the
	// server the same way, so the token file is removed.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	<-ctx.Done()
	return nil
}
