package fakests

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const apiVersion = "2011-06-15"

// ServeHTTP implements the STS query protocol.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, requestID, &apiError{http.StatusBadRequest, "MalformedInput", "could not read body"})
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		writeError(w, requestID, &apiError{http.StatusBadRequest, "MalformedQueryString", err.Error()})
		return
	}
	for k, v := range r.URL.Query() {
		form[k] = append(form[k], v...)
	}

	idx, delay := s.recordArrival(r, form)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			s.recordOutcome(idx, &apiError{status: 499, code: "ClientClosedRequest"})
			return
		case <-s.done:
			return
		}
	}

	s.mu.Lock()
	resp, apiErr := s.dispatchLocked(r, body, form, idx)
	s.recordOutcomeLocked(idx, apiErr)
	s.mu.Unlock()

	if apiErr != nil {
		writeError(w, requestID, apiErr)
		return
	}
	resp.setRequestID(requestID)
	writeXML(w, http.StatusOK, requestID, resp)
}

// recordArrival counts and records the request; it returns its index in
// s.requests and the delay to apply.
func (s *Server) recordArrival(r *http.Request, form url.Values) (int, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	action := form.Get("Action")
	rec := Request{
		Time:            s.nowLocked(),
		Action:          action,
		RoleARN:         form.Get("RoleArn"),
		RoleSessionName: form.Get("RoleSessionName"),
		ExternalID:      form.Get("ExternalId"),
		SerialNumber:    form.Get("SerialNumber"),
		TokenCode:       form.Get("TokenCode"),
		SourceIdentity:  form.Get("SourceIdentity"),
		Name:            form.Get("Name"),
		Policy:          form.Get("Policy"),
	}
	rec.DurationSeconds, _ = strconv.Atoi(form.Get("DurationSeconds"))
	if a, err := parseAuthHeader(r.Header.Get("Authorization")); err == nil {
		rec.AccessKeyID, rec.Region = a.akid, a.region
	}
	s.calls[action]++
	if strings.HasPrefix(action, "AssumeRole") && rec.RoleARN != "" {
		s.roleCalls[rec.RoleARN]++
	}
	s.requests = append(s.requests, rec)
	return len(s.requests) - 1, s.delay
}

func (s *Server) recordOutcome(idx int, e *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordOutcomeLocked(idx, e)
}

func (s *Server) recordOutcomeLocked(idx int, e *apiError) {
	rec := &s.requests[idx]
	rec.Status = http.StatusOK
	if e != nil {
		rec.Status, rec.ErrorCode = e.status, e.code
	}
}

func (s *Server) dispatchLocked(r *http.Request, body []byte, form url.Values, idx int) (response, *apiError) {
	action := form.Get("Action")
	if action == "" {
		return nil, &apiError{http.StatusBadRequest, "MissingAction", "Missing Action"}
	}
	if v := form.Get("Version"); v != apiVersion {
		return nil, &apiError{http.StatusBadRequest, "InvalidAction", "Could not find operation " + action + " for version " + v}
	}
	if len(s.failures) > 0 {
		f := s.failures[0]
		s.failures = s.failures[1:]
		return nil, &apiError{f.status, f.code, f.message}
	}
	switch action {
	case "AssumeRoleWithWebIdentity":
		return s.webIdentityLocked(form)
	case "AssumeRole", "GetSessionToken", "GetFederationToken", "GetCallerIdentity":
	default:
		return nil, &apiError{http.StatusBadRequest, "InvalidAction", "Could not find operation " + action + " for version " + apiVersion}
	}
	c, apiErr := s.authenticateLocked(r, body)
	if apiErr != nil {
		return nil, apiErr
	}
	s.requests[idx].Caller, s.requests[idx].Principal = c.callerARN, c.principal
	switch action {
	case "AssumeRole":
		return s.assumeRoleLocked(c, form)
	case "GetSessionToken":
		return s.sessionTokenLocked(c, form)
	case "GetFederationToken":
		return s.federationTokenLocked(c, form)
	default:
		return &callerIdentityResponse{Result: callerIdentityResult{Arn: c.callerARN, UserID: c.userID, Account: c.account}}, nil
	}
}
