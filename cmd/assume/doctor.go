package main

import (
	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/profiles"
)

func newDoctorCmd(d *deps) *cobra.Command {
	var asJSON bool
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
			findings := diagnose(cmd, d)
			if err := writeFindings(d.Stdout, findings, asJSON); err != nil {
				return err
			}
			if profiles.HasErrors(findings) {
				return &exitError{code: 1} // the report already says why
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as a JSON array")
	return cmd
}

// diagnose gathers every finding. Nothing stops it early: a broken
// config.yaml or keyring is itself a finding, and the rest is still checked.
func diagnose(cmd *cobra.Command, d *deps) []profiles.Finding {
	var out []profiles.Finding
	s, err := loadSettings(cmd, d)
	if err != nil {
		out = append(out, profiles.Finding{Severity: profiles.SeverityError, Code: "settings-error",
			Message: err.Error(), Fix: "fix or remove the file"})
	}
	ring, storedKeys := checkKeyring(d, s.Keyring)
	out = append(out, ring...)
	files := profiles.FilesFromEnv(d.Getenv, d.homeDir())
	if cfg, err := profiles.Load(files); err != nil {
		out = append(out, profiles.Finding{Severity: profiles.SeverityError, Code: "read-error",
			Message: err.Error(), Fix: "make the file readable by you (ls -l it)"})
	} else {
		out = append(out, profiles.Lint(cfg, profiles.LintOptions{KeyringKeys: storedKeys})...)
	}
	out = append(out, checkFileModes(files)...)
	out = append(out, checkShellHook(d)...)
	profiles.SortFindings(out)
	return out
}
