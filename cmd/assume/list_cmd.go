package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/profiles"
)

func newListCmd(d *deps) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the profiles of ~/.aws/config and ~/.aws/credentials",
		Long: `list prints every profile with its kind (static, role, process, sso,
web-identity, environment, ec2-metadata, ecs-container), its source and its
region. It reads the files only: no network, no keyring.`,
		Example: `  assume list
  assume list --json | jq -r '.[].Name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			files := profiles.FilesFromEnv(d.Getenv, d.homeDir())
			if d.Debug.On() {
				d.Debug.Printf("profiles: reading %s and %s", files.Config, files.Credentials)
			}
			cfg, err := profiles.Load(files)
			if err != nil {
				return err
			}
			sums, err := cfg.Summaries()
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(d.Stdout).Encode(sums)
			}
			tw := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PROFILE\tKIND\tSOURCE\tREGION")
			for _, s := range sums {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Kind, dash(s.Source), dash(s.Region))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the profiles as JSON")
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
