package session

import (
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/render"
)

// Plan resolves a profile exactly as Credentials would, with no network
// call: only the sections it needs are parsed. Profiles whose long-term
// keys live in the keyring are known through the store, opened quietly.
func (s *Session) Plan(name string) (*profiles.Plan, error) {
	return s.plan(name, false)
}

func (s *Session) plan(name string, warn bool) (*profiles.Plan, error) {
	var keyringKeys map[string]string
	if st := s.Store(warn); st != nil {
		keyringKeys, _ = st.StoredKeys() // unreadable: as if none were stored
	}
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	h := s.deps.Host
	plan, err := profiles.Resolve(cfg, name, profiles.ResolveOptions{
		Duration:           s.opts.Duration,
		Region:             s.opts.Region,
		Getenv:             render.UsersOwn(h.Getenv), // a region assume exported is not the user's choice
		DefaultSessionName: profiles.DefaultSessionName(h.UserName(), h.HostName()),
		KeyringKeys:        keyringKeys,
		NoMFASession:       s.opts.NoMFASession,
		MFASessionDuration: s.opts.MFASessionDuration,
	})
	if err == nil && s.deps.Debug.On() {
		s.logPlan(plan)
	}
	return plan, err
}
