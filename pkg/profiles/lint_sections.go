package profiles

import (
	"fmt"
	"strings"
)

// nonProfileSections are config-file sections the AWS CLI v1 reads for
// itself; they are not misspelt profiles.
var nonProfileSections = [...]string{"plugins", "preview"}

// sections checks each section as written, before botocore's merging hides
// repeats: headers, keys, plain-text secrets.
func (l *linter) sections() {
	for i := range l.c.sections {
		s := &l.c.sections[i]
		f := &l.c.files[s.file]
		at := Location{File: f.name, Line: int(s.line)}
		if s.kind == secIgnored {
			l.ignoredHeader(s, at)
			continue
		}
		if s.kind == secProfile && s.file == fileCreds && strings.HasPrefix(s.name, "profile ") {
			l.add(Finding{Severity: SeverityWarning, Profile: f.keep(s.name), At: at, Code: "credentials-profile-prefix",
				Message: fmt.Sprintf("[%s] in the credentials file defines a profile literally named %s", s.name, quote(s.name)),
				Fix:     fmt.Sprintf("write [%s]: only the config file uses the \"profile \" prefix", strings.TrimSpace(strings.TrimPrefix(s.name, "profile ")))})
		}
		if s.dup {
			l.duplicate(i, at)
		}
		keys := make(map[string]Value, 8)
		parseBody(f, s, keys)
		l.unknownKeys(s, keys)
		if s.kind == secProfile {
			l.plaintextKeys(f.keep(s.name), f.name, keys)
		}
	}
}

// header returns the header line of s as written, for messages.
func (l *linter) header(s *section) string {
	data := l.c.files[s.file].data
	ls := 0
	if s.body > 0 {
		ls = strings.LastIndexByte(data[:s.body-1], '\n') + 1
	}
	return strings.TrimSpace(data[ls:s.body])
}

// ignoredHeader explains a header whose keys go nowhere.
func (l *linter) ignoredHeader(s *section, at Location) {
	h := l.header(s)
	switch {
	case s.name == "":
		l.add(Finding{Severity: SeverityError, At: at, Code: "malformed-header",
			Message: fmt.Sprintf("%s is not a section header: the AWS CLI refuses to read the file", quote(h)),
			Fix:     "write [profile NAME] (config file) or [NAME] (credentials file), or remove the line"})
	case s.file == fileConfig && (strings.HasPrefix(s.name, "profile") || strings.HasPrefix(s.name, "sso-session") || strings.HasPrefix(s.name, "services")):
		l.add(Finding{Severity: SeverityWarning, At: at, Code: "invalid-section-name",
			Message: fmt.Sprintf("%s has no usable name (one word, or quoted): the AWS CLI and assume skip this section", h),
			Fix:     "use a name without spaces or quotes, e.g. [profile my-name]"})
	case s.file == fileConfig:
		for _, known := range nonProfileSections {
			if s.name == known {
				return
			}
		}
		name := l.c.files[s.file].keep(s.name)
		l.add(Finding{Severity: SeverityWarning, Profile: name, At: at, Code: "missing-profile-prefix",
			Message: fmt.Sprintf("[%s] in the config file is not a profile: the AWS CLI and assume ignore its keys", name),
			Fix:     fmt.Sprintf("write [profile %s]", name)})
	}
}

// duplicate reports a section repeating an earlier one of the same file.
// Across the two files a repeat is normal (credentials-file keys override);
// bothFiles checks those for conflicts instead.
func (l *linter) duplicate(i int, at Location) {
	s := &l.c.sections[i]
	head, ok := l.c.index.head(l.c.sections, s.kind, s.name)
	if !ok {
		return
	}
	prev := int32(-1)
	for j := head; j >= 0 && j != int32(i); j = l.c.sections[j].next {
		if l.c.sections[j].file == s.file {
			prev = j
		}
	}
	if prev < 0 {
		return
	}
	first := Location{File: at.File, Line: int(l.c.sections[prev].line)}
	f := Finding{Severity: SeverityWarning, At: at, Code: "duplicate-section",
		Message: fmt.Sprintf("[%s] repeats the section at %s: the two are merged, later keys winning", sectionLabel(s), first),
		Fix:     fmt.Sprintf("merge this section into the one at %s", first)}
	if s.kind == secProfile {
		f.Profile = l.c.files[s.file].keep(s.name)
	}
	l.add(f)
}

// secretKeys are never quoted in findings.
var secretKeys = [...]string{"aws_secret_access_key", "aws_session_token", "aws_security_token"}

func isSecretKey(k string) bool {
	for _, s := range secretKeys {
		if k == s {
			return true
		}
	}
	return false
}

// plaintextKeys flags long-term keys in a file. Keys with a session token
// are temporary: they expire on their own and `assume keys add` does not
// take them.
func (l *linter) plaintextKeys(profile, file string, keys map[string]Value) {
	secret, ok := keys["aws_secret_access_key"]
	if !ok || secret.Text == "" || keys["aws_session_token"].Text != "" || keys["aws_security_token"].Text != "" {
		return
	}
	at := secret.At
	if id, ok := keys["aws_access_key_id"]; ok {
		at = id.At
	}
	fix := fmt.Sprintf("run `assume keys add %s`, then delete aws_access_key_id and aws_secret_access_key from %s", profile, file)
	if l.opts.KeyringKeys[profile] != "" {
		fix = fmt.Sprintf("the keyring already holds keys for %s (and the file's win): delete aws_access_key_id and aws_secret_access_key from %s", profile, file)
	}
	l.add(Finding{Severity: SeverityWarning, Profile: profile, At: at, Code: "plaintext-keys",
		Message: "long-term access keys are stored in plain text", Fix: fix})
}

// bothFiles reports a profile whose config-file and credentials-file
// sections set one key to different values: the credentials file wins, which
// is rarely what the person editing the config file expects.
func (l *linter) bothFiles() {
	for i := range l.c.sections {
		s := &l.c.sections[i]
		if s.kind != secProfile || s.dup || s.file != fileConfig {
			continue
		}
		var inConfig, inCreds map[string]Value
		for j := int32(i); j >= 0; j = l.c.sections[j].next {
			t := &l.c.sections[j]
			dst := &inConfig
			if t.file == fileCreds {
				dst = &inCreds
			}
			if *dst == nil {
				*dst = map[string]Value{}
			}
			parseBody(&l.c.files[t.file], t, *dst)
		}
		if inCreds == nil {
			continue
		}
		name := l.c.files[s.file].keep(s.name)
		for k, cv := range inCreds {
			fv, ok := inConfig[k]
			if !ok || fv.Text == cv.Text {
				continue
			}
			msg := fmt.Sprintf("%s is %s here but %s in %s; the credentials file wins", k, quote(cv.Text), quote(fv.Text), fv.At)
			if isSecretKey(k) {
				msg = fmt.Sprintf("%s differs from the one in %s; the credentials file wins", k, fv.At)
			}
			l.add(Finding{Severity: SeverityWarning, Profile: name, At: cv.At, Code: "conflicting-value",
				Message: msg, Fix: fmt.Sprintf("keep %s in one file only", k)})
		}
	}
}

// sectionLabel is the canonical header text of s, without brackets.
func sectionLabel(s *section) string {
	switch {
	case s.kind == secSSOSession:
		return "sso-session " + s.name
	case s.kind == secServices:
		return "services " + s.name
	case s.file == fileConfig && s.name != "default":
		return "profile " + s.name
	}
	return s.name
}
