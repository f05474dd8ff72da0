package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/session"
	"github.com/assume-cli/assume/pkg/sso"
)

// loginOptions are `assume login [--sso-session NAME | PROFILE]` after parsing.
type loginOptions struct {
	f          *factory
	Settings   settings
	Profile    string
	SSOSession string
	NoBrowser  bool
	// Browser is --browser (also ASSUME_BROWSER, browser: in config.yaml),
	// as for assume console.
	Browser string
}

func newCmdLogin(f *factory, runF func(context.Context, *loginOptions) error) *cobra.Command {
	opts := &loginOptions{f: f}
	cmd := &cobra.Command{
		Use:   "login [--sso-session NAME | PROFILE]",
		Short: "Sign in to IAM Identity Center (AWS SSO), sharing the sign-in with the AWS CLI",
		Long: `login signs you in to IAM Identity Center as the AWS CLI v2 does: in your
browser (the authorization code flow with PKCE and a redirect to 127.0.0.1),
or with --no-browser by a code you confirm on any device (the device flow).

It signs in the [sso-session] of PROFILE, or the one named with --sso-session;
with neither, that of AWS_PROFILE or the default profile, or the only
[sso-session] in ~/.aws/config. The sign-in is kept where the AWS CLI v2
keeps it (~/.aws/sso/cache, files 0600), so assume, the AWS CLI and the SDKs
share it, and it is renewed silently until the session your administrator
configured ends: you sign in once per session, not once per access token.

The browser is --browser (ASSUME_BROWSER, browser: in config.yaml), else
$BROWSER, else xdg-open, open or the Windows URL handler, as for assume
console; the sign-in URL is printed on stderr too. Nothing is printed on
stdout.`,
		Example: `  assume login                      # the sso-session of the default profile
  assume login corp-prod-Admin      # the sso-session this profile uses
  assume login --sso-session corp
  assume login --no-browser         # over SSH: a URL and a code to confirm on any device`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, opts.Profile, err = loadProfileSettings(cmd, f, args); err != nil {
				return err
			}
			opts.Browser = consoleSetting(cmd, f, "browser")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return loginRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.SSOSession, "sso-session", "", "the [sso-session NAME] to sign in")
	cmd.Flags().BoolVar(&opts.NoBrowser, "no-browser", false, "sign in with a device code instead of opening a browser (for SSH sessions)")
	cmd.Flags().String("browser", "", `command that opens the sign-in page, "%s" standing for it (default $BROWSER, else xdg-open, open or rundll32); also ASSUME_BROWSER`)
	_ = cmd.RegisterFlagCompletionFunc("sso-session", completeSSOSessions(f))
	addFlags(cmd.Flags(), []string{"profile", "timeout"})
	return cmd
}

func loginRun(ctx context.Context, opts *loginOptions) error {
	f := opts.f
	sess := f.session(opts.Settings)
	target, endpointProfile, err := loginTarget(sess, f, opts)
	if err != nil {
		return err
	}
	svc, err := sess.SSO(ctx, endpointProfile, target)
	if err != nil {
		return err
	}
	tok, err := signIn(ctx, f, svc, opts.NoBrowser, opts.Browser, f.IO.ErrOut)
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "assume: signed in to %s (%s); %s\n", target, target.StartURL, lasts(tok, f.Host.Time()))
	return nil
}

// lasts says how long a new sign-in works without a person.
func lasts(tok sso.Token, now time.Time) string {
	until := tok.Expires().UTC().Format(time.RFC3339)
	if tok.RefreshToken != "" {
		return "renewed silently until the session ends (access token until " + until + ")"
	}
	return fmt.Sprintf("valid until %s (%s); sign in again after that", until, tok.Expires().Sub(now).Round(time.Minute))
}

// loginTarget picks the sign-in: --sso-session, else PROFILE's source,
// else AWS_PROFILE's or the default profile's, else the only
// [sso-session]. It also names the profile whose [services] endpoints
// apply ("" for none).
func loginTarget(sess *session.Session, f *factory, opts *loginOptions) (sso.Session, string, error) {
	cfg, err := sess.Config()
	if err != nil {
		return sso.Session{}, "", err
	}
	if opts.SSOSession != "" && opts.Profile != "" {
		return sso.Session{}, "", errors.New("give PROFILE or --sso-session, not both")
	}
	envProfile := f.Host.Env("AWS_PROFILE")
	if opts.SSOSession != "" {
		sec, err := cfg.SSOSession(opts.SSOSession)
		if err != nil {
			return sso.Session{}, "", err
		}
		endpointProfile := ""
		for _, p := range []string{envProfile, "default"} {
			if p != "" && cfg.Has(p) {
				endpointProfile = p
				break
			}
		}
		return session.SSOFromConfig(sec), endpointProfile, nil
	}
	profile := opts.Profile
	if profile == "" {
		switch names := cfg.SSOSessionNames(); {
		case envProfile != "":
			profile = envProfile
		case cfg.Has("default"):
			profile = "default"
		case len(names) == 1:
			sec, err := cfg.SSOSession(names[0])
			if err != nil {
				return sso.Session{}, "", err
			}
			return session.SSOFromConfig(sec), "", nil
		case len(names) == 0:
			return sso.Session{}, "", fmt.Errorf("%s has no [sso-session] and no default profile: add an [sso-session NAME] with sso_start_url and sso_region", sess.Files().Config)
		default:
			return sso.Session{}, "", fmt.Errorf("no profile given and no default profile: run `assume login --sso-session NAME` with one of %s", strings.Join(names, ", "))
		}
	}
	plan, err := sess.Plan(profile)
	if err != nil {
		return sso.Session{}, "", err
	}
	if plan.Source.Kind != profiles.SourceSSO {
		return sso.Session{}, "", fmt.Errorf("profile %q does not sign in through IAM Identity Center (its source is %s): name an sso profile or use --sso-session NAME", profile, plan.Source)
	}
	target, err := sess.SSOTarget(plan.Source)
	if err != nil {
		return sso.Session{}, "", err
	}
	return target, profile, nil
}

// completeSSOSessions completes --sso-session with the [sso-session] names.
func completeSSOSessions(f *factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		cfg, err := f.session(settings{}).Config()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []cobra.Completion
		for _, n := range cfg.SSOSessionNames() {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
