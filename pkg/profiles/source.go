package profiles

import (
	"fmt"
	"strings"
)

// The ways a profile can give credentials, in the order botocore's profile
// providers try them (see profileSource), and their names in notices.
const (
	optWebIdentity = iota
	optSSO
	optCredsKeys
	optProcess
	optConfigKeys
	optKeyring
)

var sourceOptions = [...]string{
	optWebIdentity: "web_identity_token_file", optSSO: "sso", optCredsKeys: "static keys in %s",
	optProcess: "credential_process", optConfigKeys: "static keys in %s", optKeyring: "keys in the keyring",
}

// profileSource is the source a profile gives by itself (no role of its
// own is assumed), chosen in the order of botocore's profile provider chain
// (ProfileProviderBuilder.providers): web identity, SSO, keys in the
// credentials file, credential_process, keys in the config file. Keys kept
// in the keyring (`assume keys add`), which botocore cannot see, come last.
func (r *resolver) profileSource(p *Profile) (Source, error) {
	credsStatic := r.c.staticIn(p.Keys, fileCreds)
	var cfgKeys map[string]Value
	if !credsStatic {
		cfgKeys = r.keysOf(p, fileConfig)
	}
	set := [len(sourceOptions)]bool{
		optWebIdentity: p.has("web_identity_token_file"),
		optSSO:         isSSO(p),
		optCredsKeys:   credsStatic,
		optProcess:     p.has("credential_process"),
		optConfigKeys:  r.c.staticIn(cfgKeys, fileConfig),
		optKeyring:     r.opts.KeyringKeys[p.Name] != "",
	}
	r.noteSeveralSources(p, set)
	switch {
	case set[optWebIdentity]:
		return r.webIdentitySource(p)
	case set[optSSO]:
		return r.ssoSource(p)
	case set[optCredsKeys]:
		return r.staticSource(p, fileCreds, p.Keys)
	case set[optProcess]:
		v, _ := p.Lookup("credential_process")
		return Source{Kind: SourceProcess, Profile: p.Name, At: v.At, CredentialProcess: v.Text}, nil
	case set[optConfigKeys]:
		return r.staticSource(p, fileConfig, cfgKeys)
	case set[optKeyring]:
		return r.keyringSource(p)
	}
	return Source{}, r.noSource(p)
}

// noteSeveralSources says which source is used when a profile sets several.
func (r *resolver) noteSeveralSources(p *Profile, set [len(sourceOptions)]bool) {
	n := 0
	for _, ok := range set {
		if ok {
			n++
		}
	}
	if n < 2 {
		return
	}
	names := make([]string, 0, n)
	for i, ok := range set {
		if !ok {
			continue
		}
		name := sourceOptions[i]
		switch i {
		case optCredsKeys:
			name = fmt.Sprintf(name, r.c.files[fileCreds].name)
		case optConfigKeys:
			name = fmt.Sprintf(name, r.c.files[fileConfig].name)
		}
		names = append(names, name)
	}
	r.notices = append(r.notices, fmt.Sprintf("profile %s: sets %s; using %s", quote(p.Name), strings.Join(names, " and "), names[0]))
}

// noSource explains a profile that gives no credentials.
func (r *resolver) noSource(p *Profile) error {
	if v, ok := p.Lookup("aws_secret_access_key"); ok && v.Text != "" {
		return &ConfigError{Profile: p.Name, At: v.At,
			Msg:  "partial credentials: aws_secret_access_key is set without aws_access_key_id",
			Hint: "set both aws_access_key_id and aws_secret_access_key in the same section"}
	}
	for _, k := range []string{"source_profile", "credential_source"} {
		if v, ok := p.Lookup(k); ok && v.Text != "" {
			return &ConfigError{Profile: p.Name, At: v.At, Msg: k + " is set but role_arn is missing", Hint: "add the role_arn to assume"}
		}
	}
	return &ConfigError{Profile: p.Name, At: p.At, Msg: "profile has no credentials",
		Hint: "add role_arn with source_profile, aws_access_key_id and aws_secret_access_key, credential_process, or sso_session"}
}

// staticIn reports a non-empty aws_access_key_id from file in keys: the key
// that makes botocore's credentials-file and config-file providers read a
// key pair (and refuse half of one).
func (c *Config) staticIn(keys map[string]Value, file uint8) bool {
	v, ok := keys["aws_access_key_id"]
	return ok && c.fileOf(v) == file && v.Text != ""
}

// staticKeyNames are read together from one file, never mixed across files.
var staticKeyNames = [...]string{"aws_access_key_id", "aws_secret_access_key", "aws_security_token", "aws_session_token"}

// keysOf returns p's keys as one file has them: p.Keys itself when no
// static key of the other file shadows them, else that file re-parsed.
func (r *resolver) keysOf(p *Profile, file uint8) map[string]Value {
	for _, k := range staticKeyNames {
		if v, ok := p.Keys[k]; ok && r.c.fileOf(v) != file {
			return r.c.fileKeys(p, file)
		}
	}
	return p.Keys
}

// anyStatic reports static keys in either file, even half a pair (botocore
// then reads the profile for its keys and refuses half a pair), or keys in
// the keyring.
func (r *resolver) anyStatic(p *Profile) bool {
	return p.has("aws_access_key_id") || p.has("aws_secret_access_key") || r.opts.KeyringKeys[p.Name] != ""
}

// isSSO is botocore's SSO trigger: the account or the role of a permission
// set. sso_session or sso_start_url alone (a profile for `aws sso login`)
// gives no credentials.
func isSSO(p *Profile) bool {
	return p.has("sso_account_id") || p.has("sso_role_name")
}

// staticSource reads the key pair and token from keys, all from file, as
// botocore's SharedCredentialProvider and ConfigProvider do: the secret and
// token must sit beside the access key id, and aws_security_token (the
// legacy name) wins over aws_session_token.
func (r *resolver) staticSource(p *Profile, file uint8, keys map[string]Value) (Source, error) {
	id := keys["aws_access_key_id"]
	secret, ok := keys["aws_secret_access_key"]
	if !ok || r.c.fileOf(secret) != file || secret.Text == "" {
		e := &ConfigError{Profile: p.Name, At: id.At,
			Msg:  "partial credentials: aws_access_key_id is set without aws_secret_access_key in " + r.c.files[file].name,
			Hint: "set both aws_access_key_id and aws_secret_access_key in the same section"}
		if other, ok := p.Keys["aws_secret_access_key"]; ok && r.c.fileOf(other) != file && other.Text != "" {
			e.Hint = fmt.Sprintf("the one at %s is not read with it: a key pair is read from one file, so put both in the same section", other.At)
		}
		return Source{}, e
	}
	var token string
	for _, k := range [...]string{"aws_security_token", "aws_session_token"} {
		if v, ok := keys[k]; ok && r.c.fileOf(v) == file && v.Text != "" {
			token = v.Text
			break
		}
	}
	src := Source{Kind: SourceStatic, Profile: p.Name, At: id.At,
		AccessKeyID: id.Text, SecretAccessKey: secret.Text, SessionToken: token}
	return src, r.sessionMFA(&src, p)
}

// keyringSource is long-term keys stored with `assume keys add`: the secret
// is read only when needed.
func (r *resolver) keyringSource(p *Profile) (Source, error) {
	src := Source{Kind: SourceStatic, Profile: p.Name, At: Location{File: "keyring"},
		AccessKeyID: r.opts.KeyringKeys[p.Name], FromKeyring: true}
	return src, r.sessionMFA(&src, p)
}

// sessionMFA gives long-term keys the profile's mfa_serial, for the
// GetSessionToken session that signs the hops.
func (r *resolver) sessionMFA(src *Source, p *Profile) error {
	mfa, ok := p.Lookup("mfa_serial")
	if !ok || mfa.Text == "" || src.SessionToken != "" {
		return nil
	}
	if msg := checkMFASerial(mfa.Text); msg != "" {
		return &ConfigError{Profile: p.Name, At: mfa.At, Msg: msg}
	}
	src.MFASerial = mfa.Text
	src.MFAProcess, _ = p.Get("mfa_process")
	return nil
}

func credentialSource(p *Profile) Source {
	cs, _ := p.Lookup("credential_source")
	kind := map[string]SourceKind{"Environment": SourceEnvironment, "Ec2InstanceMetadata": SourceEC2, "EcsContainer": SourceECS}[cs.Text]
	return Source{Kind: kind, Profile: p.Name, At: cs.At}
}

func (r *resolver) webIdentitySource(p *Profile) (Source, error) {
	tok, _ := p.Lookup("web_identity_token_file")
	role, _ := p.Lookup("role_arn")
	if role.Text == "" {
		return Source{}, &ConfigError{Profile: p.Name, At: tok.At,
			Msg: "web_identity_token_file is set but role_arn is missing", Hint: "add the role_arn to assume"}
	}
	for _, k := range []string{"source_profile", "credential_source"} {
		if v, ok := p.Lookup(k); ok && v.Text != "" {
			return Source{}, &ConfigError{Profile: p.Name, At: v.At,
				Msg:  "both web_identity_token_file and " + k + " are set",
				Hint: "keep only one way to sign the role"}
		}
	}
	if msg := checkRoleARN(role.Text); msg != "" {
		return Source{}, &ConfigError{Profile: p.Name, At: role.At, Msg: msg}
	}
	session, err := r.sessionNameOf(p)
	if err != nil {
		return Source{}, err
	}
	return Source{Kind: SourceWebIdentity, Profile: p.Name, At: tok.At,
		WebIdentityTokenFile: tok.Text, RoleARN: role.Text, RoleSessionName: session}, nil
}

// ssoSource reads sso_session (with its [sso-session] section) or the legacy
// sso_start_url/sso_region keys, plus the account and role.
func (r *resolver) ssoSource(p *Profile) (Source, error) {
	src := Source{Kind: SourceSSO, Profile: p.Name, At: p.At}
	url, _ := p.Lookup("sso_start_url")
	region, _ := p.Lookup("sso_region")
	if sess, ok := p.Lookup("sso_session"); ok && sess.Text != "" {
		src.SSOSession, src.At = sess.Text, sess.At
		s := r.c.ssoSession(sess.Text)
		if s == nil {
			return Source{}, &ConfigError{Profile: p.Name, At: sess.At,
				Msg:  fmt.Sprintf("sso_session %q has no [sso-session %s] section in %s", sess.Text, sess.Text, r.c.files[fileConfig].name),
				Hint: "add the section with sso_start_url and sso_region"}
		}
		if err := r.c.checkWrittenAs(p.Name, s, ssoSessionKeys[:]); err != nil {
			return Source{}, err
		}
		for _, kv := range []struct {
			key  string
			mine Value
		}{{"sso_start_url", url}, {"sso_region", region}} {
			theirs, _ := s.Get(kv.key)
			if theirs == "" {
				return Source{}, &ConfigError{Profile: p.Name, At: s.At,
					Msg:  fmt.Sprintf("[sso-session %s] has no %s", sess.Text, kv.key),
					Hint: "add " + kv.key + " to that section"}
			}
			if kv.mine.Text != "" && kv.mine.Text != theirs {
				return Source{}, &ConfigError{Profile: p.Name, At: kv.mine.At,
					Msg:  fmt.Sprintf("%s %q differs from %q in [sso-session %s]", kv.key, kv.mine.Text, theirs, sess.Text),
					Hint: "remove it from the profile"}
			}
		}
		src.SSOStartURL, _ = s.Get("sso_start_url")
		src.SSORegion, _ = s.Get("sso_region")
	} else {
		src.SSOStartURL, src.SSORegion = url.Text, region.Text
	}
	for _, k := range []struct {
		key string
		dst *string
	}{{"sso_start_url", &src.SSOStartURL}, {"sso_region", &src.SSORegion}, {"sso_account_id", &src.SSOAccountID}, {"sso_role_name", &src.SSORoleName}} {
		if *k.dst == "" {
			*k.dst, _ = p.Get(k.key)
		}
		if *k.dst == "" {
			return Source{}, &ConfigError{Profile: p.Name, At: p.At, Msg: "sso profile has no " + k.key,
				Hint: "set sso_session (or sso_start_url and sso_region), sso_account_id and sso_role_name"}
		}
	}
	return src, nil
}

// sessionNameOf is the profile's role_session_name, or the sanitized default.
func (r *resolver) sessionNameOf(p *Profile) (string, error) {
	v, ok := p.Lookup("role_session_name")
	if !ok || v.Text == "" {
		return r.sessionName, nil
	}
	if msg := checkSessionName("role_session_name", v.Text); msg != "" {
		return "", &ConfigError{Profile: p.Name, At: v.At, Msg: msg}
	}
	return v.Text, nil
}
