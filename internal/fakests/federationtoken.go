package fakests

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// GetFederationToken limits, from the STS API model and its documentation.
const (
	defaultFederationDuration = 43200
	maxFederationDuration     = 129600
	maxPolicyChars            = 2048
)

var policyCharsRe = regexp.MustCompile(`^[\x09\x0A\x0D\x20-\xFF]+$`)

const policyCharsPatt = `[\u0009\u000A\u000D\u0020-\u00FF]+`

// DenyFederationToken makes the IAM user's policy refuse
// sts:GetFederationToken, as an account that never granted it does.
func (s *Server) DenyFederationToken(userARN string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noFedUser[userARN] = true
}

func (s *Server) federationTokenLocked(c *caller, form url.Values) (response, *apiError) {
	if c.temporary() {
		return nil, accessDenied("Cannot call GetFederationToken with session credentials")
	}
	v := &validator{form: form}
	name, _ := v.str("Name", "name", true, 2, 32, sessionNameRe, sessionNamePatt)
	duration := v.integer("DurationSeconds", "durationSeconds", 900, maxFederationDuration, defaultFederationDuration)
	policy, hasPolicy := v.str("Policy", "policy", false, 1, maxPolicyChars, policyCharsRe, policyCharsPatt)
	v.lists()
	if err := v.err(); err != nil {
		return nil, err
	}
	if hasPolicy && !isPolicyDocument(policy) {
		return nil, &apiError{http.StatusBadRequest, "MalformedPolicyDocument", "The policy is not in the valid JSON format."}
	}
	partition := arnPartition(c.callerARN)
	fedARN := "arn:" + partition + ":sts::" + c.account + ":federated-user/" + name
	if s.noFedUser[c.callerARN] {
		return nil, notAuthorized(c.callerARN, "sts:GetFederationToken", fedARN)
	}
	withPolicy := hasPolicy || form.Has("PolicyArns.member.1")
	sess := &session{
		kind:          kindFederation,
		principal:     fedARN,
		callerARN:     fedARN,
		userID:        c.account + ":" + name,
		account:       c.account,
		noPermissions: !withPolicy,
	}
	creds := s.newSessionLocked(sess, time.Duration(duration)*time.Second)
	return &federationTokenResponse{Result: federationTokenResult{
		Credentials:      toXMLCredentials(creds),
		FederatedUser:    federatedUser{FederatedUserID: sess.userID, Arn: fedARN},
		PackedPolicySize: packedPolicySize(withPolicy || form.Has("Tags.member.1")),
	}}, nil
}

// isPolicyDocument is the fake's stand-in for IAM's policy grammar: a JSON
// object with a Statement.
func isPolicyDocument(policy string) bool {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return false
	}
	_, ok := doc["Statement"]
	return ok
}

type federatedUser struct {
	FederatedUserID string `xml:"FederatedUserId"`
	Arn             string
}

type federationTokenResponse struct {
	XMLName xml.Name              `xml:"GetFederationTokenResponse"`
	Result  federationTokenResult `xml:"GetFederationTokenResult"`
	envelope
}

type federationTokenResult struct {
	Credentials      xmlCredentials
	FederatedUser    federatedUser
	PackedPolicySize *int `xml:",omitempty"`
}
