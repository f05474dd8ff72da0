package profiles

import (
	"errors"
	"strings"
)

// ErrUnknownProfile is wrapped by the ConfigError returned for a profile that
// is in neither file, so callers can pick an exit code with errors.Is.
var ErrUnknownProfile = errors.New("unknown profile")

// ConfigError is a problem in the user's config files, pointing at the
// profile and the file:line to fix. Error() is always one line.
type ConfigError struct {
	Profile string
	At      Location
	Msg     string
	Hint    string // what to do next; may be empty
	Err     error  // underlying cause, if any
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	// An unknown profile has no location of its own; its Msg names it.
	if e.Profile != "" && !errors.Is(e.Err, ErrUnknownProfile) {
		b.WriteString("profile ")
		b.WriteString(quote(e.Profile))
		if at := e.At.String(); at != "" {
			b.WriteString(" (" + at + ")")
		}
		b.WriteString(": ")
	} else if at := e.At.String(); at != "" && e.Profile == "" {
		b.WriteString(at + ": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return oneLine(b.String())
}

func (e *ConfigError) Unwrap() error { return e.Err }

// oneLine keeps errors on one line even when config values contain newlines.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`).Replace(s)
}
