package profiles

import (
	"fmt"
	"strings"
)

// nonProfileSections are config-file sections the AWS CLI v1 reads for
// itself; they are not misspelt profiles.
var nonProfileSections = [...]string{"plugins", "preview"}

// sections checks each section as written, before botocore's merging hides
// repeats: headers, lines, keys, plain-text secrets.
func (l *linter) sections() {
	for i := range l.c.files {
		if f := &l.c.files[i]; f.bom {
			l.add(Finding{Severity: SeverityError, At: Location{File: f.name, Line: 1}, Code: "byte-order-mark",
				Message: "the file starts with a byte-order mark: assume skips it, but the AWS CLI refuses to read the file",
				Fix:     "save the file as UTF-8 without a byte-order mark"})
		}
	}
	for i := range l.c.sections {
		s := &l.c.sections[i]
		f := &l.c.files[s.file]
		at := Location{File: f.name, Line: int(s.line)}
		keys := make(map[string]Value, 8)
		notes := parseBody(f, s, keys, true)
		l.malformedLines(s, notes)
		l.repeatedKeys(s, notes)
		if hp, ok := l.c.diagnoseHeader(s); ok {
			l.badHeader(s, at, hp)
			if s.kind == secIgnored {
				continue
			}
		}
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
		l.unknownKeys(s, keys)
		if s.kind == secProfile {
			l.plaintextKeys(f.keep(s.name), f.name, keys)
			l.twoTokens(f.keep(s.name), keys)
		}
	}
	l.defaultTwice()
}

// badHeader reports a header that names no profile, or not the one it
// seems to (see diagnoseHeader).
func (l *linter) badHeader(s *section, at Location, hp headerProblem) {
	f := Finding{Severity: SeverityWarning, At: at, Code: "invalid-section-name", Message: hp.Problem, Fix: hp.Fix}
	switch {
	case s.kind == secIgnored && s.name == "":
		f.Severity, f.Code = SeverityError, "malformed-header"
	case s.name == configparserDefaults:
		f.Code = "defaults-section"
	}
	l.add(f)
}

// ignoredHeader explains a well-formed header whose keys go nowhere.
func (l *linter) ignoredHeader(s *section, at Location) {
	h := l.c.headerText(s)
	switch {
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

// defaultTwice reports [default] and [profile default] in the config file:
// botocore keeps only the later of the two, whole, and so does assume.
func (l *linter) defaultTwice() {
	head, ok := l.c.index.head(l.c.sections, secProfile, "default")
	if !ok {
		return
	}
	loser, skip := l.c.losingDefaultForm(head)
	if !skip {
		return
	}
	var lost, kept *section
	for i := head; i >= 0; i = l.c.sections[i].next {
		s := &l.c.sections[i]
		if s.file != fileConfig {
			continue
		}
		if s.prefixed == loser && lost == nil {
			lost = s
		} else if s.prefixed != loser && kept == nil {
			kept = s
		}
	}
	label := func(s *section) string {
		if s.prefixed {
			return "[profile default]"
		}
		return "[default]"
	}
	name := l.c.files[fileConfig].name
	l.add(Finding{Severity: SeverityWarning, Profile: "default", At: Location{File: name, Line: int(lost.line)}, Code: "duplicate-default",
		Message: fmt.Sprintf("%s and %s (line %d) both define the default profile: the AWS CLI and assume read only the later one, %s, and ignore every key here",
			label(lost), label(kept), kept.line, label(kept)),
		Fix: fmt.Sprintf("move the keys you need into %s at line %d and delete this section", label(kept), kept.line)})
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
		if t := &l.c.sections[j]; t.file == s.file && t.prefixed == s.prefixed {
			prev = j
		}
	}
	if prev < 0 {
		return
	}
	first := Location{File: at.File, Line: int(l.c.sections[prev].line)}
	f := Finding{Severity: SeverityError, At: at, Code: "duplicate-section",
		Message: fmt.Sprintf("[%s] repeats the section at %s: assume merges the two, later keys winning, but the AWS CLI refuses to read the file", sectionLabel(s), first),
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
		loser, skip := l.c.losingDefaultForm(int32(i))
		for j := int32(i); j >= 0; j = l.c.sections[j].next {
			t := &l.c.sections[j]
			if skip && t.file == fileConfig && t.prefixed == loser {
				continue
			}
			dst := &inConfig
			if t.file == fileCreds {
				dst = &inCreds
			}
			if *dst == nil {
				*dst = map[string]Value{}
			}
			parseBody(&l.c.files[t.file], t, *dst, false)
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
