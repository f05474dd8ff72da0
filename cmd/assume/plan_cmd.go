package main

import (
	"encoding/json"
	"errors"

	"github.com/spf13/cobra"
)

func newPlanCmd(d *deps) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan PROFILE",
		Short: "Show the resolved role chain, hop by hop, without any network call",
		Long: `plan resolves PROFILE exactly as assume would and prints the result: where the
first credentials come from, then each AssumeRole hop with its own external id,
MFA device, session name and the duration it will request (with the reason
when the 1-hour chaining cap cuts it). Secrets are never printed.`,
		Example: `  assume plan prod-admin
  assume plan --duration 12h prod-admin    # see what the chaining cap does to it
  assume plan --json prod-admin | jq .Hops`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(d),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadSettings(cmd, d)
			if err != nil {
				return err
			}
			profile, err := profileArg(s, args)
			if err != nil {
				return err
			}
			if profile == "" {
				return errors.New("no profile given: run `assume plan PROFILE`")
			}
			plan, err := resolvePlan(d, s, profile, openStore(d, s.Keyring, false))
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(d.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(plan)
			}
			return plan.WriteText(d.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	addResolveFlags(cmd)
	return cmd
}

// addResolveFlags are the main command's flags that change a plan.
func addResolveFlags(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.String("duration", "", "session duration of the final role, as a Go duration (1h30m) or seconds (5400)")
	fs.String("region", "", "region for STS calls and AWS_REGION")
	fs.StringP("profile", "p", "", "profile name (for a profile named like a subcommand)")
}
