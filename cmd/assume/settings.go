package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/assume-cli/assume/pkg/session"
)

// settings are a command's flags after viper merged them with ASSUME_*
// variables and $XDG_CONFIG_HOME/assume/config.yaml.
type settings struct {
	Profile           string
	Export            bool
	Format            string
	CredentialProcess bool
	MFAToken          string
	Duration          time.Duration
	Region            string
	NoCache           bool
	LockTimeout       time.Duration
	Timeout           time.Duration
	// RefreshMargin, when set, replaces the default reuse margins.
	RefreshMargin time.Duration
	// NoMFASession: --mfa-session=false; MFASessionDuration its length.
	NoMFASession       bool
	MFASessionDuration time.Duration
	// Server serves a child its credentials from a local endpoint.
	Server  bool
	Keyring session.KeyringOptions
}

const defaultTimeout = session.DefaultTimeout

// sessionOptions are the settings that decide credentials.
func (s settings) sessionOptions() session.Options {
	return session.Options{
		Duration:      s.Duration,
		Region:        s.Region,
		MFAToken:      s.MFAToken,
		Timeout:       s.Timeout,
		RefreshMargin: s.RefreshMargin,
		ForSDK:        s.CredentialProcess,
		NoCache:       s.NoCache,
		LockTimeout:   s.LockTimeout,
		Keyring:       s.Keyring,

		NoMFASession:       s.NoMFASession,
		MFASessionDuration: s.MFASessionDuration,
	}
}

// noEnvBinding lists flags that must not be read from ASSUME_<FLAG>:
// ASSUME_PROFILE is what assume itself exports to mark the active profile,
// so reading it back would make every later call target the old profile.
// (The profile is not read from config.yaml either: see flagOnly.)
var noEnvBinding = map[string]bool{"profile": true}

// Keyring settings have no flag: config.yaml keys or these variables.
var keyringKeys = []struct{ key, env string }{
	{"keyring.backend", "ASSUME_KEYRING_BACKEND"},
	{"keyring.file-dir", "ASSUME_KEYRING_FILE_DIR"},
	{"keyring.hot-cache", "ASSUME_KEYRING_HOT_CACHE"},
}

// envName is the variable that sets a flag.
func envName(flag string) string {
	if noEnvBinding[flag] {
		return ""
	}
	return "ASSUME_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// configFile is config.yaml, read at most once per run.
type configFile struct {
	path   string // "" when there is none
	values map[string]any
	err    error
}

// configValues reads config.yaml once. A missing file is the normal case
// and costs only a stat.
func (f *factory) configValues() *configFile {
	if f.config != nil {
		return f.config
	}
	c := &configFile{}
	f.config = c
	path := f.Host.ConfigFile()
	if _, err := os.Stat(path); err != nil {
		return c
	}
	c.path = path
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		c.err = fmt.Errorf("reading %s: %w; fix or remove the file", path, err)
		return c
	}
	c.values = v.AllSettings()
	return c
}

// envFlag is a flag as viper's flag layer sees it, with ASSUME_<FLAG> from
// the injected environment folded in: the command line wins, then the
// variable, and only when neither is set does viper fall through to
// config.yaml and the flag's default. (viper's BindEnv would read the
// process environment, which tests and the session must not.)
type envFlag struct {
	flag   *pflag.Flag
	env    string
	getenv func(string) string
}

func (e envFlag) fromEnv() string {
	if e.env == "" || e.flag.Changed {
		return ""
	}
	return e.getenv(e.env)
}

func (e envFlag) HasChanged() bool { return e.flag.Changed || e.fromEnv() != "" }
func (e envFlag) Name() string     { return e.flag.Name }
func (e envFlag) ValueType() string {
	return e.flag.Value.Type()
}

func (e envFlag) ValueString() string {
	if v := e.fromEnv(); v != "" {
		return v
	}
	return e.flag.Value.String()
}

// loadSettings merges flags, environment and the config file. Only flags
// that exist on cmd are read, so subcommands share the same code.
func loadSettings(cmd *cobra.Command, f *factory) (settings, error) {
	conf := f.configValues()
	if conf.err != nil {
		return settings{}, conf.err
	}
	v := viper.New()
	if conf.values != nil {
		if err := v.MergeConfigMap(conf.values); err != nil {
			return settings{}, fmt.Errorf("reading %s: %w", conf.path, err)
		}
	}
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		_ = v.BindFlagValue(fl.Name, envFlag{flag: fl, env: envName(fl.Name), getenv: f.Host.Env})
	})
	s := settings{
		Profile:           flagOnly(cmd, "profile"),
		Export:            v.GetBool("export"),
		Format:            v.GetString("format"),
		CredentialProcess: v.GetBool("credential-process"),
		MFAToken:          v.GetString("mfa-token"),
		Region:            v.GetString("region"),
		NoCache:           v.GetBool("no-cache"),
		NoMFASession:      cmd.Flags().Lookup("mfa-session") != nil && !v.GetBool("mfa-session"),
		Server:            v.GetBool("server"),
		Keyring: session.KeyringOptions{
			Backend: keyringValue(f, v, keyringKeys[0].key, keyringKeys[0].env),
			FileDir: keyringValue(f, v, keyringKeys[1].key, keyringKeys[1].env),
		},
	}
	if f.Debug.On() {
		logSettings(f, cmd, v, conf.path)
	}
	var err error
	if s.Duration, err = parseDuration("duration", v.GetString("duration")); err != nil {
		return settings{}, err
	}
	if s.RefreshMargin, err = parseDuration("refresh-margin", v.GetString("refresh-margin")); err != nil {
		return settings{}, err
	}
	if s.LockTimeout, err = parseDuration("lock-timeout", v.GetString("lock-timeout")); err != nil {
		return settings{}, err
	}
	if s.MFASessionDuration, err = parseDuration("mfa-session-duration", v.GetString("mfa-session-duration")); err != nil {
		return settings{}, err
	}
	if s.Timeout, err = parseDuration("timeout", v.GetString("timeout")); err != nil {
		return settings{}, err
	}
	if s.Timeout == 0 {
		s.Timeout = defaultTimeout
	}
	if s.Keyring.NoHotCache, err = noHotCache(keyringValue(f, v, keyringKeys[2].key, keyringKeys[2].env), conf.path); err != nil {
		return settings{}, err
	}
	return s, nil
}

// noHotCache reads keyring.hot-cache: on unless turned off.
func noHotCache(value, configPath string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "true", "on", "yes", "1":
		return false, nil
	case "false", "off", "no", "0":
		return true, nil
	}
	return false, fmt.Errorf("keyring.hot-cache (ASSUME_KEYRING_HOT_CACHE or %s) is %q: set it to true or false", configPath, value)
}

// keyringValue is a keyring setting: its variable, else config.yaml.
func keyringValue(f *factory, v *viper.Viper, key, env string) string {
	if e := f.Host.Env(env); e != "" {
		return e
	}
	return v.GetString(key)
}

// flagOnly reads a flag from the command line alone: neither the
// environment nor config.yaml may choose the profile (a `profile:` key would
// make every `assume PROFILE` a "profile given twice" error).
func flagOnly(cmd *cobra.Command, name string) string {
	if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
		return fl.Value.String()
	}
	return ""
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

// profileArg picks the profile of a subcommand taking [PROFILE]: the
// argument or --profile, not both.
// loadProfileSettings is loadSettings for a command taking one optional
// PROFILE argument, and that profile.
func loadProfileSettings(cmd *cobra.Command, f *factory, args []string) (settings, string, error) {
	s, err := loadSettings(cmd, f)
	if err != nil {
		return settings{}, "", err
	}
	profile, err := profileArg(s, args)
	return s, profile, err
}

func profileArg(s settings, args []string) (string, error) {
	if len(args) == 1 && s.Profile != "" && s.Profile != args[0] {
		return "", fmt.Errorf("profile given twice (--profile %q and %q): use one", s.Profile, args[0])
	}
	if len(args) == 1 {
		return args[0], nil
	}
	return s.Profile, nil
}
