package sso

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
)

// Session identifies one sign-in: an [sso-session NAME] section, or the
// legacy profile keys sso_start_url/sso_region (Name "").
type Session struct {
	Name     string
	StartURL string
	Region   string
	// Scopes are sso_registration_scopes; nil when not configured.
	Scopes []string
	// At is where the session is configured (file:line), for errors.
	At string
	// Profile names the profile of a legacy session, for the login hint.
	Profile string
}

// Legacy reports a session configured by profile keys alone: the AWS CLI
// signs those in with the device flow, and they get no refresh token.
func (s Session) Legacy() bool { return s.Name == "" }

// String names the session for people.
func (s Session) String() string {
	if s.Legacy() {
		return fmt.Sprintf("sso start URL %s", s.StartURL)
	}
	return fmt.Sprintf("sso-session %q", s.Name)
}

// LoginCommand is what a person runs to sign this session in.
func (s Session) LoginCommand() string {
	if s.Legacy() {
		if s.Profile != "" {
			return "assume login " + s.Profile
		}
		return "assume login PROFILE"
	}
	return "assume login --sso-session " + s.Name
}

// cacheKey is the token file's name without .json: the SHA-1 of the
// session name, or of the start URL for a legacy session (botocore's
// SSOTokenLoader).
func (s Session) cacheKey() string {
	in := s.Name
	if s.Legacy() {
		in = s.StartURL
	}
	sum := sha1.Sum([]byte(in))
	return hex.EncodeToString(sum[:])
}

// where appends " (file:line)" when the configuration's place is known.
func (s Session) where() string {
	if s.At == "" {
		return ""
	}
	return " (" + s.At + ")"
}
