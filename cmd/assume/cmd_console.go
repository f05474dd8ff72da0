package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/console"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
)

// consoleOptions are `assume console PROFILE` (or `assume -c PROFILE`)
// after parsing.
type consoleOptions struct {
	f        *factory
	Settings settings
	Profile  string
	Service  string // --service: a name or a console URL; "": the console home
	Print    bool   // --print: the sign-in URL on stdout, no browser
	// Browser is --browser (also ASSUME_BROWSER, browser: in config.yaml).
	Browser string
	// FederationURL is ASSUME_FEDERATION_URL (federation-url: in
	// config.yaml): the federation endpoint instead of the partition's.
	FederationURL string
}

const consoleExamples = `  # the console home, as prod-admin, in the browser
  assume console prod-admin

  # straight to a service, or to any console page
  assume console prod-admin --service s3
  assume console prod-admin --service https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:

  # another region; another browser
  assume console prod-admin --region eu-west-1
  assume console prod-admin --browser "firefox --private-window"

  # print the sign-in URL instead (it signs anyone in for 15 minutes)
  assume console prod-admin --print

  # the same as "assume console prod-admin", for Granted users' fingers
  assume -c prod-admin`

func newCmdConsole(f *factory, runF func(context.Context, *consoleOptions) error) *cobra.Command {
	opts := &consoleOptions{f: f}
	cmd := &cobra.Command{
		Use:   "console PROFILE",
		Short: "Open the AWS console in a browser as a profile's role",
		Long: `console signs the profile's session in to the AWS Management Console and
opens it in a browser: the federation flow AWS documents for custom identity
brokers (getSigninToken, then the login URL). The session comes from the same
plan and cache as "assume PROFILE", MFA session included. A profile that
assumes no role (long-term IAM user keys) signs in as a federated user
through sts GetFederationToken, with the IAM user's permissions.

The sign-in URL works for 15 minutes for whoever holds it. It is never put
on a command line (the browser opens a private page that forwards it once)
nor logged; --print is the only way it reaches stdout.

--duration sets the console session's length where AWS allows it: a role
assumed with long-term keys (15m-12h), or GetFederationToken (15m-36h). A
chained role's console session lasts as long as the role session (at most 1h).

--service takes a full console URL or one of these names:
  ` + wrapWords(console.ServiceNames(), 76, "\n  ") + `
See docs/console.md.`,
		Example:           consoleExamples,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, opts.Profile, err = loadProfileSettings(cmd, f, args); err != nil {
				return err
			}
			if opts.Profile == "" {
				return errors.New("which profile? run `assume console PROFILE`")
			}
			opts.Service, _ = cmd.Flags().GetString("service")
			opts.Print, _ = cmd.Flags().GetBool("print")
			opts.Browser = consoleSetting(cmd, f, "browser")
			opts.FederationURL = consoleSetting(cmd, f, "federation-url")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return consoleRun(cmd.Context(), opts)
		},
	}
	addFlags(cmd.Flags(), resolveFlags, callFlags, cacheFlags)
	fl := cmd.Flags()
	fl.String("service", "", "console page to land on: a service (s3, ec2, iam, cloudformation, lambda, logs, ...: see below) or a full console URL")
	fl.Bool("print", false, "print the sign-in URL on stdout instead of opening a browser (the URL signs anyone in for 15 minutes)")
	fl.String("browser", "", `command that opens the page, "%s" standing for it (default $BROWSER, else xdg-open, open or rundll32); also ASSUME_BROWSER`)
	_ = cmd.RegisterFlagCompletionFunc("service", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return console.ServiceNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// wrapWords joins words with spaces, breaking lines (with sep) before
// they grow past width.
func wrapWords(words []string, width int, sep string) string {
	var b strings.Builder
	line := 0
	for i, w := range words {
		if i > 0 && line+1+len(w) > width {
			b.WriteString(sep)
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// consoleSetting reads a console setting as loadSettings reads the others:
// the flag, then ASSUME_<NAME>, then config.yaml.
func consoleSetting(cmd *cobra.Command, f *factory, name string) string {
	if cmd != nil {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
			return fl.Value.String()
		}
	}
	if v := f.Host.Env(envName(name)); v != "" {
		return v
	}
	if conf := f.configValues(); conf.values != nil {
		return cast.ToString(conf.values[name])
	}
	return ""
}

func consoleRun(ctx context.Context, opts *consoleOptions) error {
	f, s, name := opts.f, opts.Settings, opts.Profile
	if f.Debug.On() {
		f.Debug.Printf("console: federation-url %q, browser %q, service %q, print %t", opts.FederationURL, opts.Browser, opts.Service, opts.Print)
	}
	// Everything that needs no network is decided first: a bad --service
	// or no browser must not cost an MFA code.
	sess := f.session(s)
	plan, err := sess.Plan(name)
	if err != nil {
		return err
	}
	if err := console.CheckPlan(plan); err != nil {
		return err
	}
	part, err := console.PartitionOf(plan)
	if err != nil {
		return err
	}
	dest, err := console.Destination(part, plan.Region, opts.Service)
	if err != nil {
		return fmt.Errorf("profile %q: %w", name, err)
	}
	ep, err := console.FederationEndpoint(part, plan.Region, opts.FederationURL)
	if err != nil {
		return fmt.Errorf("profile %q: %w", name, err)
	}
	browser := console.Browser{Command: opts.Browser, Getenv: f.Host.Getenv, Dir: privateDir(f), Debug: f.Debug}
	if !opts.Print {
		if err := browser.Check(); err != nil {
			return fmt.Errorf("profile %q: %w", name, err)
		}
	}
	var fedDuration time.Duration
	if len(plan.Hops) == 0 {
		// No role: --duration is the GetFederationToken session's length.
		fedDuration, sess = s.Duration, sess.WithDuration(0)
		if _, err := console.FederationTokenRequest(f.Host.UserName(), fedDuration); err != nil && !plan.Source.Temporary() {
			return fmt.Errorf("profile %q: %w", name, err)
		}
	}
	res, err := sess.Credentials(ctx, name)
	if err != nil {
		return err
	}
	route := console.RouteFor(res.Plan, res.Credentials)
	c, err := consoleCredentials(ctx, opts, res.Credentials, res.STS, route, fedDuration)
	if err != nil {
		return err
	}
	if route == console.Chained {
		fmt.Fprintf(f.IO.ErrOut, "assume: profile %q: the console session lasts as long as the role session, at most 1h (AWS takes no console session length for a chained role): until %s\n",
			name, c.Expires.Local().Format(time.Kitchen))
	}
	sessionDuration := console.SessionDuration(res.Plan, route)
	token, err := signinToken(ctx, f, s, ep, c, sessionDuration)
	if err != nil {
		return signinError(name, route, err)
	}
	login := console.LoginURL(ep, dest, token)
	if f.Debug.On() {
		f.Debug.Printf("console: sign-in token from %s (post %t, SessionDuration %s); destination %s", ep.URL, ep.Post, sessionDuration, dest)
	}
	if opts.Print {
		_, err := fmt.Fprintln(f.IO.Out, login)
		return err
	}
	if err := browser.Open(ctx, login); err != nil {
		return fmt.Errorf("profile %q: %w", name, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "assume: opened the AWS console as %q: %s\n", name, dest)
	return nil
}

// consoleCredentials are the credentials to sign in with: the profile's
// session, or for long-term keys a GetFederationToken session.
func consoleCredentials(ctx context.Context, opts *consoleOptions, c creds.Credentials, client assume.STS, route console.Route, d time.Duration) (creds.Credentials, error) {
	if route != console.FederationToken {
		return c, nil
	}
	f, name := opts.f, opts.Profile
	req, err := console.FederationTokenRequest(f.Host.UserName(), d)
	if err != nil {
		return creds.Credentials{}, fmt.Errorf("profile %q: %w", name, err)
	}
	cctx, cancel := context.WithTimeout(ctx, opts.Settings.Timeout)
	defer cancel()
	var call debuglog.Call
	start := f.Debug.Now()
	fed, err := client.GetFederationToken(debuglog.WithCall(cctx, &call), c, req)
	if f.Debug.On() {
		f.Debug.Secret(fed.SecretAccessKey, fed.SessionToken)
		attempts, status, id := call.Snapshot()
		f.Debug.Printf("sts GetFederationToken %s for %s: %d attempt(s), status %d, request id %q, %s: %s, error: %v",
			req.Name, req.Duration, attempts, status, id, f.Debug.Since(start), fed, err)
	}
	if err != nil {
		return creds.Credentials{}, console.FederationTokenError(name, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "assume: profile %q assumes no role: signing in as federated user %q (GetFederationToken, the IAM user's permissions) until %s\n",
		name, req.Name, fed.Expires.Local().Format(time.Kitchen))
	return fed, nil
}

func signinToken(ctx context.Context, f *factory, s settings, ep console.Endpoint, c creds.Credentials, d time.Duration) (string, error) {
	client, err := assume.HTTPClient(f.Host.Getenv)
	if err != nil {
		return "", err
	}
	var doer console.Doer = client
	if f.Debug.On() {
		// The transport logs method, host and path: never the query or body.
		doer = &http.Client{Transport: debuglog.Transport{Log: f.Debug, Next: client}, CheckRedirect: client.CheckRedirect}
	}
	token, err := console.Signin{HTTP: doer, Timeout: s.Timeout}.Token(ctx, ep, c, d)
	f.Debug.Secret(token)
	return token, err
}

// signinError says what to do when the federation endpoint says no.
func signinError(profile string, route console.Route, err error) error {
	var ee *console.EndpointError
	if !errors.As(err, &ee) {
		return fmt.Errorf("profile %q: %w", profile, err)
	}
	hint := fmt.Sprintf("the session may have expired or been revoked: run `assume sessions clear %s` and try again", profile)
	switch route {
	case console.FederationToken:
		hint = "check that the IAM user may sign in to the console"
	case console.SourceSession:
		hint = "the credentials may have expired, or be a kind the console does not take (an MFA session from GetSessionToken): refresh them, or open the console for a profile with role_arn"
	}
	return fmt.Errorf("profile %q: %w, refusing the session (%s; federation-url, if set, must be the endpoint of the profile's partition)", profile, err, hint)
}

// privateDir is where the browser's page goes: $XDG_RUNTIME_DIR (private,
// in memory) when it exists, else the temp dir.
func privateDir(f *factory) string {
	if d := f.Host.RuntimeDir(); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// addConsoleShortcut gives the root command -c: `assume -c PROFILE` is
// `assume console PROFILE`, with the root's --region, --duration and the
// other settings.
func addConsoleShortcut(root *cobra.Command, f *factory) {
	root.Flags().BoolP("console", "c", false, "open the AWS console as PROFILE in a browser (the same as: assume console PROFILE)")
	run := root.RunE
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if on, _ := cmd.Flags().GetBool("console"); !on {
			return run(cmd, args)
		}
		s, err := loadSettings(cmd, f)
		if err != nil {
			return err
		}
		for _, fl := range []string{"export", "format", "credential-process", "unset", "nest"} {
			if cmd.Flags().Changed(fl) {
				return fmt.Errorf("-c opens the console: it takes no --%s", fl)
			}
		}
		if cmd.ArgsLenAtDash() >= 0 || len(args) > 1 {
			return errors.New("-c opens the console for one PROFILE: `assume -c PROFILE` (more options: assume console --help)")
		}
		opts := &consoleOptions{f: f, Settings: s, Browser: consoleSetting(cmd, f, "browser"), FederationURL: consoleSetting(cmd, f, "federation-url")}
		if opts.Profile, err = profileArg(s, args); err != nil {
			return err
		}
		if opts.Profile == "" {
			return errors.New("which profile? run `assume -c PROFILE`")
		}
		return consoleRun(cmd.Context(), opts)
	}
}
