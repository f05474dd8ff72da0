package fakests

import (
	"errors"
	"time"
)

// SessionKind says which STS call issued temporary credentials.
type SessionKind string

// The kinds of temporary credentials the fake issues.
const (
	RoleSession         SessionKind = "role"          // AssumeRole, AssumeRoleWithWebIdentity, Issue of a role
	SessionTokenSession SessionKind = "session-token" // GetSessionToken (and Issue of a user, temporary)
	FederationSession   SessionKind = "federation"    // GetFederationToken
)

// SessionInfo is what the fake knows about temporary credentials it issued,
// for fakes of other AWS endpoints that accept them (console federation).
type SessionInfo struct {
	Kind       SessionKind
	CallerARN  string // as GetCallerIdentity reports it
	Account    string
	Expiration time.Time
	// FromLongTermKeys: a role session whose AssumeRole call was signed with
	// an IAM user's long-term keys: neither chained nor web identity.
	FromLongTermKeys bool
	// MFA: a GetSessionToken session obtained with an MFA code.
	MFA bool
	// Permissions is false for a federation session obtained without a
	// session policy: it can do nothing.
	Permissions bool
}

// Errors from VerifySession.
var (
	// ErrNotIssued: this server never issued the access key, or the secret
	// key or session token differs from what it issued (tampered).
	ErrNotIssued = errors.New("fakests: these credentials were not issued by this server")
	// ErrLongTermKeys: the access key is an IAM user's long-term key.
	ErrLongTermKeys = errors.New("fakests: long-term keys, not temporary credentials")
	// ErrExpired: issued here, but at or past their expiration (server clock).
	ErrExpired = errors.New("fakests: the credentials have expired")
)

// VerifySession checks that the credential trio was issued by this server,
// unchanged, and is unexpired on the server clock, and says what it is.
func (s *Server) VerifySession(accessKeyID, secretAccessKey, sessionToken string) (SessionInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[accessKeyID]; ok {
		if u.secret != secretAccessKey || sessionToken != "" {
			return SessionInfo{}, ErrNotIssued
		}
		return SessionInfo{}, ErrLongTermKeys
	}
	sess, ok := s.sessions[accessKeyID]
	if !ok || sess.creds.SecretAccessKey != secretAccessKey || sess.creds.SessionToken != sessionToken {
		return SessionInfo{}, ErrNotIssued
	}
	info := SessionInfo{
		CallerARN:        sess.callerARN,
		Account:          sess.account,
		Expiration:       sess.creds.Expiration,
		FromLongTermKeys: sess.fromLongTermKeys,
		MFA:              sess.mfa,
		Permissions:      !sess.noPermissions,
	}
	switch sess.kind {
	case kindRole:
		info.Kind = RoleSession
	case kindSessionToken:
		info.Kind = SessionTokenSession
	case kindFederation:
		info.Kind = FederationSession
	}
	if !s.nowLocked().Before(sess.creds.Expiration) {
		return info, ErrExpired
	}
	return info, nil
}
