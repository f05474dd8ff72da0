package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/render"
)

// subshellMarker is set in every subshell assume opens, to the profile it
// holds. A second `assume PROFILE` there would stack shells the user has to
// exit one by one while thinking they switched, so it is refused unless
// asked for with --nest or ASSUME_NEST.
const subshellMarker = "ASSUME_SUBSHELL"

// checkNesting refuses to open a subshell inside one of assume's own.
func checkNesting(cmd *cobra.Command, d *deps) error {
	outer := d.Getenv(subshellMarker)
	if outer == "" {
		return nil
	}
	if nest, _ := cmd.Flags().GetBool("nest"); nest {
		return nil
	}
	// Read directly, not through viper: only this switch and not the
	// flag's other sources should count.
	if v, err := strconv.ParseBool(strings.TrimSpace(d.Getenv("ASSUME_NEST"))); err == nil && v {
		return nil
	}
	return fmt.Errorf("already in a subshell assume opened for %q: type `exit` to leave it first, or pass --nest (or set ASSUME_NEST=1) to open another inside it", outer)
}

// subshellEnv is env plus the markers a subshell carries: the nesting
// marker, and the --unset marker so `eval "$(assume --unset)"` there knows
// what assume set.
func subshellEnv(env render.Env, d *deps, profile string) render.Env {
	env = withMarker(env, d.Getenv)
	env.Set = append(env.Set, render.Var{Name: subshellMarker, Value: profile})
	return env
}
