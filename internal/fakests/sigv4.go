package fakests

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	sigv4Algorithm  = "AWS4-HMAC-SHA256"
	amzDateFormat   = "20060102T150405Z"
	maxClockSkew    = 15 * time.Minute
	invalidTokenMsg = "The security token included in the request is invalid."
	expiredTokenMsg = "The security token included in the request is expired"
	badSignatureMsg = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// caller is an authenticated principal.
type caller struct {
	akid      string
	principal string // user ARN or role ARN (what trust policies name)
	callerARN string // user ARN or assumed-role ARN
	userID    string
	account   string
	sess      *session // nil for long-term user keys
}

func (c *caller) temporary() bool { return c.sess != nil }

func (c *caller) mfaAuthenticated() bool { return c.sess != nil && c.sess.mfa }

func (c *caller) federated() bool { return c.sess != nil && c.sess.kind == kindFederation }

func (c *caller) sourceIdentity() string {
	if c.sess == nil {
		return ""
	}
	return c.sess.sourceIdentity
}

type authHeader struct {
	akid, date, region, service, terminator string
	signedHeaders                           []string
	signature                               string
}

func incompleteSignature(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "IncompleteSignature", msg}
}

func signatureMismatch(msg string) *apiError {
	return &apiError{http.StatusForbidden, "SignatureDoesNotMatch", msg}
}

func parseAuthHeader(h string) (authHeader, *apiError) {
	var a authHeader
	rest, ok := strings.CutPrefix(h, sigv4Algorithm+" ")
	if !ok {
		return a, incompleteSignature("Unsupported AWS 'algorithm': '" + strings.SplitN(h, " ", 2)[0] + "'")
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			fields[k] = v
		}
	}
	for _, k := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[k] == "" {
			return a, incompleteSignature(fmt.Sprintf("Authorization header requires '%s' parameter. Authorization=%s", k, h))
		}
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 || scope[0] == "" {
		return a, incompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + fields["Credential"] + "'")
	}
	a.akid, a.date, a.region, a.service, a.terminator = scope[0], scope[1], scope[2], scope[3], scope[4]
	a.signedHeaders = strings.Split(fields["SignedHeaders"], ";")
	a.signature = fields["Signature"]
	return a, nil
}

// authenticate verifies the SigV4 signature of r (whose body is body) and
// returns the caller. Call with s.mu held.
func (s *Server) authenticateLocked(r *http.Request, body []byte) (*caller, *apiError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, &apiError{http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token"}
	}
	a, err := parseAuthHeader(h)
	if err != nil {
		return nil, err
	}
	if a.service != "sts" {
		return nil, signatureMismatch("Credential should be scoped to correct service: 'sts'. ")
	}
	if a.terminator != "aws4_request" {
		return nil, signatureMismatch("Credential should be scoped with a valid terminator: 'aws4_request', not '" + a.terminator + "'. ")
	}
	amzDate := r.Header.Get("X-Amz-Date")
	signingTime, perr := time.Parse(amzDateFormat, amzDate)
	if perr != nil {
		return nil, incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + h)
	}
	if a.date != amzDate[:8] {
		return nil, signatureMismatch(fmt.Sprintf("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", a.date, amzDate[:8], amzDate))
	}
	// Clients sign with the wall clock, so skew is judged against it.
	wall := time.Now().UTC()
	if signingTime.Before(wall.Add(-maxClockSkew)) {
		return nil, signatureMismatch(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			amzDate, wall.Add(-maxClockSkew).Format(amzDateFormat), wall.Format(amzDateFormat)))
	}
	if signingTime.After(wall.Add(maxClockSkew)) {
		return nil, signatureMismatch(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			amzDate, wall.Add(maxClockSkew).Format(amzDateFormat), wall.Format(amzDateFormat)))
	}

	c, secret, token, cerr := s.lookupKeyLocked(a.akid, r.Header.Get("X-Amz-Security-Token"))
	if cerr != nil {
		return nil, cerr
	}
	if !containsString(a.signedHeaders, "host") {
		return nil, signatureMismatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	want, serr := recomputeSignature(r, body, a, signingTime, aws.Credentials{AccessKeyID: a.akid, SecretAccessKey: secret, SessionToken: token})
	if serr != nil {
		return nil, signatureMismatch(badSignatureMsg)
	}
	if !hmac.Equal([]byte(want), []byte(a.signature)) {
		return nil, signatureMismatch(badSignatureMsg)
	}
	return c, nil
}

// lookupKeyLocked finds the access key and checks its session token and
// expiry. It returns the token to sign with.
func (s *Server) lookupKeyLocked(akid, token string) (*caller, string, string, *apiError) {
	if u, ok := s.users[akid]; ok {
		if token != "" {
			return nil, "", "", &apiError{http.StatusForbidden, "InvalidClientTokenId", invalidTokenMsg}
		}
		return &caller{akid: akid, principal: u.arn, callerARN: u.arn, userID: u.id, account: u.account}, u.secret, "", nil
	}
	sess, ok := s.sessions[akid]
	if !ok || token != sess.creds.SessionToken {
		return nil, "", "", &apiError{http.StatusForbidden, "InvalidClientTokenId", invalidTokenMsg}
	}
	if !s.nowLocked().Before(sess.creds.Expiration) {
		return nil, "", "", &apiError{http.StatusForbidden, "ExpiredToken", expiredTokenMsg}
	}
	return &caller{akid: akid, principal: sess.principal, callerARN: sess.callerARN, userID: sess.userID, account: sess.account, sess: sess},
		sess.creds.SecretAccessKey, token, nil
}

// recomputeSignature signs a copy of r holding only the headers the client
// signed, with the aws-sdk-go-v2 v4 signer, and returns the signature.
func recomputeSignature(r *http.Request, body []byte, a authHeader, signingTime time.Time, creds aws.Credentials) (string, error) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	req, err := http.NewRequest(r.Method, scheme+"://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return "", err
	}
	req.Host = r.Host
	for _, name := range a.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			req.ContentLength = int64(len(body))
		default:
			req.Header[textproto.CanonicalMIMEHeaderKey(name)] = r.Header.Values(name)
		}
	}
	if !containsString(a.signedHeaders, "x-amz-security-token") {
		creds.SessionToken = ""
	}
	sum := sha256.Sum256(body)
	signer := v4.NewSigner()
	if err := signer.SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), a.service, a.region, signingTime); err != nil {
		return "", err
	}
	got, aerr := parseAuthHeader(req.Header.Get("Authorization"))
	if aerr != nil {
		return "", aerr
	}
	if strings.Join(got.signedHeaders, ";") != strings.Join(a.signedHeaders, ";") {
		return "", fmt.Errorf("signed headers differ: %v vs %v", got.signedHeaders, a.signedHeaders)
	}
	return got.signature, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
