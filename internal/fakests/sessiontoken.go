package fakests

import (
	"net/url"
	"time"
)

const (
	defaultSessionTokenDuration = 43200
	maxSessionTokenDuration     = 129600
)

func (s *Server) sessionTokenLocked(c *caller, form url.Values) (response, *apiError) {
	if c.temporary() {
		return nil, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	v := &validator{form: form}
	duration := v.integer("DurationSeconds", "durationSeconds", 900, maxSessionTokenDuration, defaultSessionTokenDuration)
	serial, code, hasSerial, hasCode := v.mfaParams()
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := checkMFAPair(hasSerial, hasCode); err != nil {
		return nil, err
	}
	if hasSerial && !s.useMFACodeLocked(serial, code) {
		return nil, errMFAFailed
	}
	sess := &session{
		kind:      kindSessionToken,
		principal: c.principal,
		callerARN: c.callerARN,
		userID:    c.userID,
		account:   c.account,
		mfa:       hasSerial,
	}
	creds := s.newSessionLocked(sess, time.Duration(duration)*time.Second)
	return &sessionTokenResponse{Result: sessionTokenResult{Credentials: toXMLCredentials(creds)}}, nil
}
