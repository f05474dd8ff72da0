package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hookShell is a real shell with the hook from `assume shell-init` loaded.
// Scripts use @? for the last exit status, which each shell spells its own
// way, and `show NAME...`, which prints each variable with the shell's own
// printf as NAME=value or "NAME unset", NUL-terminated so any byte shows.
type hookShell struct {
	name    string
	argv    []string // the shell and its flags before the script
	prelude string
	status  string
}

var hookShells = []hookShell{
	{"bash", []string{"bash", "--norc", "--noprofile", "-c"}, `eval "$(assume shell-init bash)"
show() { for v in "$@"; do if [ -n "${!v+x}" ]; then printf '%s=%s\0' "$v" "${!v}"; else printf '%s unset\0' "$v"; fi; done; }
`, "$?"},
	{"zsh", []string{"zsh", "-f", "-c"}, `eval "$(assume shell-init zsh)"
show() { for v in "$@"; do if (( ${+parameters[$v]} )); then printf '%s=%s\0' "$v" "${(P)v}"; else printf '%s unset\0' "$v"; fi; done; }
`, "$?"},
	{"fish", []string{"fish", "--no-config", "-c"}, `assume shell-init fish | source
function show; for v in $argv; if set -q $v; printf '%s=%s\0' $v "$$v"; else; printf '%s unset\0' $v; end; end; end
`, "$status"},
}

// run runs script in the shell, in the sandbox, with the binary on PATH.
func (h hookShell) run(t *testing.T, sb *sandbox, script string) result {
	t.Helper()
	requireTool(t, h.argv[0])
	path := sb.Env["PATH"]
	sb.Env["PATH"] = filepath.Dir(binary) + ":" + path
	defer func() { sb.Env["PATH"] = path }()
	script = h.prelude + strings.ReplaceAll(script, "@?", h.status)
	return sb.exec(h.argv[0], append(h.argv[1:], script)...)
}

// shown parses the NUL-terminated records of show and printf 'k=%s\0'.
func shown(out string) map[string]string {
	m := map[string]string{}
	for _, rec := range strings.Split(out, "\x00") {
		if k, v, ok := strings.Cut(rec, "="); ok {
			m[k] = v
		} else if k, ok := strings.CutSuffix(rec, " unset"); ok {
			m[k] = "<unset>"
		}
	}
	return m
}

var credentialNames = "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION ASSUME_PROFILE AWS_PROFILE ASSUME_EXPORTED"

func forEachShell(t *testing.T, f func(t *testing.T, h hookShell)) {
	for _, h := range hookShells {
		t.Run(h.name, func(t *testing.T) {
			t.Parallel()
			f(t, h)
		})
	}
}

func TestShellHookSetsThenUnsets(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		sb.Env["AWS_PROFILE"] = "stale"
		r := mustSucceed(t, h.run(t, sb, `assume c
printf 'rc=%s\0' @?
show `+credentialNames+`
assume --unset
printf 'unset_rc=%s\0' @?
printf 'after\0'
show `+credentialNames+`
`))
		before, after, ok := strings.Cut(r.Stdout, "after\x00")
		if !ok {
			t.Fatalf("script did not finish:\nstdout %q\nstderr %s", r.Stdout, r.Stderr)
		}
		set, gone := shown(before), shown(after)
		if set["rc"] != "0" || set["unset_rc"] != "0" {
			t.Fatalf("exit statuses %q %q\nstderr: %s", set["rc"], set["unset_rc"], r.Stderr)
		}
		for k, want := range map[string]string{"AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-central-1", "ASSUME_PROFILE": "c", "AWS_PROFILE": "<unset>"} {
			if set[k] != want {
				t.Errorf("after assume c: %s = %q, want %q", k, set[k], want)
			}
		}
		for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"} {
			if v := set[k]; v == "" || v == "<unset>" {
				t.Errorf("after assume c: %s = %q", k, v)
			}
		}
		for _, k := range strings.Fields(credentialNames) {
			if gone[k] != "<unset>" {
				t.Errorf("after assume --unset: %s = %q, want it unset", k, gone[k])
			}
		}
	})
}

// The credentials reach programs the shell starts, not only the shell.
func TestShellHookExportsToChildren(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		r := mustSucceed(t, h.run(t, sb, "assume c\nassume whoami\n"))
		if !strings.Contains(r.Stdout, "assumed-role/c/") {
			t.Fatalf("whoami after the hook: %s\n%s", r.Stdout, r.Stderr)
		}
	})
}

func TestShellHookPassesOtherUsesThrough(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		// fish sets USER itself, which the session names in plan show
		direct := mustSucceed(t, h.run(t, sb, "command assume plan c"))
		directFail := sb.run("plan", "nope")
		version := mustSucceed(t, sb.run("version"))
		r := h.run(t, sb, "assume plan c")
		if r.Code != 0 || r.Stdout != direct.Stdout {
			t.Errorf("assume plan c through the hook: exit %d\n%q\nwant\n%q", r.Code, r.Stdout, direct.Stdout)
		}
		r = h.run(t, sb, "assume plan nope")
		if r.Code != directFail.Code || r.Code == 0 || r.Stdout != "" || r.Stderr != directFail.Stderr {
			t.Errorf("assume plan nope: exit %d, stdout %q, stderr %q; want exit %d, %q", r.Code, r.Stdout, r.Stderr, directFail.Code, directFail.Stderr)
		}
		if r = h.run(t, sb, "assume c -- sh -c 'exit 3'"); r.Code != 3 {
			t.Errorf("assume c -- sh -c 'exit 3': exit %d, stderr %s", r.Code, r.Stderr)
		}
		if r = h.run(t, sb, "assume version"); r.Stdout != version.Stdout {
			t.Errorf("assume version: %q", r.Stdout)
		}
		// an explicit --export prints for the user and applies nothing
		r = mustSucceed(t, h.run(t, sb, "assume -x --format sh c\nshow ASSUME_PROFILE"))
		if !strings.Contains(r.Stdout, "export AWS_ACCESS_KEY_ID='") || shown(r.Stdout[strings.LastIndex(r.Stdout, "\n")+1:])["ASSUME_PROFILE"] != "<unset>" {
			t.Errorf("assume -x through the hook:\n%s", r.Stdout)
		}
		r = mustSucceed(t, h.run(t, sb, "assume --credential-process c"))
		if !strings.HasPrefix(r.Stdout, `{"Version":1,`) {
			t.Errorf("--credential-process through the hook: %q", r.Stdout)
		}
		r = mustSucceed(t, h.run(t, sb, "assume shell-init "+h.name))
		if !strings.Contains(r.Stdout, "__hook-mode") {
			t.Errorf("shell-init through the hook: %q", r.Stdout)
		}
	})
}

func TestShellHookFailureChangesNothing(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "\n[profile wrongext]\nrole_arn = "+roleA+"\nsource_profile = alice\nexternal_id = not-it\n")
		sb.Env["AWS_ACCESS_KEY_ID"] = "mine"
		sb.Env["AWS_SESSION_TOKEN"] = "my-token"
		sb.Env["AWS_REGION"] = "us-west-2"
		sb.Env["AWS_PROFILE"] = "mine"
		for _, args := range []string{"nope", "wrongext", "--duration soon a"} {
			r := h.run(t, sb, "assume "+args+"\nprintf 'rc=%s\\0' @?\nshow "+credentialNames)
			got := shown(r.Stdout)
			if got["rc"] == "0" || got["rc"] == "" {
				t.Errorf("assume %s: status %q", args, got["rc"])
			}
			for k, want := range map[string]string{"AWS_ACCESS_KEY_ID": "mine", "AWS_SESSION_TOKEN": "my-token", "AWS_REGION": "us-west-2",
				"AWS_PROFILE": "mine", "ASSUME_PROFILE": "<unset>", "ASSUME_EXPORTED": "<unset>"} {
				if got[k] != want {
					t.Errorf("assume %s changed %s to %q", args, k, got[k])
				}
			}
			if !strings.HasPrefix(r.Stdout, "rc=") {
				t.Errorf("assume %s printed on stdout: %q", args, r.Stdout)
			}
		}
	})
}

// A value is quoted by the binary for the hook's shell: every byte comes
// back and nothing in it runs.
func TestShellHookHostileValuesRoundTrip(t *testing.T) {
	// profile names cannot hold spaces or quotes (pkg/profiles refuses
	// them); the region, from a flag, can hold anything
	const name = "p$(touch${IFS}pwned)`touch${IFS}pwned2`\\;touch${IFS}pwned6&$HOME|x"
	region := "eu'west $(touch pwned3)\n`touch pwned4`\\n \"\t; touch pwned5 #"
	forEachShell(t, func(t *testing.T, h hookShell) {
		// quoted, as botocore's shlex reads the header: unquoted, \; is ;
		sb, _ := strictSandbox(t, fmt.Sprintf("\n[profile '%s']\nrole_arn = %s\nsource_profile = alice\nexternal_id = ext-a\n", name, roleA))
		sb.Env["HOSTILE_PROFILE"] = name
		sb.Env["HOSTILE_REGION"] = region
		// the role chain with a hostile profile name, then long-term keys
		// (no STS call) with a region no real config could hold
		r := mustSucceed(t, h.run(t, sb, `assume "$HOSTILE_PROFILE"
show ASSUME_PROFILE
assume --region "$HOSTILE_REGION" alice
show AWS_REGION AWS_DEFAULT_REGION ASSUME_PROFILE
assume --unset
show AWS_REGION ASSUME_PROFILE
`))
		recs := strings.Split(r.Stdout, "\x00")
		want := []string{"ASSUME_PROFILE=" + name, "AWS_REGION=" + region, "AWS_DEFAULT_REGION=" + region, "ASSUME_PROFILE=alice",
			"AWS_REGION unset", "ASSUME_PROFILE unset", ""}
		if strings.Join(recs, "|") != strings.Join(want, "|") {
			t.Errorf("values did not round-trip:\n got %q\nwant %q\nstderr %s", recs, want, r.Stderr)
		}
		for _, f := range []string{"pwned", "pwned2", "pwned3", "pwned4", "pwned5", "pwned6"} {
			if _, err := os.Stat(filepath.Join(sb.Home, f)); err == nil {
				t.Errorf("%s was created: a value was executed", f)
			}
		}
	})
}

// The user's own region survives --unset; one assume set is removed, also
// without the hook.
func TestUnsetKeepsTheUsersRegion(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		sb.Env["AWS_REGION"] = "us-west-2"
		r := mustSucceed(t, h.run(t, sb, "assume a\nassume --unset\nshow AWS_REGION AWS_ACCESS_KEY_ID"))
		if got := shown(r.Stdout); got["AWS_REGION"] != "us-west-2" || got["AWS_ACCESS_KEY_ID"] != "<unset>" {
			t.Errorf("after assume a; assume --unset: %q", got)
		}
	})
	sb, _ := strictSandbox(t, "")
	r := mustSucceed(t, sb.bash(`eval "$(assume -x c)"; test "$AWS_REGION" = eu-central-1
eval "$(assume --unset)"; printf '%s|%s' "${AWS_REGION-unset}" "${AWS_SESSION_TOKEN-unset}"`))
	if r.Stdout != "unset|unset" {
		t.Errorf("eval \"$(assume --unset)\" after eval \"$(assume -x c)\": %q", r.Stdout)
	}
}

func TestNoProfileWithoutTerminalPrintsUsageAndProfiles(t *testing.T) {
	sb, s := strictSandbox(t, "")
	r := sb.run()
	if r.Code == 0 || r.Stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.Code, r.Stdout)
	}
	for _, want := range []string{"usage: assume", "\n  a\n", "\n  mfa\n", "\n  alice\n", "no profile given", "needs a terminal"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.Stderr)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d STS requests", n)
	}
	// through the hook: the same failure, and nothing applied
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		r := h.run(t, sb, "assume </dev/null\nprintf 'rc=%s\\0' @?\nshow ASSUME_PROFILE")
		if got := shown(r.Stdout); got["rc"] != "1" || got["ASSUME_PROFILE"] != "<unset>" {
			t.Errorf("assume with no terminal through the hook: %q\n%s", got, r.Stderr)
		}
	})
}

func TestPromptFromTheEnvironmentOnly(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, _ := strictSandbox(t, "")
		r := mustSucceed(t, h.run(t, sb, "assume prompt\nassume c\nassume prompt\nassume --unset\nassume prompt"))
		if ok, _ := regexp.MatchString(`^c (59|60)m\n$`, r.Stdout); !ok {
			t.Errorf("prompt output %q", r.Stdout)
		}
	})
	// no config, no keyring: prompt never touches them
	sb, _ := strictSandbox(t, "")
	sb.Env["AWS_CONFIG_FILE"] = sb.Home // a directory: reading it would fail
	sb.Env["ASSUME_KEYRING_BACKEND"] = "no-such-backend"
	sb.Env["ASSUME_PROFILE"] = "x"
	sb.Env["AWS_CREDENTIAL_EXPIRATION"] = "2000-01-01T00:00:00Z"
	if r := mustSucceed(t, sb.run("prompt")); r.Stdout != "x expired\n" || r.Stderr != "" {
		t.Errorf("prompt: %q %q", r.Stdout, r.Stderr)
	}
}
