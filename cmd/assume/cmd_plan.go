package main

import (
	"encoding/json"
	"errors"

	"github.com/spf13/cobra"
)

// planOptions are `assume plan PROFILE` after parsing.
type planOptions struct {
	f        *factory
	Settings settings
	Profile  string
	JSON     bool
}

func newCmdPlan(f *factory, runF func(*planOptions) error) *cobra.Command {
	opts := &planOptions{f: f}
	cmd := &cobra.Command{
		Use:   "plan PROFILE",
		Short: "Show the resolved role chain, hop by hop, without any network call",
		Long: `plan resolves PROFILE exactly as assume would and prints the result: where the
first credentials come from, then each AssumeRole hop with its own external id,
MFA device, session name and the duration it will request (with the reason
when the 1-hour chaining cap cuts it). Secrets are never printed.`,
		Example: `  assume plan prod-admin
  assume plan --duration 12h prod-admin    # see what the chaining cap does to it
  assume plan --json prod-admin | jq .hops    # schema: docs/json-output.md`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, opts.Profile, err = loadProfileSettings(cmd, f, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return planRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the plan as JSON")
	addFlags(cmd.Flags(), resolveFlags)
	return cmd
}

func planRun(opts *planOptions) error {
	if opts.Profile == "" {
		return errors.New("no profile given: run `assume plan PROFILE`")
	}
	plan, err := opts.f.session(opts.Settings).Plan(opts.Profile)
	if err != nil {
		return err
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.f.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(toPlanJSON(plan))
	}
	return plan.WriteText(opts.f.IO.Out)
}
