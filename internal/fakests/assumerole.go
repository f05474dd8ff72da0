package fakests

import (
	"net/url"
	"time"
)

const (
	defaultRoleDuration = 3600
	chainedMaxDuration  = 3600
	chainingLimitMsg    = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
	maxSessionMsg       = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
	invalidARNMsg       = "Request ARN is invalid"
)

// roleParams are the parameters AssumeRole and AssumeRoleWithWebIdentity share.
type roleParams struct {
	roleARN, sessionName string
	duration             int
	sessionPolicy        bool // Policy, PolicyArns or Tags given: PackedPolicySize is returned
}

func (v *validator) roleParams() roleParams {
	var p roleParams
	p.roleARN, _ = v.str("RoleArn", "roleArn", true, 20, 2048, arnCharsRe, arnCharsPattern)
	p.sessionName, _ = v.str("RoleSessionName", "roleSessionName", true, 2, 64, sessionNameRe, sessionNamePatt)
	p.duration = v.integer("DurationSeconds", "durationSeconds", 900, 43200, defaultRoleDuration)
	_, hasPolicy := v.str("Policy", "policy", false, 1, 2048, nil, "")
	v.lists()
	p.sessionPolicy = hasPolicy || v.form.Has("PolicyArns.member.1") || v.form.Has("Tags.member.1")
	return p
}

func (s *Server) assumeRoleLocked(c *caller, form url.Values) (response, *apiError) {
	v := &validator{form: form}
	p := v.roleParams()
	externalID, hasExternalID := v.str("ExternalId", "externalId", false, 2, 1224, externalIDRe, externalIDPatt)
	serial, code, hasSerial, hasCode := v.mfaParams()
	sourceID, hasSourceID := v.sourceIdentity()
	if err := v.err(); err != nil {
		return nil, err
	}
	if _, ok := parseRoleARN(p.roleARN); !ok {
		return nil, validationError(invalidARNMsg)
	}
	if err := checkMFAPair(hasSerial, hasCode); err != nil {
		return nil, err
	}
	mfaOnCall := false
	if hasSerial {
		if !s.useMFACodeLocked(serial, code) {
			return nil, errMFAFailed
		}
		mfaOnCall = true
	}

	denied := notAuthorized(c.callerARN, "sts:AssumeRole", p.roleARN)
	if c.federated() { // GetFederationToken output may call no STS action but GetCallerIdentity
		return nil, denied
	}
	r, ok := s.roles[p.roleARN]
	if !ok || !r.trusts(c.principal, c.account) {
		return nil, denied
	}
	if r.ExternalID != "" && (!hasExternalID || externalID != r.ExternalID) {
		return nil, denied
	}
	if r.RequireMFA && !mfaOnCall && !c.mfaAuthenticated() {
		return nil, denied
	}
	if inherited := c.sourceIdentity(); inherited != "" {
		if hasSourceID && sourceID != inherited {
			return nil, notAuthorized(c.callerARN, "sts:SetSourceIdentity", p.roleARN)
		}
		sourceID = inherited
	}

	if c.temporary() && p.duration > chainedMaxDuration {
		return nil, validationError(chainingLimitMsg)
	}
	if time.Duration(p.duration)*time.Second > r.MaxSessionDuration {
		return nil, validationError(maxSessionMsg)
	}

	sess := roleSession(r.parsed, r.ARN, r.id, p.sessionName)
	sess.sourceIdentity = sourceID
	sess.fromLongTermKeys = !c.temporary()
	creds := s.newSessionLocked(sess, time.Duration(p.duration)*time.Second)
	return &assumeRoleResponse{Result: assumeRoleResult{
		SourceIdentity:   sourceID,
		AssumedRoleUser:  assumedRoleUser{AssumedRoleID: sess.userID, Arn: sess.callerARN},
		Credentials:      toXMLCredentials(creds),
		PackedPolicySize: packedPolicySize(p.sessionPolicy),
	}}, nil
}

func packedPolicySize(given bool) *int {
	if !given {
		return nil
	}
	n := 6
	return &n
}
