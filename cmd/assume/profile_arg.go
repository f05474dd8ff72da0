package main

import "fmt"

// profileArg picks the profile of a subcommand taking [PROFILE]: the
// argument or --profile, not both.
func profileArg(s settings, args []string) (string, error) {
	if len(args) == 1 && s.Profile != "" && s.Profile != args[0] {
		return "", fmt.Errorf("profile given twice (--profile %q and %q): use one", s.Profile, args[0])
	}
	if len(args) == 1 {
		return args[0], nil
	}
	return s.Profile, nil
}
