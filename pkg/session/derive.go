package session

import "time"

// WithDuration is the same run's session asking d for the final hop (0:
// the config's). It shares the config files already loaded and the store
// already opened, so nothing is read, and no passphrase asked for, twice.
// Console sign-in uses it for a profile with no role, where --duration is
// the GetFederationToken session's length, not the plan's.
func (s *Session) WithDuration(d time.Duration) *Session {
	c := *s
	c.opts.Duration = d
	return &c
}
