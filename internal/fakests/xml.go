package fakests

import (
	"encoding/xml"
	"net/http"
	"time"
)

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// apiError is an STS error response.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func validationError(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "ValidationError", msg}
}

func accessDenied(msg string) *apiError {
	return &apiError{http.StatusForbidden, "AccessDenied", msg}
}

func notAuthorized(callerARN, action, resource string) *apiError {
	return accessDenied("User: " + callerARN + " is not authorized to perform: " + action + " on resource: " + resource)
}

var errMFAFailed = &apiError{http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."}

type errorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     errorBody
	RequestID string `xml:"RequestId"`
}

type errorBody struct {
	Type    string
	Code    string
	Message string
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// envelope is embedded last in every success response: the namespace and
// the ResponseMetadata element.
type envelope struct {
	Xmlns    string           `xml:"xmlns,attr"`
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

type response interface{ setRequestID(id string) }

func (e *envelope) setRequestID(id string) { e.Xmlns, e.Metadata.RequestID = stsNamespace, id }

type xmlCredentials struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

func toXMLCredentials(c Credentials) xmlCredentials {
	return xmlCredentials{c.AccessKeyID, c.SecretAccessKey, c.SessionToken, formatTime(c.Expiration)}
}

// formatTime is ISO 8601 UTC to the second: 2026-01-02T03:04:05Z.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

type assumedRoleUser struct {
	AssumedRoleID string `xml:"AssumedRoleId"`
	Arn           string
}

type assumeRoleResponse struct {
	XMLName xml.Name         `xml:"AssumeRoleResponse"`
	Result  assumeRoleResult `xml:"AssumeRoleResult"`
	envelope
}

type assumeRoleResult struct {
	SourceIdentity   string `xml:",omitempty"`
	AssumedRoleUser  assumedRoleUser
	Credentials      xmlCredentials
	PackedPolicySize *int `xml:",omitempty"`
}

type webIdentityResponse struct {
	XMLName xml.Name          `xml:"AssumeRoleWithWebIdentityResponse"`
	Result  webIdentityResult `xml:"AssumeRoleWithWebIdentityResult"`
	envelope
}

type webIdentityResult struct {
	Audience                    string
	SourceIdentity              string `xml:",omitempty"`
	AssumedRoleUser             assumedRoleUser
	Credentials                 xmlCredentials
	Provider                    string
	SubjectFromWebIdentityToken string
}

type sessionTokenResponse struct {
	XMLName xml.Name           `xml:"GetSessionTokenResponse"`
	Result  sessionTokenResult `xml:"GetSessionTokenResult"`
	envelope
}

type sessionTokenResult struct {
	Credentials xmlCredentials
}

type callerIdentityResponse struct {
	XMLName xml.Name             `xml:"GetCallerIdentityResponse"`
	Result  callerIdentityResult `xml:"GetCallerIdentityResult"`
	envelope
}

type callerIdentityResult struct {
	Arn     string
	UserID  string `xml:"UserId"`
	Account string
}

func writeXML(w http.ResponseWriter, status int, requestID string, v any) {
	body, err := xml.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, requestID string, e *apiError) {
	typ := "Sender"
	if e.status >= 500 {
		typ = "Receiver"
	}
	writeXML(w, e.status, requestID, errorResponse{
		Xmlns:     stsNamespace,
		Error:     errorBody{Type: typ, Code: e.code, Message: e.message},
		RequestID: requestID,
	})
}
