package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/render"
)

// debugEnv turns --debug on from the environment, like every ASSUME_<FLAG>.
const debugEnv = "ASSUME_DEBUG"

// secretEnv are variables whose values the debug redactor is told about up
// front, so they are masked even if some message quotes them.
var secretEnv = []string{"ASSUME_KEYRING_PASSPHRASE", "ASSUME_MFA_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"}

// secretFlags are settings printed as [REDACTED] in the debug log.
var secretFlags = map[string]bool{"mfa-token": true}

// setupDebug turns the debug log on for --debug, ASSUME_DEBUG or `debug:
// true` in config.yaml (that precedence, as for every setting). It runs
// before every command. Off, it costs a flag lookup, one Getenv and a stat
// of config.yaml (microseconds); the file is parsed only if it exists.
func setupDebug(cmd *cobra.Command, d *deps) {
	on, from := debugSetting(cmd, d)
	if !on {
		return
	}
	d.Debug = debuglog.New(d.Stderr, d.Now)
	for _, name := range secretEnv {
		d.Debug.Secret(d.Getenv(name))
	}
	d.Debug.Printf("assume %s (%s), command %q, debug from %s", version, commit, cmd.CommandPath(), from)
}

func debugSetting(cmd *cobra.Command, d *deps) (bool, string) {
	if f := cmd.Flags().Lookup("debug"); f != nil && f.Changed {
		on, _ := strconv.ParseBool(f.Value.String())
		return on, "flag --debug"
	}
	if v := d.Getenv(debugEnv); v != "" {
		on, err := strconv.ParseBool(v)
		return on || err != nil, "env " + debugEnv // any non-boolean value means "on"
	}
	path := configFilePath(d)
	if path == "" {
		return false, ""
	}
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return false, "" // loadSettings reports a broken file for the commands that read it
	}
	return v.GetBool("debug"), "file " + path
}

// logSettings prints every setting the command reads, its value and where
// it came from. Secret settings show as [REDACTED].
func logSettings(d *deps, cmd *cobra.Command, v *viper.Viper, path string) {
	if path == "" {
		path = "(none)"
	}
	d.Debug.Printf("settings: config file %s", path)
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Name == "debug" || f.Name == "unset" {
			return // not settings: --unset is read from the command line alone
		}
		env := ""
		if !noEnvBinding[f.Name] {
			env = "ASSUME_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		}
		var value any = v.GetString(f.Name)
		if secretFlags[f.Name] {
			value = debuglog.Secret(v.GetString(f.Name))
		}
		d.Debug.Printf("setting %s = %q (from %s)", f.Name, value, settingSource(d, f, env, v.InConfig(f.Name)))
	})
	for _, k := range []struct{ key, env string }{{"keyring.backend", "ASSUME_KEYRING_BACKEND"}, {"keyring.file-dir", "ASSUME_KEYRING_FILE_DIR"}} {
		src := "default"
		switch {
		case d.Getenv(k.env) != "":
			src = "env " + k.env
		case v.InConfig(k.key):
			src = "file"
		}
		d.Debug.Printf("setting %s = %q (from %s)", k.key, v.GetString(k.key), src)
	}
	pass := "unset"
	if d.Getenv("ASSUME_KEYRING_PASSPHRASE") != "" {
		pass = "set (value never logged)"
	}
	d.Debug.Printf("setting ASSUME_KEYRING_PASSPHRASE: %s", pass)
}

func settingSource(d *deps, f *pflag.Flag, env string, inFile bool) string {
	switch {
	case f.Changed:
		return "flag"
	case env != "" && d.Getenv(env) != "":
		return "env " + env
	case inFile && !noEnvBinding[f.Name]:
		return "file"
	}
	return "default"
}

// logPlan summarises a resolved plan: the files, the source and each hop.
// It names fields one by one; a Plan is never printed whole, as its Source
// may hold a secret access key.
func logPlan(d *deps, files profiles.Files, plan *profiles.Plan) {
	d.Debug.Printf("profiles: read %s and %s", files.Config, files.Credentials)
	src := plan.Source
	detail := ""
	switch {
	case src.AccessKeyID != "":
		where := "credentials file"
		if src.FromKeyring {
			where = "keyring"
		}
		detail = fmt.Sprintf(", access key id %s from the %s", src.AccessKeyID, where)
	case src.CredentialProcess != "":
		detail = ", credential_process (command not logged: it may carry secrets)"
	}
	if src.MFASerial != "" {
		detail += fmt.Sprintf(", MFA session with %s for %s", src.MFASerial, src.SessionDuration)
	}
	d.Debug.Printf("plan %s: source %s of profile %q (%s)%s; %d hop(s); region %q; sts endpoint %q",
		plan.Profile, src.Kind, src.Profile, src.At, detail, len(plan.Hops), plan.Region, plan.STSEndpoint)
	for i, h := range plan.Hops {
		extra := ""
		if h.ExternalID != "" {
			extra += ", external id set"
		}
		if h.MFASerial != "" {
			extra += ", mfa " + h.MFASerial
		}
		if h.CapReason != "" {
			extra += ", capped: " + h.CapReason
		}
		d.Debug.Printf("plan hop %d/%d: profile %q (%s) %s as %q for %s%s", i+1, len(plan.Hops), h.Profile, h.At, h.RoleARN, h.RoleSessionName, h.Duration, extra)
	}
}

// logEnv names (never values) what a child's environment gains and loses.
func logEnv(d *deps, what string, parent []string, child []string) {
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
	d.Debug.Printf("%s environment: sets %s; removes %s", what, strings.Join(set, " "), orNone(removed))
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "nothing"
	}
	return strings.Join(s, " ")
}

// logExports names the variables an export prints, never their values.
func logExports(d *deps, format render.Format, env render.Env) {
	names := make([]string, 0, len(env.Set))
	for _, v := range env.Set {
		names = append(names, v.Name)
	}
	d.Debug.Printf("printing %s statements on stdout: set %s; unset %s", format, strings.Join(names, " "), orNone(env.Unset))
}

// debugHTTPClient wraps the HTTP client the SDK settings chose (with
// AWS_CA_BUNDLE and all), so every attempt, retries included, is logged.
func debugHTTPClient(d *deps, next debuglog.Doer) *http.Client {
	return &http.Client{Transport: debuglog.Transport{Log: d.Debug, Next: next}}
}
