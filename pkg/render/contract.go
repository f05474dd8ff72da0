package render

import "strings"

// The environment contract: every variable name assume sets, clears or
// reads back, in one place. Shells, exec'd commands and subshells see only
// what these lists say.

// Names assume sets in a shell or child besides the AWS credential trio.
const (
	// ProfileVar marks the profile assume set. It is only ever an output:
	// reading it back would make every later call target the old profile.
	ProfileVar = "ASSUME_PROFILE"
	// ExportedMarker lists, space-separated, the variables assume set in
	// this shell, so --unset removes those and nothing the user set.
	ExportedMarker = "ASSUME_EXPORTED"
	// SubshellMarker is set in every subshell assume opens, to the profile
	// it holds, so a second `assume PROFILE` there is refused unless asked
	// for (stacked shells the user must exit one by one).
	SubshellMarker = "ASSUME_SUBSHELL"
	// HookVar is set by the shell hook for the one call whose output it
	// evaluates, to the shell's name.
	HookVar = "ASSUME_SHELL_HOOK"
)

// What a child of `assume --server` (and `assume serve`) gets instead of
// the credential trio: the SDKs' container-credentials provider, pointed
// at assume's loopback server, with the token in a file.
const (
	ContainerURIVar       = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
	ContainerTokenFileVar = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
)

// conflictingVars could make a child process use credentials other than the
// ones assume hands it: SDKs consult profiles, web identity and container
// providers, and a stale token would be paired with new keys. exec clears
// them before adding what assume sets.
var conflictingVars = [...]string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
	ContainerURIVar, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", ContainerTokenFileVar,
	ProfileVar,
}

// secretInputs are secrets given to assume itself. A child has no use for
// them, and every process it starts would inherit them: exec and
// subshells never pass them on.
var secretInputs = [...]string{"ASSUME_KEYRING_PASSPHRASE", "ASSUME_MFA_TOKEN"}

// managedVars are the only names the exported marker may list: --unset
// must not become a way to remove arbitrary variables through a crafted
// marker.
var managedVars = [...]string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION", ProfileVar,
	ContainerURIVar, ContainerTokenFileVar,
}

// credentialVars are removed when a shell holds ASSUME_PROFILE but no
// marker (a subshell or an older assume): the region's origin is unknown
// then, so it stays.
var credentialVars = [...]string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION", ProfileVar,
}

// CredentialVars returns the names --unset removes without a marker.
func CredentialVars() []string { return append([]string(nil), credentialVars[:]...) }

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
	for _, n := range strings.Fields(getenv(ExportedMarker)) {
		if isManaged(n) {
			marked[n] = true
		}
	}
	return marked
}

// WithMarker returns env plus the exported marker. A region equal to the
// value already in the environment and not marked before is the user's own
// (regions come from AWS_REGION first), so it is not claimed; a name an
// earlier assume set and this one leaves alone stays claimed.
func WithMarker(env Env, getenv func(string) string) Env {
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
		isRegion := v.Name == regionVars[0] || v.Name == regionVars[1]
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
	out := Env{Set: append([]Var(nil), env.Set...), Unset: append([]string(nil), env.Unset...)}
	out.Set = append(out.Set, Var{Name: ExportedMarker, Value: strings.Join(names, " ")})
	return out
}

// UnsetNames is what `assume --unset` removes: the marked names and the
// marker, or, without a marker, the credentials when ASSUME_PROFILE shows
// assume put them there.
func UnsetNames(getenv func(string) string) []string {
	marked := markedNames(getenv)
	var names []string
	switch {
	case len(marked) > 0:
		for _, n := range managedVars {
			if marked[n] {
				names = append(names, n)
			}
		}
	case getenv(ProfileVar) != "":
		names = append(names, credentialVars[:]...)
	}
	if getenv(ExportedMarker) != "" || len(names) > 0 {
		names = append(names, ExportedMarker)
	}
	return names
}

// regionVars are the variables that choose a region.
var regionVars = [...]string{"AWS_REGION", "AWS_DEFAULT_REGION"}

// UsersOwn is getenv as the user set it: the region assume itself
// exported (listed in the marker) reads as unset, because it is not the
// user's choice, and the next profile's own region must win over it. A
// region the user set by hand still wins: it is not in the marker, or,
// set over one assume exported, it no longer equals its twin (assume
// always exports AWS_REGION and AWS_DEFAULT_REGION with one value).
func UsersOwn(getenv func(string) string) func(string) string {
	marked := markedNames(getenv)
	if !marked[regionVars[0]] || !marked[regionVars[1]] || getenv(regionVars[0]) != getenv(regionVars[1]) {
		return getenv
	}
	return func(name string) string {
		for _, r := range regionVars {
			if name == r && marked[r] {
				return ""
			}
		}
		return getenv(name)
	}
}

// SubshellEnv is env plus the markers a subshell carries: the nesting
// marker, and the exported marker so `eval "$(assume --unset)"` there
// knows what assume set.
func SubshellEnv(env Env, getenv func(string) string, profile string) Env {
	env = WithMarker(env, getenv)
	env.Set = append(env.Set, Var{Name: SubshellMarker, Value: profile})
	return env
}
