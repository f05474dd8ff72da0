package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/assume-cli/assume/pkg/render"
)

// exportedMarker lists, space-separated, the variables assume set in this
// shell, so --unset removes those and nothing the user set themselves.
const exportedMarker = "ASSUME_EXPORTED"

// managedVars are the only names the marker may list: --unset must not
// become a way to remove arbitrary variables through a crafted marker.
var managedVars = []string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION", "ASSUME_PROFILE",
}

// credentialVars are removed when a shell holds ASSUME_PROFILE but no marker
// (a subshell or an older assume): the region's origin is unknown then, so
// it stays.
var credentialVars = []string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION", "ASSUME_PROFILE",
}

func isManaged(name string) bool {
	for _, m := range managedVars {
		if m == name {
			return true
		}
	}
	return false
}

// markedNames reads the marker, keeping only managed names.
func markedNames(getenv func(string) string) map[string]bool {
	marked := map[string]bool{}
	for _, n := range strings.Fields(getenv(exportedMarker)) {
		if isManaged(n) {
			marked[n] = true
		}
	}
	return marked
}

// withMarker returns env plus the marker. A region equal to the value
// already in the environment and not marked before is the user's own
// (regions come from AWS_REGION first), so it is not claimed; a name an
// earlier assume set and this one leaves alone stays claimed.
func withMarker(env render.Env, getenv func(string) string) render.Env {
	before := markedNames(getenv)
	unset := map[string]bool{}
	for _, n := range env.Unset {
		unset[n] = true
	}
	claimed := map[string]bool{}
	for _, v := range env.Set {
		if !isManaged(v.Name) {
			continue
		}
		isRegion := v.Name == "AWS_REGION" || v.Name == "AWS_DEFAULT_REGION"
		if isRegion && !before[v.Name] && getenv(v.Name) == v.Value {
			continue
		}
		claimed[v.Name] = true
	}
	for n := range before {
		if !unset[n] {
			claimed[n] = true
		}
	}
	var names []string
	for _, n := range managedVars { // a stable order
		if claimed[n] {
			names = append(names, n)
		}
	}
	out := render.Env{Set: append([]render.Var(nil), env.Set...), Unset: append([]string(nil), env.Unset...)}
	out.Set = append(out.Set, render.Var{Name: exportedMarker, Value: strings.Join(names, " ")})
	return out
}

// unsetNames is what `assume --unset` removes: the marked names and the
// marker, or, without a marker, the credentials when ASSUME_PROFILE shows
// assume put them there.
func unsetNames(getenv func(string) string) []string {
	marked := markedNames(getenv)
	var names []string
	switch {
	case len(marked) > 0:
		for _, n := range managedVars {
			if marked[n] {
				names = append(names, n)
			}
		}
	case getenv("ASSUME_PROFILE") != "":
		names = append(names, credentialVars...)
	}
	if getenv(exportedMarker) != "" || len(names) > 0 {
		names = append(names, exportedMarker)
	}
	return names
}

// runUnset prints the statements that remove what assume set. hook is the
// shell hook's format, or "" when run directly.
func runUnset(d *deps, s settings, args []string, hook render.Format) error {
	if len(args) > 0 || s.Profile != "" {
		return errors.New("--unset takes no profile or command: run `assume --unset` alone")
	}
	if s.CredentialProcess {
		return errors.New("--unset prints shell statements: do not combine it with --credential-process")
	}
	format := hook
	if format == "" {
		var err error
		if format, err = outputFormat(s, d); err != nil {
			return err
		}
	}
	if format == render.FormatJSON || format == render.FormatDotenv {
		return fmt.Errorf("--unset needs a shell format, not %s: use --format sh, fish, powershell or cmd", format)
	}
	names := unsetNames(d.Getenv)
	if len(names) == 0 {
		fmt.Fprintln(d.Stderr, "assume: nothing to unset: this shell holds no credentials from assume")
		return nil
	}
	if hook == "" && d.StdoutIsTTY() {
		fmt.Fprintln(d.Stderr, `assume: printing statements only: run eval "$(assume --unset)", or install the hook (assume shell-init --help)`)
	}
	return render.Write(d.Stdout, format, render.Env{Unset: names})
}
