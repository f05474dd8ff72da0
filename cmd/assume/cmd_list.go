package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/profiles"
)

// listOptions are `assume list` after parsing.
type listOptions struct {
	f        *factory
	Settings settings // the keyring settings: list reads stored keys' names
	JSON     bool
}

func newCmdList(f *factory, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the profiles of ~/.aws/config and ~/.aws/credentials",
		Long: `list prints every profile with its kind (static, role, process, sso,
web-identity, environment, ec2-metadata, ecs-container), its source and its
region. A profile whose long-term keys are in the keyring (assume keys add)
is static, with source "keyring". It reads the files and the names of the
keyring's items, never a secret, and makes no network call.`,
		Example: `  assume list
  assume list --json | jq -r '.[].name'    # schema: docs/json-output.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, err = loadSettings(cmd, f); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the profiles as JSON")
	return cmd
}

func listRun(opts *listOptions) error {
	f := opts.f
	sess := f.session(opts.Settings)
	if f.Debug.On() {
		files := sess.Files()
		f.Debug.Printf("profiles: reading %s and %s", files.Config, files.Credentials)
	}
	cfg, err := sess.Config()
	if err != nil {
		return err
	}
	sums, err := cfg.Summaries()
	if err != nil {
		return err
	}
	markKeyringKeys(sums, sess.Store(false))
	if opts.JSON {
		return json.NewEncoder(f.IO.Out).Encode(toProfilesJSON(sums))
	}
	rows := make([][]string, 0, len(sums)+1)
	rows = append(rows, []string{"PROFILE", "KIND", "SOURCE", "REGION"})
	for _, s := range sums {
		rows = append(rows, []string{s.Name, s.Kind, dash(s.Source), dash(s.Region)})
	}
	return writeColumns(f.IO.Out, rows)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// markKeyringKeys shows profiles whose keys live in the keyring for what
// they are: static keys, not empty profiles. The files say nothing of them.
func markKeyringKeys(sums []profiles.Summary, store *cache.Store) {
	if store == nil {
		return
	}
	stored, err := store.StoredKeys()
	if err != nil {
		return
	}
	for i := range sums {
		if sums[i].Kind == "empty" && stored[sums[i].Name] != "" {
			sums[i].Kind, sums[i].Source = string(profiles.SourceStatic), "keyring"
		}
	}
}
