package assume

import (
	"context"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
)

const (
	// expirySkew is how far past call time + duration asked an expiry may
	// lie: STS stamps it by its own clock, which may run ahead of ours.
	expirySkew = 5 * time.Minute
	// maxSourceLifetime bounds the expiry of a source that was asked for no
	// duration (credential_process, SSO, a container): 36 hours, the
	// longest any AWS temporary credentials live (GetSessionToken).
	maxSourceLifetime = 36 * time.Hour
	// defaultRoleDuration is what AssumeRole grants when no duration is sent.
	defaultRoleDuration = time.Hour
	// defaultSessionTokenDuration is GetSessionToken's default.
	defaultSessionTokenDuration = 12 * time.Hour
)

// received vets credentials as they come back from an STS call or a
// source (what names it in errors): absurd sizes are refused, the expiry is
// clamped so the cache never holds one beyond what was asked, and the
// secrets are registered for masking in the error line and debug log.
// asked is the duration requested at start; 0 for a source that was asked
// for none, which gets maxSourceLifetime and keeps "no expiry" (long-term
// keys) as it is.
func (a *Assumer) received(ctx context.Context, c creds.Credentials, what string, start time.Time, asked time.Duration) (creds.Credentials, error) {
	if err := checkSizes(c, what); err != nil {
		return creds.Credentials{}, err
	}
	switch {
	case asked > 0:
		limit := start.Add(asked + expirySkew)
		if c.Expires.IsZero() {
			c.Expires = start.Add(asked).UTC() // STS always says; assume the least
		} else if c.Expires.After(limit) {
			c.Expires = limit.UTC()
		}
	case c.CanExpire():
		if limit := start.Add(maxSourceLifetime); c.Expires.After(limit) {
			c.Expires = limit.UTC()
		}
	}
	a.secret(ctx, c.SecretAccessKey, c.SessionToken)
	return c, nil
}

// secret registers values with the run's secret registry (the final error
// line is masked with it) and the debug log's redactor.
func (a *Assumer) secret(ctx context.Context, values ...string) {
	debuglog.SecretsFrom(ctx).Add(values...)
	a.Debug.Secret(values...)
}

// orDefault is d, or def when d is unset (STS's own default applies).
func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
