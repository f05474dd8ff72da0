package fakesso

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// apiError is an error answer: status, the modelled exception name (the
// X-Amzn-ErrorType header), the OAuth error and its description.
type apiError struct {
	status      int
	code        string
	oauth       string
	description string
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, region := r.URL.Path, s.opts.Region
	if rest, ok := strings.CutPrefix(path, "/region/"); ok {
		region, path, _ = strings.Cut(rest, "/")
		path = "/" + path
	}
	switch {
	case r.Method == http.MethodPost && path == "/client/register":
		s.oidc(w, r, "RegisterClient", func(body map[string]any) (any, *apiError) { return s.registerClient(body, region) })
	case r.Method == http.MethodPost && path == "/device_authorization":
		s.oidc(w, r, "StartDeviceAuthorization", func(body map[string]any) (any, *apiError) { return s.startDevice(body, region) })
	case r.Method == http.MethodPost && path == "/token":
		s.oidc(w, r, "CreateToken", func(body map[string]any) (any, *apiError) { return s.createToken(body, region) })
	case r.Method == http.MethodGet && path == "/authorize":
		s.authorize(w, r, region)
	case r.Method == http.MethodGet && path == "/device":
		s.deviceApproval(w, r)
	case r.Method == http.MethodGet && path == "/federation/credentials":
		s.portalOp(w, r, "GetRoleCredentials", s.getRoleCredentials)
	case r.Method == http.MethodGet && path == "/assignment/accounts":
		s.portalOp(w, r, "ListAccounts", s.listAccounts)
	case r.Method == http.MethodGet && path == "/assignment/roles":
		s.portalOp(w, r, "ListAccountRoles", s.listAccountRoles)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

// oidc decodes a JSON request, runs op under the lock and answers.
func (s *Server) oidc(w http.ResponseWriter, r *http.Request, op string, handle func(map[string]any) (any, *apiError)) {
	var body map[string]any
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(data, &body)
	}
	s.mu.Lock()
	name := op
	if op == "CreateToken" {
		name += "/" + grantName(str(body, "grantType"))
	}
	var out any
	var e *apiError
	if err != nil {
		e = &apiError{400, "InvalidRequestException", "invalid_request", "malformed JSON"}
	} else {
		out, e = handle(body)
	}
	status := http.StatusOK
	code := ""
	if e != nil {
		status, code = e.status, e.code
	}
	s.record(name, status, code)
	s.mu.Unlock()
	if e != nil {
		writeJSON(w, e.status, e.code, map[string]string{"error": e.oauth, "error_description": e.description})
		return
	}
	writeJSON(w, http.StatusOK, "", out)
}

// portalOp authenticates the bearer token, applies latency and
// throttling, and answers.
func (s *Server) portalOp(w http.ResponseWriter, r *http.Request, op string, handle func(r *http.Request, user string) (any, *apiError)) {
	s.mu.Lock()
	latency := s.latency
	s.portalCalls++
	throttled := s.throttle > 0 && s.portalCalls%s.throttle == 0
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	s.mu.Lock()
	var out any
	var e *apiError
	switch user, ok := s.checkAccessLocked(r.Header.Get("x-amz-sso_bearer_token")); {
	case throttled:
		e = &apiError{status: http.StatusTooManyRequests, code: "TooManyRequestsException", description: "Rate exceeded"}
	case !ok:
		e = &apiError{status: http.StatusUnauthorized, code: "UnauthorizedException", description: "Session token not found or invalid"}
	default:
		out, e = handle(r, user)
	}
	status, code := http.StatusOK, ""
	if e != nil {
		status, code = e.status, e.code
	}
	s.record(op, status, code)
	s.mu.Unlock()
	if e != nil {
		writeJSON(w, e.status, e.code, map[string]string{"message": e.description})
		return
	}
	writeJSON(w, http.StatusOK, "", out)
}

func writeJSON(w http.ResponseWriter, status int, errType string, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Requestid", random("", 16))
	if errType != "" {
		w.Header().Set("X-Amzn-Errortype", errType)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func grantName(g string) string {
	if g == grantDevice {
		return "device_code"
	}
	return g
}

func str(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

func strs(m map[string]any, k string) []string {
	list, _ := m[k].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func suffix(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
