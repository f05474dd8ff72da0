package fakests

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"time"
)

func (s *Server) webIdentityLocked(form url.Values) (response, *apiError) {
	v := &validator{form: form}
	p := v.roleParams()
	token, _ := v.str("WebIdentityToken", "webIdentityToken", true, 4, 20000, nil, "")
	v.str("ProviderId", "providerId", false, 4, 2048, nil, "")
	if err := v.err(); err != nil {
		return nil, err
	}
	if _, ok := parseRoleARN(p.roleARN); !ok {
		return nil, validationError(invalidARNMsg)
	}
	allowed, ok := s.webTokens[token]
	if !ok {
		return nil, &apiError{http.StatusBadRequest, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"}
	}
	r, known := s.roles[p.roleARN]
	if !known || !slices.Contains(allowed, p.roleARN) {
		return nil, accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity")
	}
	if time.Duration(p.duration)*time.Second > r.MaxSessionDuration {
		return nil, validationError(maxSessionMsg)
	}
	sess := roleSession(r.parsed, r.ARN, r.id, p.sessionName)
	creds := s.newSessionLocked(sess, time.Duration(p.duration)*time.Second)
	sum := sha256.Sum256([]byte(token))
	return &webIdentityResponse{Result: webIdentityResult{
		Audience:                    "sts.amazonaws.com",
		AssumedRoleUser:             assumedRoleUser{AssumedRoleID: sess.userID, Arn: sess.callerARN},
		Credentials:                 toXMLCredentials(creds),
		Provider:                    "fakests.invalid",
		SubjectFromWebIdentityToken: "fakests|" + hex.EncodeToString(sum[:8]),
	}}, nil
}
