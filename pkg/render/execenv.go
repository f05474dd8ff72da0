package render

import "strings"

// ExecEnv returns environ without conflicting variables and without the
// secrets given to assume itself, then e.Set appended. Region variables go only when e sets them, so a user's region
// survives. Names listed in e.Set or e.Unset are removed too, so no name
// appears twice (which copy a program sees then varies). Names compare
// exactly: the environment is case-sensitive on Unix.
func ExecEnv(environ []string, e Env) []string {
	drop := make(map[string]bool, len(conflictingVars)+len(secretInputs)+len(e.Set)+len(e.Unset))
	for _, n := range conflictingVars {
		drop[n] = true
	}
	for _, n := range secretInputs {
		drop[n] = true
	}
	for _, n := range e.Unset {
		drop[n] = true
	}
	for _, v := range e.Set {
		drop[v.Name] = true // covers AWS_REGION / AWS_DEFAULT_REGION
	}
	out := make([]string, 0, len(environ)+len(e.Set))
	for _, kv := range environ {
		if drop[envName(kv)] {
			continue
		}
		out = append(out, kv)
	}
	for _, v := range e.Set {
		out = append(out, v.Name+"="+v.Value)
	}
	return out
}

// envName is the part before the first '=' after position 0: Windows keeps
// per-drive entries such as "=C:=C:\dir".
func envName(kv string) string {
	if kv == "" {
		return ""
	}
	if i := strings.IndexByte(kv[1:], '='); i >= 0 {
		return kv[:i+1]
	}
	return kv
}
