package profiles

import "fmt"

// walkKeys decide a profile's source and hops; askedKeys are read from the
// profile asked for only. A value of theirs that holds " #" or " ;" is
// refused: botocore would send or check it whole.
var (
	walkKeys = [...]string{"role_arn", "source_profile", "credential_source", "external_id", "mfa_serial",
		"duration_seconds", "role_session_name", "source_identity", "sso_session", "sso_account_id", "sso_role_name",
		"sso_start_url", "sso_region", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token"}
	askedKeys = [...]string{"region", "endpoint_url", "services", "ignore_configured_endpoint_urls"}
)

// malformedLine is a line of a section that is not key = value, not a
// comment and not a continuation, so configparser (and the AWS CLI) refuses
// the whole file; or one that starts with a key but has no '='.
type malformedLine struct {
	At  Location
	key string // the known key the line starts with ("role_arn arn:..."), or ""
	// readAs is set when the line has a ':' but no '=' and starts with a
	// known key: configparser reads a key by this name instead.
	readAs string
}

// checkWritten refuses what botocore would read otherwise than the person
// meant: a malformed line, and an inline comment in one of keys' values.
func (c *Config) checkWritten(p *Profile, keyLists ...[]string) error {
	return c.checkWrittenAs(p.Name, p, keyLists...)
}

// checkWrittenAs is checkWritten for a section read on behalf of profile
// (an [sso-session] or [services] section).
func (c *Config) checkWrittenAs(profile string, p *Profile, keyLists ...[]string) error {
	if len(p.notes.malformed) > 0 {
		return malformedLineError(profile, p.notes.malformed[0])
	}
	if !p.notes.comments {
		return nil
	}
	var (
		firstKey string
		first    Value
	)
	for _, keys := range keyLists {
		for _, k := range keys {
			if v, ok := p.Keys[k]; ok && inlineComment(v.Text) && (firstKey == "" || c.before(v, first)) {
				firstKey, first = k, v
			}
		}
	}
	if firstKey == "" {
		return nil
	}
	return inlineCommentError(profile, firstKey, first)
}

// before orders values as they appear: config file first, then by line.
func (c *Config) before(v, w Value) bool {
	if fv, fw := c.fileOf(v), c.fileOf(w); fv != fw {
		return fv < fw
	}
	return v.At.Line < w.At.Line
}

// fileOf is the file a value was read from. Values carry the file's name
// (the same string), which keeps Value small; were both files one path,
// its values count as the config file's.
func (c *Config) fileOf(v Value) uint8 {
	if v.At.File == c.files[fileCreds].name && v.At.File != c.files[fileConfig].name {
		return fileCreds
	}
	return fileConfig
}

func malformedLineError(profile string, m malformedLine) *ConfigError {
	e := &ConfigError{Profile: profile, At: m.At,
		Msg:  `line has no "=": it is neither "key = value" nor a comment, and the AWS CLI refuses to read the file`,
		Hint: "write key = value, or start the line with # to make it a comment"}
	switch {
	case m.readAs != "" && isSecretKey(m.key):
		e.Msg = fmt.Sprintf(`line has no "=": the AWS CLI reads it as some other key, so %s is not set`, m.key) // the rest may be the secret
	case m.readAs != "":
		e.Msg = fmt.Sprintf(`line has no "=": the AWS CLI reads it as a key named %s, so %s is not set`, quote(m.readAs), m.key)
	}
	if m.key != "" {
		e.Hint = fmt.Sprintf("write %s = VALUE", m.key)
	}
	return e
}

func inlineCommentError(profile, key string, v Value) *ConfigError {
	what := key + " " + quote(v.Text)
	if isSecretKey(key) {
		what = key // never quote a secret
	}
	return &ConfigError{Profile: profile, At: v.At,
		Msg:  fmt.Sprintf("%s contains %q: inline comments are not comments in AWS config files (the AWS CLI reads the whole line as the value)", what, commentMark(v.Text)),
		Hint: "move the comment to a line of its own"}
}

// commentMark is the first " #" or " ;" (or with a tab) in v.
func commentMark(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return v[i-1 : i+1]
		}
	}
	return ""
}
