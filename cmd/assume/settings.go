package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// settings are the main command's flags after viper merged them with
// ASSUME_* variables and $XDG_CONFIG_HOME/assume/config.yaml.
type settings struct {
	Profile           string
	Export            bool
	Format            string
	CredentialProcess bool
	MFAToken          string
	Duration          time.Duration
	Region            string
	NoCache           bool
	Timeout           time.Duration
	// RefreshMargin, when set, replaces the default reuse margins.
	RefreshMargin time.Duration
	Keyring       keyringSettings
}

const defaultTimeout = 30 * time.Second

// noEnvBinding lists flags that must not be read from ASSUME_<FLAG>:
// ASSUME_PROFILE is what assume itself exports to mark the active profile,
// so reading it back would make every later call target the old profile.
// (The profile is not read from config.yaml either: see flagOnly.)
var noEnvBinding = map[string]bool{"profile": true}

func addMainFlags(fs *pflag.FlagSet) {
	fs.BoolP("export", "x", false, "print export statements for the current shell (eval \"$(assume -x PROFILE)\")")
	fs.String("format", "", "output format: sh, fish, powershell, cmd, dotenv, json (default from $SHELL; json is the credential_process shape)")
	fs.Bool("credential-process", false, "print credential_process JSON (Version 1) for ~/.aws/config")
	fs.String("mfa-token", "", "6-digit MFA code for the first hop that needs one")
	fs.String("duration", "", "session duration of the final role, as a Go duration (1h30m) or seconds (5400)")
	fs.String("region", "", "region for STS calls and AWS_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")
	fs.Bool("no-cache", false, "do not read or write the session cache")
	fs.StringP("profile", "p", "", "profile name (use for a profile named like a subcommand)")
	fs.String("timeout", defaultTimeout.String(), "deadline for each network call, as a Go duration or seconds")
	fs.String("refresh-margin", "", "reuse cached credentials only while more than this remains (default 5m, 15m with --credential-process)")
}

// loadSettings merges flags, environment and the config file. Only flags
// that exist on cmd are read, so subcommands share the same code.
func loadSettings(cmd *cobra.Command, d *deps) (settings, error) {
	v := viper.New()
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return settings{}, fmt.Errorf("binding flags: %w", err)
	}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !noEnvBinding[f.Name] {
			_ = v.BindEnv(f.Name, "ASSUME_"+strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_")))
		}
	})
	path := configFilePath(d)
	if path != "" {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return settings{}, fmt.Errorf("reading %s: %w; fix or remove the file", path, err)
		}
	}
	s := settings{
		Profile:           flagOnly(cmd, "profile"),
		Export:            v.GetBool("export"),
		Format:            v.GetString("format"),
		CredentialProcess: v.GetBool("credential-process"),
		MFAToken:          v.GetString("mfa-token"),
		Region:            v.GetString("region"),
		NoCache:           v.GetBool("no-cache"),
	}
	s.Keyring = loadKeyringSettings(v)
	if d.Debug.On() {
		logSettings(d, cmd, v, path)
	}
	var err error
	if s.Duration, err = parseDuration("duration", v.GetString("duration")); err != nil {
		return settings{}, err
	}
	if s.RefreshMargin, err = parseDuration("refresh-margin", v.GetString("refresh-margin")); err != nil {
		return settings{}, err
	}
	if s.Timeout, err = parseDuration("timeout", v.GetString("timeout")); err != nil {
		return settings{}, err
	}
	if s.Timeout == 0 {
		s.Timeout = defaultTimeout
	}
	return s, nil
}

// flagOnly reads a flag from the command line alone: neither the
// environment nor config.yaml may choose the profile (a `profile:` key would
// make every `assume PROFILE` a "profile given twice" error).
func flagOnly(cmd *cobra.Command, name string) string {
	if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
		return f.Value.String()
	}
	return ""
}

// configFilePath returns the config file if it exists: a missing file is
// the normal case and costs only a stat.
func configFilePath(d *deps) string {
	dir := d.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		dir = filepath.Join(d.homeDir(), ".config")
	}
	path := filepath.Join(dir, "assume", "config.yaml")
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// parseDuration accepts a Go duration ("1h") or whole seconds ("3600").
func parseDuration(flag, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("--%s %q: must not be negative", flag, s)
		}
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("--%s %q: want a duration such as 1h, 90m or 3600 (seconds)", flag, s)
	}
	if d < 0 {
		return 0, fmt.Errorf("--%s %q: must not be negative", flag, s)
	}
	return d, nil
}
