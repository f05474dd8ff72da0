package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/assume-cli/assume/pkg/session"
	"github.com/assume-cli/assume/pkg/sso"
	"github.com/assume-cli/assume/pkg/ssosync"
)

func newCmdSSO(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sso",
		Short: "IAM Identity Center: profiles for every account and role you may use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newCmdSSOSync(f, nil))
	return cmd
}

// ssoSyncOptions are `assume sso sync` after parsing.
type ssoSyncOptions struct {
	f           *factory
	Settings    settings
	SSOSession  string
	Prefix      string
	Region      string
	Template    string
	DryRun      bool
	Concurrency int
}

func newCmdSSOSync(f *factory, runF func(context.Context, *ssoSyncOptions) error) *cobra.Command {
	opts := &ssoSyncOptions{f: f}
	cmd := &cobra.Command{
		Use:   "sync --sso-session NAME",
		Short: "Write a profile for every account and role of an sso-session into ~/.aws/config",
		Long: `sync lists every account and role (permission set) the sign-in of an
sso-session may use (ListAccounts, ListAccountRoles) and writes a profile for
each into a managed block of ~/.aws/config (AWS_CONFIG_FILE):

  # BEGIN assume sso sync corp (...)
  [profile corp-prod-AdministratorAccess]
  sso_session = corp
  sso_account_id = 111111111111
  sso_role_name = AdministratorAccess
  region = eu-west-1
  # END assume sso sync corp

Only the block is rewritten: everything outside it stays byte for byte, a name
already defined outside it is left alone (with a warning), and profiles for
roles that disappeared are removed from the block only. A second sync of the
same roles changes nothing. The file is replaced atomically (its mode kept),
and not at all if another program changed it meanwhile.

Names come from --name (default {account_name}-{role_name}; also
{account_id} and {account_email}) after --prefix, sanitised to letters,
digits, '.', '_' and '-'. Names that collide get the account id appended,
then the role, then a number, the same way whatever order the portal lists
them in. The region of every profile is --region, else the sso-session's.

Listing runs --concurrency calls at a time and backs off when throttled; on
a terminal, a progress line shows on stderr. Without a usable sign-in, sync
offers to sign in when a terminal is present.`,
		Example: `  assume sso sync --sso-session corp --prefix corp- --region eu-west-1
  assume sso sync --sso-session corp --dry-run          # the diff, on stdout; nothing written
  assume sso sync --sso-session corp --name '{account_id}-{role_name}'
  assume corp-prod-AdministratorAccess                 # then use any of them`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, err = loadSettings(cmd, f); err != nil {
				return err
			}
			if opts.Concurrency < 1 || opts.Concurrency > 64 {
				return fmt.Errorf("--concurrency %d: use 1 to 64", opts.Concurrency)
			}
			if err := ssosync.CheckTemplate(opts.Template); err != nil {
				return fmt.Errorf("--name: %w", err)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return ssoSyncRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.SSOSession, "sso-session", "", "the [sso-session NAME] whose accounts and roles to write (default: the only one)")
	fl.StringVar(&opts.Prefix, "prefix", "", "prepended to every profile name (e.g. corp-)")
	fl.StringVar(&opts.Region, "region", "", "region written into every profile (default: the sso-session's sso_region)")
	fl.StringVar(&opts.Template, "name", ssosync.DefaultTemplate, "naming template: {account_name}, {account_id}, {account_email}, {role_name}")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the change as a diff on stdout and write nothing")
	fl.IntVar(&opts.Concurrency, "concurrency", sso.DefaultConcurrency, "portal calls at a time while listing roles")
	_ = cmd.RegisterFlagCompletionFunc("sso-session", completeSSOSessions(f))
	addFlags(fl, []string{"timeout"})
	return cmd
}

func ssoSyncRun(ctx context.Context, opts *ssoSyncOptions) error {
	f := opts.f
	sess := f.session(opts.Settings)
	cfg, err := sess.Config()
	if err != nil {
		return err
	}
	name := opts.SSOSession
	if name == "" {
		names := cfg.SSOSessionNames()
		if len(names) != 1 {
			return fmt.Errorf("name the sso-session: --sso-session NAME (%s has %s)", sess.Files().Config, sessionList(names))
		}
		name = names[0]
	}
	sec, err := cfg.SSOSession(name)
	if err != nil {
		return err
	}
	target := session.SSOFromConfig(sec)
	region := opts.Region
	if region == "" {
		region = target.Region
	}
	endpointProfile := ""
	for _, p := range []string{f.Host.Env("AWS_PROFILE"), "default"} {
		if p != "" && cfg.Has(p) {
			endpointProfile = p
			break
		}
	}
	svc, err := sess.SSO(ctx, endpointProfile, target)
	if err != nil {
		return err
	}
	if err := ensureSignedIn(ctx, f, svc); err != nil {
		return err
	}
	start := f.Host.Time()
	progress := newProgressLine(f.IO.ErrOut, name)
	accounts, err := svc.Assignments(ctx, sso.ListOptions{Concurrency: opts.Concurrency, Progress: progress.update})
	progress.done()
	if err != nil {
		return err
	}
	path := sess.Files().Config
	raw, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	res, err := ssosync.Plan(raw, accounts, ssosync.Options{Session: name, Region: region, Prefix: opts.Prefix, Template: opts.Template, File: path})
	if err != nil {
		return err
	}
	warnSkipped(f.IO.ErrOut, res.Skipped)
	roles := 0
	for _, a := range accounts {
		roles += len(a.Roles)
	}
	what := fmt.Sprintf("assume: sso sync %s: %d account(s), %d role(s) in %s; %s", name, len(accounts), roles,
		f.Host.Time().Sub(start).Round(100*time.Millisecond), res.Summary())
	switch {
	case opts.DryRun:
		fmt.Fprint(f.IO.Out, ssosync.Diff(raw, res.Config, path))
		fmt.Fprintf(f.IO.ErrOut, "%s (dry run: %s not written)\n", what, path)
	case !res.Changed:
		fmt.Fprintf(f.IO.ErrOut, "%s; %s is already up to date\n", what, path)
	default:
		if err := ssosync.Write(path, raw, res.Config); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "%s; wrote %s\n", what, path)
	}
	return nil
}

// ensureSignedIn makes sure a usable sign-in exists before a long
// listing: renewed silently when it can be, else offered at a terminal.
func ensureSignedIn(ctx context.Context, f *factory, svc *sso.Service) error {
	_, err := svc.Token(ctx)
	var need *sso.LoginRequiredError
	if !errors.As(err, &need) {
		return err
	}
	if !f.IO.HasConsole() {
		return err
	}
	signedIn, lerr := f.offerSSOLogin(ctx, svc, need)
	switch {
	case lerr != nil:
		return lerr
	case !signedIn:
		return err
	}
	return nil
}

func sessionList(names []string) string {
	if len(names) == 0 {
		return "no [sso-session] section"
	}
	return "sessions " + strings.Join(names, ", ")
}

// warnSkipped names the profiles left alone, a few of them.
func warnSkipped(w io.Writer, skipped []ssosync.Skip) {
	const shown = 5
	for i, s := range skipped {
		if i == shown {
			fmt.Fprintf(w, "assume: warning: and %d more profile(s) already defined outside the block\n", len(skipped)-shown)
			break
		}
		fmt.Fprintf(w, "assume: warning: profile %q is already defined at %s: not generated (rename or remove yours to have it synced)\n", s.Name, s.At)
	}
}

// progressLine redraws one line on a terminal's stderr, at most ten
// times a second; elsewhere it says nothing.
type progressLine struct {
	w       io.Writer
	session string
	mu      sync.Mutex
	last    time.Time
	drawn   bool
}

func newProgressLine(w io.Writer, session string) *progressLine {
	if f, ok := w.(interface{ Fd() uintptr }); !ok || !term.IsTerminal(int(f.Fd())) {
		return &progressLine{}
	}
	return &progressLine{w: w, session: session}
}

func (p *progressLine) update(done, total int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\x1b[Kassume: sso sync %s: roles of %d/%d accounts", p.session, done, total)
	p.drawn = true
}

func (p *progressLine) done() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
