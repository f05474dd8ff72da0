package sso

import (
	"time"
)

// debugNow starts timing a call for the debug log.
func (s *Service) debugNow() time.Time { return s.cfg.Debug.Now() }

// logCall logs one API call: what, how long, and the outcome without
// secrets (requests and answers are never logged).
func (s *Service) logCall(what string, start time.Time, err error) {
	d := s.cfg.Debug
	if !d.On() {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "failed: " + describe(err)
	}
	d.Printf("sso %s for %s: %s in %s", what, s.cfg.Session, outcome, d.Since(start).Round(10*time.Microsecond))
}

// secret tells the debug log's redactor about values it must mask.
func (s *Service) secret(values ...string) {
	if s.cfg.Debug.On() {
		s.cfg.Debug.Secret(values...)
	}
}
