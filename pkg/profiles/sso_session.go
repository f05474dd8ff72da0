package profiles

import (
	"fmt"
	"sort"
	"strings"
)

// SSOSession is an [sso-session NAME] section as signing in needs it.
type SSOSession struct {
	Name     string
	StartURL string
	Region   string
	// Scopes are sso_registration_scopes split at commas, as the AWS CLI
	// v2 splits them; nil when the key is not set.
	Scopes []string
	At     Location // the section header
	// StartURLAt is where sso_start_url is written, for errors about it.
	StartURLAt Location
}

// SSOSession reads [sso-session NAME]. A missing section or a missing
// sso_start_url or sso_region is a ConfigError naming file:line.
func (c *Config) SSOSession(name string) (s SSOSession, err error) {
	defer c.catchFault(&err)()
	sec := c.ssoSession(name)
	if sec == nil {
		hint := "add [sso-session " + name + "] with sso_start_url and sso_region"
		if names := c.ssoSessionNames(); len(names) > 0 {
			hint += " (sessions defined: " + strings.Join(names, ", ") + ")"
		}
		return SSOSession{}, &ConfigError{At: Location{File: c.files[fileConfig].name},
			Msg: fmt.Sprintf("no [sso-session %s] section", name), Hint: hint}
	}
	s = SSOSession{Name: name, At: sec.At}
	url, _ := sec.Lookup("sso_start_url")
	region, _ := sec.Lookup("sso_region")
	for _, kv := range []struct{ key, val string }{{"sso_start_url", url.Text}, {"sso_region", region.Text}} {
		if kv.val == "" {
			return SSOSession{}, &ConfigError{At: sec.At, Msg: fmt.Sprintf("[sso-session %s] has no %s", name, kv.key),
				Hint: "add " + kv.key + " to that section"}
		}
	}
	s.StartURL, s.StartURLAt, s.Region = url.Text, url.At, region.Text
	if v, ok := sec.Get("sso_registration_scopes"); ok {
		s.Scopes = []string{}
		for _, scope := range strings.Split(v, ",") {
			if scope = strings.TrimSpace(scope); scope != "" {
				s.Scopes = append(s.Scopes, scope)
			}
		}
	}
	return s, nil
}

// SSOSessionNames lists the [sso-session] sections of the config file, sorted.
func (c *Config) SSOSessionNames() (names []string) {
	var err error
	defer c.catchFault(&err)()
	return c.ssoSessionNames()
}

func (c *Config) ssoSessionNames() []string {
	var names []string
	for i := range c.sections {
		if s := &c.sections[i]; s.kind == secSSOSession && !s.dup {
			names = append(names, c.files[s.file].keep(s.name))
		}
	}
	sort.Strings(names)
	return names
}
