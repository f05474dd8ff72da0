package fakests

import (
	"fmt"
	"time"
)

// Role is an IAM role the fake lets callers assume.
type Role struct {
	// ARN is arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.
	ARN string
	// Trust lists principals allowed to assume the role: IAM user ARNs
	// (long-term keys or their GetSessionToken sessions), role ARNs
	// (sessions of that role: chaining), "arn:PARTITION:iam::ACCOUNT:root"
	// or a bare 12-digit account id (any principal of that account).
	Trust []string
	// ExternalID, when set, must be sent as ExternalId.
	ExternalID string
	// RequireMFA demands a valid SerialNumber/TokenCode on the call or an
	// MFA-authenticated caller session (aws:MultiFactorAuthPresent).
	RequireMFA bool
	// MaxSessionDuration is 1h-12h; 0 means 1h, like IAM.
	MaxSessionDuration time.Duration
}

// Credentials are access keys issued by the fake.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string    // "" for long-term keys
	Expiration      time.Time // zero for long-term keys
}

type user struct {
	arn, account, id string
	akid, secret     string
}

type role struct {
	Role
	parsed roleARN
	id     string // AROA...
}

type sessionKind int

const (
	kindSessionToken sessionKind = iota // GetSessionToken output: acts as the user
	kindRole                            // AssumeRole* output
	kindFederation                      // GetFederationToken output: a federated user
)

type session struct {
	kind           sessionKind
	creds          Credentials
	principal      string // user ARN or role ARN: what trust policies name
	callerARN      string // user ARN or assumed-role ARN
	userID         string // AIDA... or AROA...:session
	account        string
	mfa            bool
	sourceIdentity string
	// fromLongTermKeys: a role session whose AssumeRole call was signed with
	// an IAM user's long-term keys, the only kind the console federation
	// endpoint lets ask for SessionDuration.
	fromLongTermKeys bool
	// noPermissions: a federation session obtained without a session policy.
	noPermissions bool
}

type mfaDevice struct {
	unused map[string]bool
	used   map[string]bool
}

// AddUser registers an IAM user (arn:PARTITION:iam::ACCOUNT:user/PATH/NAME)
// and returns a new long-term access key pair (AKIA...) for it. Calling it
// again for the same user adds another key pair.
func (s *Server) AddUser(userARN string) (accessKeyID, secretAccessKey string) {
	account, ok := parseUserARN(userARN)
	if !ok {
		panic(fmt.Sprintf("fakests: AddUser: invalid IAM user ARN %q", userARN))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUserLocked(userARN, account)
}

func (s *Server) addUserLocked(userARN, account string) (string, string) {
	id := newID("AIDA")
	if prev, ok := s.userARNs[userARN]; ok {
		id = prev.id
	}
	u := &user{arn: userARN, account: account, id: id, akid: s.uniqueKeyLocked("AKIA"), secret: newSecret()}
	s.users[u.akid] = u
	s.userARNs[userARN] = u
	return u.akid, u.secret
}

func (s *Server) uniqueKeyLocked(prefix string) string {
	for {
		k := newID(prefix)
		_, u := s.users[k]
		_, t := s.sessions[k]
		if !u && !t {
			return k
		}
	}
}

// AddMFADevice registers an MFA device by serial (an ARN such as
// arn:aws:iam::111111111111:mfa/alice, or a hardware serial) with the
// one-time codes it will accept. Each code is accepted once; a reused code
// fails like a wrong one.
func (s *Server) AddMFADevice(serial string, codes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.mfa[serial]
	if !ok {
		d = &mfaDevice{unused: map[string]bool{}, used: map[string]bool{}}
		s.mfa[serial] = d
	}
	for _, c := range codes {
		if !tokenCodeRe.MatchString(c) {
			panic(fmt.Sprintf("fakests: AddMFADevice: code %q is not 6 digits", c))
		}
		if !d.used[c] {
			d.unused[c] = true
		}
	}
}

// useMFACodeLocked consumes code on serial; false if unknown, wrong or reused.
func (s *Server) useMFACodeLocked(serial, code string) bool {
	d, ok := s.mfa[serial]
	if !ok || !d.unused[code] {
		return false
	}
	delete(d.unused, code)
	d.used[code] = true
	return true
}

// AddRole registers (or replaces) a role.
func (s *Server) AddRole(r Role) {
	parsed, ok := parseRoleARN(r.ARN)
	if !ok {
		panic(fmt.Sprintf("fakests: AddRole: invalid role ARN %q", r.ARN))
	}
	if r.MaxSessionDuration == 0 {
		r.MaxSessionDuration = time.Hour
	}
	if r.MaxSessionDuration < time.Hour || r.MaxSessionDuration > 12*time.Hour {
		panic(fmt.Sprintf("fakests: AddRole: MaxSessionDuration %s outside 1h-12h", r.MaxSessionDuration))
	}
	r.Trust = append([]string(nil), r.Trust...)
	s.mu.Lock()
	defer s.mu.Unlock()
	id := newID("AROA")
	if prev, ok := s.roles[r.ARN]; ok {
		id = prev.id
	}
	s.roles[r.ARN] = &role{Role: r, parsed: parsed, id: id}
}

// AddWebIdentityToken lets AssumeRoleWithWebIdentity use token for roleARN
// (the role must also be added with AddRole).
func (s *Server) AddWebIdentityToken(token, roleARN string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webTokens[token] = append(s.webTokens[token], roleARN)
}

// Issue mints credentials for a principal without an STS call:
//   - an IAM user ARN: long-term keys (temporary=false, as AddUser), or a
//     GetSessionToken-like session valid 12h without MFA (temporary=true);
//   - a role ARN or an assumed-role ARN (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION):
//     a role session valid 1h (temporary must be true); the role need not be added.
func (s *Server) Issue(principalARN string, temporary bool) Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	if account, ok := parseUserARN(principalARN); ok {
		u, known := s.userARNs[principalARN]
		if !known || !temporary {
			akid, secret := s.addUserLocked(principalARN, account)
			u = s.users[akid]
			if !temporary {
				return Credentials{AccessKeyID: akid, SecretAccessKey: secret}
			}
		}
		return s.newSessionLocked(&session{
			kind: kindSessionToken, principal: u.arn, callerARN: u.arn, userID: u.id, account: u.account,
		}, 12*time.Hour)
	}
	if !temporary {
		panic(fmt.Sprintf("fakests: Issue: %q: only IAM users have long-term keys", principalARN))
	}
	roleARNStr, sessionName := principalARN, "fakests-session"
	if p, name, sess, ok := parseAssumedRoleARN(principalARN); ok {
		roleARNStr, sessionName = p.partitionRoleARN(name), sess
		for arn, r := range s.roles {
			if r.parsed.account == p.account && r.parsed.name == name && r.parsed.partition == p.partition {
				roleARNStr = arn
			}
		}
	}
	parsed, ok := parseRoleARN(roleARNStr)
	if !ok {
		panic(fmt.Sprintf("fakests: Issue: %q is not a user, role or assumed-role ARN", principalARN))
	}
	roleID := newID("AROA")
	if r, ok := s.roles[roleARNStr]; ok {
		roleID = r.id
	}
	return s.newSessionLocked(roleSession(parsed, roleARNStr, roleID, sessionName), time.Hour)
}

func roleSession(parsed roleARN, arn, roleID, sessionName string) *session {
	return &session{
		kind:      kindRole,
		principal: arn,
		callerARN: parsed.assumedRoleARN(sessionName),
		userID:    roleID + ":" + sessionName,
		account:   parsed.account,
	}
}

// newSessionLocked fills in fresh temporary keys for sess and stores it.
func (s *Server) newSessionLocked(sess *session, d time.Duration) Credentials {
	if s.lifetime > 0 {
		d = time.Duration(float64(d) * s.lifetime)
	}
	sess.creds = Credentials{
		AccessKeyID:     s.uniqueKeyLocked("ASIA"),
		SecretAccessKey: newSecret(),
		SessionToken:    newToken(s.tokenMin, s.tokenMax),
		Expiration:      s.nowLocked().Add(d).Truncate(time.Second),
	}
	s.sessions[sess.creds.AccessKeyID] = sess
	return sess.creds
}

// trusts reports whether principal (of account) may assume r.
func (r *role) trusts(principal, account string) bool {
	for _, t := range r.Trust {
		if t == principal || t == account || t == "arn:"+arnPartition(principal)+":iam::"+account+":root" {
			return true
		}
	}
	return false
}
