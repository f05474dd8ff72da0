package main

import (
	"github.com/spf13/pflag"
)

// settingFlag is a flag that is also a setting (ASSUME_<FLAG>, config.yaml).
// Each is defined once, with one help text, and commands pick the ones
// they read.
type settingFlag struct {
	name, short, def, usage string
	boolean, on             bool // on: a boolean that defaults to true
}

var settingFlags = []settingFlag{
	{name: "export", short: "x", boolean: true, usage: `print export statements for the current shell (eval "$(assume -x PROFILE)")`},
	{name: "format", usage: "output format: sh, fish, powershell, cmd, dotenv, json (default from $SHELL; json is the credential_process shape)"},
	{name: "credential-process", boolean: true, usage: "print credential_process JSON (Version 1) for ~/.aws/config"},
	{name: "mfa-token", usage: "6-digit MFA code for the first hop that needs one"},
	{name: "duration", usage: "session duration of the final role, as a Go duration (1h30m) or seconds (5400)"},
	{name: "region", usage: "region for STS calls and AWS_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)"},
	{name: "no-cache", boolean: true, usage: "do not read or write the session cache"},
	{name: "lock-timeout", usage: "how long to wait for another assume fetching the same session, which may be waiting for an MFA code (default 2m)"},
	{name: "profile", short: "p", usage: "profile name (use for a profile named like a subcommand)"},
	{name: "timeout", def: defaultTimeout.String(), usage: "deadline for each network call, as a Go duration or seconds"},
	{name: "refresh-margin", usage: "reuse cached credentials only while more than this remains (default 5m, 15m with --credential-process or --server)"},
	{name: "mfa-session", boolean: true, on: true, usage: "type one MFA code per device per MFA session: it signs the role calls (chained, so 1h role sessions renewed without a code); --mfa-session=false sends a code per role session, as botocore does"},
	{name: "mfa-session-duration", usage: "length of the MFA session (GetSessionToken), 15m to 36h (default: the source profile's duration_seconds, else 12h)"},
	{name: "server", boolean: true, usage: "give the command or subshell a local credentials endpoint that renews them, not static keys (see docs/credential-server.md)"},
}

// Flag groups, by what they change.
var (
	// outputFlags choose what is printed.
	outputFlags = []string{"export", "format", "credential-process"}
	// resolveFlags change a plan.
	resolveFlags = []string{"duration", "region", "profile", "mfa-session", "mfa-session-duration"}
	// callFlags shape the calls made to get credentials.
	callFlags = []string{"mfa-token", "timeout"}
	// cacheFlags shape the use of the session cache.
	cacheFlags = []string{"no-cache", "refresh-margin", "lock-timeout"}
	// serverFlags hand a child a credentials server instead of keys.
	serverFlags = []string{"server"}
)

// addFlags defines the named setting flags on fs.
func addFlags(fs *pflag.FlagSet, groups ...[]string) {
	for _, g := range groups {
		for _, name := range g {
			for _, f := range settingFlags {
				if f.name != name {
					continue
				}
				if f.boolean {
					fs.BoolP(f.name, f.short, f.on, f.usage)
				} else {
					fs.StringP(f.name, f.short, f.def, f.usage)
				}
			}
		}
	}
}
