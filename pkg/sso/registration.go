package sso

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"time"
)

// registration is a client registration (RegisterClient) as the AWS CLI
// v2 caches it beside the token.
type registration struct {
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	ExpiresAt    cliTime  `json:"expiresAt"`
	Scopes       []string `json:"scopes,omitempty"`
	GrantTypes   []string `json:"grantTypes,omitempty"`
}

// forAuthCode reports a registration made for the authorization code
// grant; the CLI did not record grant types for device-flow ones.
func (r registration) forAuthCode() bool {
	for _, g := range r.GrantTypes {
		if g == grantAuthCode {
			return true
		}
	}
	return false
}

// usable: complete and not within the expiry window of its end.
func (r registration) usable(now time.Time) bool {
	return r.ClientID != "" && r.ClientSecret != "" && r.ExpiresAt.Sub(now) > expiryWindow
}

// registrationKey is the file name (without .json) the AWS CLI v2 gives a
// registration: the SHA-1 of Python's json.dumps(..., sort_keys=True) of
// the tool, start URL, region, configured scopes and session name. The
// configured scopes are hashed, not the defaulted ones, as the CLI does.
func registrationKey(s Session) string {
	var b strings.Builder
	b.WriteString(`{"region": `)
	pyString(&b, s.Region)
	b.WriteString(`, "scopes": `)
	if s.Scopes == nil {
		b.WriteString("null")
	} else {
		b.WriteByte('[')
		for i, sc := range s.Scopes {
			if i > 0 {
				b.WriteString(", ")
			}
			pyString(&b, sc)
		}
		b.WriteByte(']')
	}
	b.WriteString(`, "session_name": `)
	if s.Legacy() {
		b.WriteString("null")
	} else {
		pyString(&b, s.Name)
	}
	b.WriteString(`, "startUrl": `)
	pyString(&b, s.StartURL)
	b.WriteString(`, "tool": "botocore"}`)
	sum := sha1.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// pyString writes s as Python's json.dumps does with its defaults
// (ensure_ascii): \" \\ \n \r \t \b \f, other control characters and
// everything beyond ASCII as \uXXXX (UTF-16 surrogate pairs above the BMP).
func pyString(b *strings.Builder, s string) {
	const hexdigits = "0123456789abcdef"
	u4 := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hexdigits[(r>>shift)&0xf])
		}
	}
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			u4(r)
		case r < 0x80:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			u4(0xd800 + (r>>10)&0x3ff)
			u4(0xdc00 + r&0x3ff)
		default:
			u4(r)
		}
	}
	b.WriteByte('"')
}
