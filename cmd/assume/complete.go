package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// completeProfiles completes the first argument with profile names. It only
// indexes section headers, so it stays fast on 10,000 profiles.
func completeProfiles(f *factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveDefault // after PROFILE comes -- COMMAND
		}
		sess := f.session(settings{})
		cfg, err := sess.Config()
		if f.Debug.On() {
			files := sess.Files()
			f.Debug.Printf("completion: profile names from %s and %s (error: %v)", files.Config, files.Credentials, err)
		}
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []cobra.Completion
		for _, n := range cfg.Names() {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
