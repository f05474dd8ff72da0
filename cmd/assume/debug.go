package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/render"
	"github.com/assume-cli/assume/pkg/session"
)

// debugEnv turns --debug on from the environment, like every ASSUME_<FLAG>.
const debugEnv = "ASSUME_DEBUG"

// secretEnv are variables whose values the debug redactor is told about up
// front, so they are masked even if some message quotes them.
var secretEnv = []string{session.PassphraseEnv, "ASSUME_MFA_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"}

// secretFlags are settings printed as [REDACTED] in the debug log.
var secretFlags = map[string]bool{"mfa-token": true}

// setupDebug turns the debug log on for --debug, ASSUME_DEBUG or `debug:
// true` in config.yaml (that precedence, as for every setting). It runs
// before every command. Off, it costs a flag lookup, one Getenv and a stat
// of config.yaml (microseconds); the file is parsed only if it exists.
func setupDebug(cmd *cobra.Command, f *factory) {
	on, from := debugSetting(cmd, f)
	if !on {
		return
	}
	f.Debug = debuglog.New(f.IO.ErrOut, f.Host.Now)
	for _, name := range secretEnv {
		f.Debug.Secret(f.Host.Env(name))
	}
	f.Debug.Printf("assume %s (%s), command %q, debug from %s", version, commit, cmd.CommandPath(), from)
}

func debugSetting(cmd *cobra.Command, f *factory) (bool, string) {
	if fl := cmd.Flags().Lookup("debug"); fl != nil && fl.Changed {
		on, _ := strconv.ParseBool(fl.Value.String())
		return on, "flag --debug"
	}
	if v := f.Host.Env(debugEnv); v != "" {
		on, err := strconv.ParseBool(v)
		return on || err != nil, "env " + debugEnv // any non-boolean value means "on"
	}
	conf := f.configValues()
	if conf.path == "" || conf.err != nil {
		return false, "" // loadSettings reports a broken file for the commands that read it
	}
	on := cast.ToBool(conf.values["debug"])
	return on, "file " + conf.path
}

// logSettings prints every setting the command reads, its value and where
// it came from. Secret settings show as [REDACTED].
func logSettings(f *factory, cmd *cobra.Command, v *viper.Viper, path string) {
	if path == "" {
		path = "(none)"
	}
	d := f.Debug
	d.Printf("settings: config file %s", path)
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if fl.Name == "help" || fl.Name == "debug" || fl.Name == "unset" {
			return // not settings: --unset is read from the command line alone
		}
		var value any = v.GetString(fl.Name)
		if secretFlags[fl.Name] {
			value = debuglog.Secret(v.GetString(fl.Name))
		}
		d.Printf("setting %s = %q (from %s)", fl.Name, value, settingSource(f, fl, envName(fl.Name), v.InConfig(fl.Name)))
	})
	for _, k := range keyringKeys {
		src := "default"
		switch {
		case f.Host.Env(k.env) != "":
			src = "env " + k.env
		case v.InConfig(k.key):
			src = "file"
		}
		d.Printf("setting %s = %q (from %s)", k.key, keyringValue(f, v, k.key, k.env), src)
	}
	pass := "unset"
	if f.Host.Env(session.PassphraseEnv) != "" {
		pass = "set (value never logged)"
	}
	d.Printf("setting %s: %s", session.PassphraseEnv, pass)
}

func settingSource(f *factory, fl *pflag.Flag, env string, inFile bool) string {
	switch {
	case fl.Changed:
		return "flag"
	case env != "" && f.Host.Env(env) != "":
		return "env " + env
	case inFile && !noEnvBinding[fl.Name]:
		return "file"
	}
	return "default"
}

// logEnv names (never values) what a child's environment gains and loses.
func logEnv(d *debuglog.Logger, what string, parent []string, child []string) {
	before := map[string]string{}
	for _, kv := range parent {
		k, v, _ := strings.Cut(kv, "=")
		before[k] = v
	}
	var set, removed []string
	after := map[string]bool{}
	for _, kv := range child {
		k, v, _ := strings.Cut(kv, "=")
		after[k] = true
		if old, ok := before[k]; !ok || old != v {
			set = append(set, k)
		}
	}
	for k := range before {
		if !after[k] {
			removed = append(removed, k)
		}
	}
	d.Printf("%s environment: sets %s; removes %s", what, strings.Join(set, " "), orNone(removed))
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "nothing"
	}
	return strings.Join(s, " ")
}

// logExports names the variables an export prints, never their values.
func logExports(d *debuglog.Logger, format render.Format, env render.Env) {
	names := make([]string, 0, len(env.Set))
	for _, v := range env.Set {
		names = append(names, v.Name)
	}
	d.Printf("printing %s statements on stdout: set %s; unset %s", format, strings.Join(names, " "), orNone(env.Unset))
}
