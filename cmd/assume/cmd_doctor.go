package main

import (
	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/internal/doctor"
)

// doctorOptions are `assume doctor` after parsing.
type doctorOptions struct {
	f           *factory
	Settings    settings
	SettingsErr error
	JSON        bool
}

func newCmdDoctor(f *factory, runF func(*doctorOptions) error) *cobra.Command {
	opts := &doctorOptions{f: f}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the AWS config files, the keyring and the shell hook, without any network call",
		Long: `doctor lints ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and
AWS_SHARED_CREDENTIALS_FILE) and the setup around them, and prints each
finding with its file:line, severity and fix: source_profile cycles and
missing sources, malformed role ARNs, external ids and session names,
durations the 1-hour chaining cap cuts, unknown keys (with a did-you-mean),
repeated sections, profiles whose two files disagree, a credentials file
others can read, long-term keys in plain text, whether the keyring works and
whether the shell hook is installed.

It calls no AWS API and prints no secret. The exit status is 1 when a
finding is an error, 0 otherwise, so doctor can gate a CI job or a dotfiles
install.`,
		Example: `  assume doctor
  assume doctor --json | jq '.[] | select(.severity == "error")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A broken config.yaml is a finding, not a reason to stop.
			opts.Settings, opts.SettingsErr = loadSettings(cmd, f)
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the findings as a JSON array")
	return cmd
}

func doctorRun(opts *doctorOptions) error {
	f := opts.f
	sess := f.session(opts.Settings)
	_, passErr := sess.EnvPassphrase()
	findings := doctor.Diagnose(doctor.Options{
		Host:        f.Host,
		SettingsErr: opts.SettingsErr,
		// The configuration every run opens the keyring with, except that
		// doctor never prompts: a passphrase comes from the environment or
		// not at all.
		Keyring: &doctor.KeyringCheck{
			Config:          sess.KeyringConfig(sess.EnvPassphrase),
			PassphraseInEnv: passErr == nil,
			Open:            f.OpenKeyring,
		},
		FastPath: fastPathCheck(f, opts.Settings),
	})
	if err := doctor.Write(f.IO.Out, findings, opts.JSON); err != nil {
		return err
	}
	if doctor.HasErrors(findings) {
		return &exitError{code: 1} // the report already says why
	}
	return nil
}
