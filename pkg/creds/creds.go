// Package creds holds the credential trio every other package passes around.
package creds

import (
	"fmt"
	"time"
)

// Credentials are AWS credentials. Long-term keys have no SessionToken and
// a zero Expires.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expires         time.Time // zero for long-term keys
}

// Temporary reports whether these are session credentials.
func (c Credentials) Temporary() bool { return c.SessionToken != "" }

// CanExpire reports whether the credentials carry an expiry.
func (c Credentials) CanExpire() bool { return !c.Expires.IsZero() }

// Remaining is how long the credentials stay valid at now.
func (c Credentials) Remaining(now time.Time) time.Duration {
	if !c.CanExpire() {
		return 1<<63 - 1
	}
	return c.Expires.Sub(now)
}

// Expired reports whether the credentials are past their expiry at now.
func (c Credentials) Expired(now time.Time) bool {
	return c.CanExpire() && !now.Before(c.Expires)
}

// String never prints secrets, so credentials can be logged safely by mistake.
func (c Credentials) String() string {
	if !c.CanExpire() {
		return fmt.Sprintf("{AccessKeyID:%s long-term}", c.AccessKeyID)
	}
	return fmt.Sprintf("{AccessKeyID:%s expires:%s}", c.AccessKeyID, c.Expires.UTC().Format(time.RFC3339))
}

// GoString keeps %#v from printing secrets too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %d, %x, %q ...) print the redacted
// String: with only String and GoString, verbs such as %d or %x would print
// the fields, secrets included.
func (c Credentials) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(c.String())) }
