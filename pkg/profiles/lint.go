package profiles

import (
	"errors"
	"sort"
)

// Severity ranks a Finding. An error is something that makes a profile fail
// (or the AWS CLI refuse the file); a warning works today but is risky or
// surprising; info is worth knowing.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities for sorting, most severe first.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding is one problem `assume doctor` reports. Code is a stable id
// ("source-cycle", "unknown-key", ...) for scripts and tests; Message and Fix
// are for people and never contain secrets.
type Finding struct {
	Severity Severity
	Profile  string // profile the finding is about; "" for file-level findings
	At       Location
	Code     string
	Message  string
	Fix      string
}

// LintOptions carries what Lint cannot learn from the files.
type LintOptions struct {
	// KeyringKeys maps profile names to the access key id of long-term keys
	// stored in the keyring (`assume keys add`), as in ResolveOptions.
	KeyringKeys map[string]string
}

// Lint checks the loaded files without any I/O: every profile is resolved
// exactly as `assume PROFILE` would resolve it (so the rules live in one
// place), and the raw sections are checked for what resolution forgives or
// never sees (unknown keys, repeated sections, ignored headers, plain-text
// keys). Findings are sorted by severity, then file and line.
func Lint(c *Config, opts LintOptions) (out []Finding) {
	l := &linter{c: c, opts: opts, seen: map[string]bool{}}
	var err error
	func() {
		defer c.catchFault(&err)()
		l.sections()
		l.bothFiles()
		l.profiles()
	}()
	if err != nil {
		l.add(Finding{Severity: SeverityError, Code: "read-error", Message: err.Error(), Fix: "run assume doctor again"})
	}
	SortFindings(l.out)
	return l.out
}

// linter collects findings, dropping repeats: resolving every profile
// reaches a broken source once per profile that names it.
type linter struct {
	c    *Config
	opts LintOptions
	out  []Finding
	seen map[string]bool
}

func (l *linter) add(f Finding) {
	l.addKeyed(f.Code+"\x00"+f.At.String()+"\x00"+f.Message, f)
}

// addKeyed adds f unless a finding with the same key was added before.
func (l *linter) addKeyed(key string, f Finding) {
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	f.Message, f.Fix = oneLine(f.Message), oneLine(f.Fix)
	l.out = append(l.out, f)
}

// SortFindings orders findings most severe first, then by file and line,
// so a report reads like a compiler's.
func SortFindings(fs []Finding) {
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

// HasErrors reports whether any finding is error-level.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// asConfigError unwraps a Resolve failure; other errors (a file changed
// while reading) have no profile or location.
func asConfigError(err error) *ConfigError {
	var ce *ConfigError
	if errors.As(err, &ce) {
		return ce
	}
	return &ConfigError{Msg: err.Error()}
}
