package main

import (
	"errors"
	"fmt"

	"github.com/assume-cli/assume/pkg/render"
)

// unsetRun prints the statements that remove what assume set: `assume
// --unset`, applied by the hook or by eval.
func unsetRun(opts *mainOptions) error {
	f, s := opts.f, opts.Settings
	if len(opts.Positional) > 0 || len(opts.Command) > 0 || s.Profile != "" {
		return errors.New("--unset takes no profile or command: run `assume --unset` alone")
	}
	if s.CredentialProcess {
		return errors.New("--unset prints shell statements: do not combine it with --credential-process")
	}
	format := opts.Hook
	if format == "" {
		var err error
		if format, err = outputFormat(s, f); err != nil {
			return err
		}
	}
	if format == render.FormatJSON || format == render.FormatDotenv {
		return fmt.Errorf("--unset needs a shell format, not %s: use --format sh, fish, powershell or cmd", format)
	}
	names := render.UnsetNames(f.Host.Env)
	if len(names) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "assume: nothing to unset: this shell holds no credentials from assume")
		return nil
	}
	if opts.Hook == "" && f.IO.IsStdoutTTY() {
		fmt.Fprintln(f.IO.ErrOut, `assume: printing statements only: run eval "$(assume --unset)", or install the hook (assume shell-init --help)`)
	}
	return render.Write(f.IO.Out, format, render.Env{Unset: names})
}
