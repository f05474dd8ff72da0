// Package doctor checks a user's setup without any network call: the AWS
// config files (through profiles.Lint, so the rules live in one place),
// their modes, the keyring and the shell hook.
package doctor

import (
	"sort"

	"github.com/assume-cli/assume/pkg/profiles"
)

// Severity ranks a Finding: an error makes a profile fail, a warning works
// today but is risky or surprising, info is worth knowing. It is the
// linter's own scale, so its findings keep their severity.
type Severity = profiles.Severity

const (
	SeverityError   = profiles.SeverityError
	SeverityWarning = profiles.SeverityWarning
	SeverityInfo    = profiles.SeverityInfo
)

// Finding is one thing doctor reports. Code is a stable id for scripts and
// tests; Message and Fix are for people and never contain secrets.
type Finding struct {
	Severity Severity
	Profile  string // "" for findings about a file or the machine
	At       profiles.Location
	Code     string
	Message  string
	Fix      string
}

// fromLint converts the config linter's findings.
func fromLint(in []profiles.Finding) []Finding {
	out := make([]Finding, len(in))
	for i, f := range in {
		out[i] = Finding{Severity: f.Severity, Profile: f.Profile, At: f.At, Code: f.Code, Message: f.Message, Fix: f.Fix}
	}
	return out
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// sortFindings orders by severity, then file, line and code.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.At.File != b.At.File {
			return a.At.File < b.At.File
		}
		if a.At.Line != b.At.Line {
			return a.At.Line < b.At.Line
		}
		return a.Code < b.Code
	})
}
