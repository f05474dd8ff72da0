package profiles

import "fmt"

// malformedLines reports every line configparser cannot read; Resolve
// stops at the first in the sections it reads, Lint sees the whole file.
func (l *linter) malformedLines(s *section, notes bodyNotes) {
	for _, m := range notes.malformed {
		e := malformedLineError("", m)
		f := Finding{Severity: SeverityError, At: m.At, Code: "malformed-line", Message: e.Msg, Fix: e.Hint}
		if s.kind == secProfile {
			f.Profile = l.c.files[s.file].keep(s.name)
		}
		l.add(f)
	}
}

// repeatedKeys reports a key set twice in one section.
func (l *linter) repeatedKeys(s *section, notes bodyNotes) {
	for _, r := range notes.repeated {
		f := Finding{Severity: SeverityError, At: r.again, Code: "duplicate-key",
			Message: fmt.Sprintf("%s is set again here, after line %d of the same section: assume takes this value, but the AWS CLI refuses to read the file", r.key, r.first.Line),
			Fix:     "keep one of the two lines"}
		if s.kind == secProfile {
			f.Profile = l.c.files[s.file].keep(s.name)
		}
		l.add(f)
	}
}

// twoTokens reports a section with both aws_security_token (the legacy
// name) and aws_session_token: botocore, and assume with it, use
// aws_security_token; the Go SDK reads only aws_session_token.
func (l *linter) twoTokens(profile string, keys map[string]Value) {
	legacy, session := keys["aws_security_token"], keys["aws_session_token"]
	if legacy.Text == "" || session.Text == "" || legacy.Text == session.Text {
		return
	}
	l.add(Finding{Severity: SeverityWarning, Profile: profile, At: legacy.At, Code: "two-session-tokens",
		Message: fmt.Sprintf("aws_security_token and aws_session_token (line %d) differ: the AWS CLI and assume use aws_security_token, the Go SDK uses aws_session_token", session.At.Line),
		Fix:     "keep only aws_session_token"})
}
