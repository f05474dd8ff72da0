package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/internal/iostreams"
	"github.com/assume-cli/assume/pkg/render"
)

// newPromptCmd prints a prompt segment from the environment alone. It runs
// on every prompt, so it reads no file, keyring or network: ASSUME_PROFILE
// and AWS_CREDENTIAL_EXPIRATION are all it needs.
func newCmdPrompt(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "prompt",
		Short: "Print the assumed profile and the minutes left, for a shell prompt",
		Long: `prompt prints the profile assume set in this shell and how long its
credentials last ("prod-admin 42m", "prod-admin 1h05m", "prod-admin expired";
the profile alone for long-term keys). It prints nothing and exits 0 when no
profile is assumed. It reads only ASSUME_PROFILE and AWS_CREDENTIAL_EXPIRATION:
no files, keyring or network, so it is cheap enough for every prompt.`,
		Example: `  # bash
  PS1='$(assume prompt) '"$PS1"

  # starship.toml
  [custom.assume]
  command = "assume prompt"
  when = 'test -n "$ASSUME_PROFILE"'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			seg := promptSegment(f.Host.Env(render.ProfileVar), f.Host.Env("AWS_CREDENTIAL_EXPIRATION"), f.Host.Time())
			if seg == "" {
				return nil
			}
			_, err := fmt.Fprintln(f.IO.Out, seg)
			return err
		},
	}
}

// promptSegment is "PROFILE LEFT". Control characters in the profile are
// replaced: a prompt is drawn by the terminal. An unreadable expiry shows
// the profile alone rather than a wrong time.
func promptSegment(profile, expiration string, now time.Time) string {
	if profile == "" {
		return ""
	}
	seg := iostreams.Printable(profile)
	if expiration == "" {
		return seg
	}
	exp, err := time.Parse(time.RFC3339, expiration)
	if err != nil {
		return seg
	}
	left := exp.Sub(now)
	switch {
	case left <= 0:
		return seg + " expired"
	case left < time.Minute:
		return seg + " <1m"
	case left < time.Hour:
		return fmt.Sprintf("%s %dm", seg, int(left/time.Minute))
	}
	return fmt.Sprintf("%s %dh%02dm", seg, int(left/time.Hour), int(left%time.Hour/time.Minute))
}
