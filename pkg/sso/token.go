package sso

import (
	"fmt"
	"strings"
	"time"
)

// Token is one sign-in as the AWS CLI v2 caches it: the access token, the
// client registration that obtained it and, when the registration allows
// it, the refresh token. Field names and the time format are the CLI's.
type Token struct {
	StartURL              string  `json:"startUrl"`
	Region                string  `json:"region"`
	AccessToken           string  `json:"accessToken"`
	ExpiresAt             cliTime `json:"expiresAt"`
	ClientID              string  `json:"clientId,omitempty"`
	ClientSecret          string  `json:"clientSecret,omitempty"`
	RegistrationExpiresAt cliTime `json:"registrationExpiresAt,omitzero"`
	RefreshToken          string  `json:"refreshToken,omitempty"`
}

// Expires is when the access token stops working.
func (t Token) Expires() time.Time { return t.ExpiresAt.Time }

// refreshable reports whether the token can be renewed without a person:
// a refresh token and a registration that has not expired (botocore's
// conditions).
func (t Token) refreshable(now time.Time) bool {
	return t.RefreshToken != "" && t.ClientID != "" && t.ClientSecret != "" &&
		!t.RegistrationExpiresAt.IsZero() && now.Before(t.RegistrationExpiresAt.Time)
}

// String never prints the tokens or the client secret.
func (t Token) String() string {
	refresh := "no refresh token"
	if t.RefreshToken != "" {
		refresh = "refreshable"
	}
	return fmt.Sprintf("{sso token for %s (%s) expires:%s %s}", t.StartURL, t.Region, t.ExpiresAt.Time.UTC().Format(time.RFC3339), refresh)
}

// GoString keeps %#v from printing secrets.
func (t Token) GoString() string { return t.String() }

// Format makes every verb print the redacted String.
func (t Token) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(t.String())) }

// cliTime is a UTC time written as the AWS CLI v2 writes it
// (2006-01-02T15:04:05Z) and read in any RFC 3339 form, or Python's %Z
// form ("...UTC") that older botocore caches hold.
type cliTime struct{ time.Time }

const cliTimeLayout = "2006-01-02T15:04:05Z"

func (c cliTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + c.UTC().Format(cliTimeLayout) + `"`), nil
}

func (c *cliTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		c.Time = time.Time{}
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05MST", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			c.Time = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("time %q is not RFC 3339", s)
}

func at(t time.Time) cliTime { return cliTime{t.UTC().Truncate(time.Second)} }
