package doctor

import (
	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Options are what a diagnosis looks at.
type Options struct {
	Host host.Host
	// SettingsErr is the error reading config.yaml gave, if any: a broken
	// file is itself a finding, and the rest is still checked.
	SettingsErr error
	// Keyring is the keyring assume would use; nil skips its check.
	Keyring *KeyringCheck
	// FastPath is the Linux front program's setup; nil skips its check.
	FastPath *FastPathCheck
}

// Diagnose gathers every finding, most severe first. Nothing stops it
// early: each check reports its own failure as a finding.
func Diagnose(o Options) []Finding {
	var out []Finding
	if o.SettingsErr != nil {
		out = append(out, Finding{Severity: SeverityError, Code: "settings-error",
			Message: o.SettingsErr.Error(), Fix: "fix or remove the file"})
	}
	var storedKeys map[string]string
	if o.Keyring != nil {
		var ring []Finding
		ring, storedKeys = checkKeyring(*o.Keyring)
		out = append(out, ring...)
	}
	files := profiles.FilesFromEnv(o.Host.Getenv, o.Host.Home())
	if cfg, err := profiles.Load(files); err != nil {
		out = append(out, Finding{Severity: SeverityError, Code: "read-error",
			Message: err.Error(), Fix: "make the file readable by you (ls -l it)"})
	} else {
		out = append(out, fromLint(profiles.Lint(cfg, profiles.LintOptions{KeyringKeys: storedKeys}))...)
	}
	out = append(out, checkFileModes(files)...)
	out = append(out, checkShellHook(o.Host)...)
	if o.FastPath != nil {
		out = append(out, checkFastPath(*o.FastPath)...)
	}
	sortFindings(out)
	return out
}
